import { validateAgainstSchema, type SchemaCheck } from '../../../edge/src/config/validate-against-schema.js'
import { isValidBaseTopic } from '../../../protocol/mqtt/topics.js'
import { HubConfig } from './hub-config.js'

/**
 * Parses and checks a hub config file (empty text: every default). Every violation is listed at
 * once; cross-field rules the schema cannot state come after it.
 */
export function loadHubConfig(fileText: string): SchemaCheck<HubConfig> {
  let parsed: unknown = {}
  if (fileText.trim() !== '') {
    try {
      parsed = JSON.parse(fileText)
    } catch (error) {
      return { ok: false, violations: [`not JSON: ${(error as Error).message}`] }
    }
  }
  const checked = validateAgainstSchema(HubConfig, parsed)
  if (!checked.ok) return checked
  const { mqtt } = checked.value
  const violations: string[] = []
  if (mqtt.mode === 'external') {
    if (mqtt.externalUsername === undefined) violations.push('/mqtt/externalUsername: required in external mode')
    if (mqtt.externalPasswordFile === undefined) violations.push('/mqtt/externalPasswordFile: required in external mode')
  } else if (mqtt.mosquittoPasswordFile !== undefined || mqtt.mosquittoPidFile !== undefined) {
    violations.push('/mqtt/mosquittoPasswordFile: only in external mode (the embedded broker keeps its own credentials)')
  }
  if (mqtt.mosquittoPidFile !== undefined && mqtt.mosquittoPasswordFile === undefined) {
    violations.push('/mqtt/mosquittoPidFile: needs mosquittoPasswordFile')
  }
  violations.push(...homeAssistantViolations(checked.value.homeAssistant))
  if (checked.value.metrics.enabled && checked.value.metrics.bearerTokenSha256 === undefined) {
    violations.push('/metrics/bearerTokenSha256: required when metrics are enabled (docs/metrics.md)')
  }
  return violations.length > 0 ? { ok: false, violations } : checked
}

function homeAssistantViolations(homeAssistant: HubConfig['homeAssistant']): string[] {
  const violations: string[] = []
  if (homeAssistant.enabled && homeAssistant.brokerUrl === undefined) violations.push('/homeAssistant/brokerUrl: required when Home Assistant is enabled')
  if (homeAssistant.passwordFile !== undefined && homeAssistant.username === undefined) violations.push('/homeAssistant/passwordFile: needs username')
  for (const field of ['discoveryPrefix', 'stateBase'] as const) {
    if (!isValidBaseTopic(homeAssistant[field])) violations.push(`/homeAssistant/${field}: topic levels of letters, digits, "_", "." and "-", at most 8`)
  }
  return violations
}
