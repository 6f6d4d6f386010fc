import { readFileSync } from 'node:fs'
import type { HubConfig } from '../config/hub-config.js'
import { loadHubConfig } from '../config/load-hub-config.js'

export type HubConfigFileResult = { readonly ok: true; readonly config: HubConfig } | { readonly ok: false; readonly violations: string[] }

/** The hub config from `path` (undefined: every default), every violation listed. */
export function readHubConfigFile(path: string | undefined): HubConfigFileResult {
  let text = ''
  try {
    text = path === undefined ? '' : readFileSync(path, 'utf8')
  } catch (error) {
    return { ok: false, violations: [`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`] }
  }
  const loaded = loadHubConfig(text)
  return loaded.ok ? { ok: true, config: loaded.value } : { ok: false, violations: loaded.violations }
}

/** The lines a command prints for a config it cannot use. */
export function configViolationText(command: string, violations: readonly string[]): string {
  return `${command}: invalid configuration:\n${violations.map((violation) => `  - ${violation}`).join('\n')}`
}
