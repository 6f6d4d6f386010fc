/**
 * The management screens' texts (hub/web/admin/management): every key in both languages, the
 * same {placeholders} in both, nothing empty, and every text key the screens' code names
 * literally exists — so no label ever shows as a bare key or in one language only.
 */
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DECLARATION_STATUSES } from '../../../hub/src/adapters/sqlite/people/tenant-declaration-repository.js'
import { TIMED_ORDER_STATES } from '../../../hub/src/adapters/sqlite/access/timed-order-rows.js'
import { PERSON_ROLE_VALUES, PERSON_STATUS_VALUES, RELATION_VALUES } from '../../../hub/src/adapters/http/people/person-view-schema.js'
import { RULE_SUBJECT_KINDS, RULE_TARGET_KINDS } from '../../../hub/src/domain/access/access-rule-check.js'
import { DOOR_LANES, FAIL_MODES } from '../../../hub/src/domain/access/door-settings.js'
import { TIMED_ORDER_STATUSES } from '../../../hub/src/domain/access/timed-order.js'
import { HUB_ROLES } from '../../../hub/src/domain/caller.js'
import { TRANSPORT_MODES } from '../../../hub/src/domain/people/returnee-answers.js'
import { POLICY_CREDENTIAL_KINDS } from '../../../protocol/policy/policy-credential.js'
import { ANTI_PASSBACK_MODES, DOOR_KINDS, TEMPERATURE_ENFORCEMENTS } from '../../../protocol/policy/policy-door.js'
import { OBSERVATION_SUBJECT_KINDS } from '../../../protocol/policy/policy-observation.js'
type Texts = Readonly<Record<string, string>>
interface TextSet {
  readonly zh: Texts
  readonly en: Texts
}

/**
 * The texts modules, loaded by path: they are browser code (hub/web, compiled by its own
 * tsconfig with the DOM library), so a static import would pull DOM code into the Node program.
 */
async function textSet(path: string, name: string): Promise<TextSet> {
  const loaded = (await import(new URL(`../../../${path}`, import.meta.url).href)) as Record<string, unknown>
  const set = loaded[name] as TextSet | undefined
  if (set === undefined || typeof set.zh !== 'object' || typeof set.en !== 'object') throw new Error(`${path} exports no text set ${name}`)
  return set
}

const SETS: Record<string, TextSet> = {
  MANAGEMENT_TEXTS: await textSet('hub/web/admin/management/shared/management-texts.ts', 'MANAGEMENT_TEXTS'),
  CREDENTIAL_TEXTS: await textSet('hub/web/admin/management/access/credential-texts.ts', 'CREDENTIAL_TEXTS'),
  PEOPLE_TEXTS: await textSet('hub/web/admin/management/people/people-texts.ts', 'PEOPLE_TEXTS'),
  ACCESS_TEXTS: await textSet('hub/web/admin/management/access/access-texts.ts', 'ACCESS_TEXTS'),
  HEALTH_TEXTS: await textSet('hub/web/admin/management/health/health-texts.ts', 'HEALTH_TEXTS'),
  TENANT_TEXTS: await textSet('hub/web/admin/management/tenants/tenant-texts.ts', 'TENANT_TEXTS'),
  ACCOUNTS_TEXTS: await textSet('hub/web/admin/management/accounts/accounts-texts.ts', 'ACCOUNTS_TEXTS'),
  PHONE_LINK_TEXTS: await textSet('hub/web/admin/management/people/phone-link-texts.ts', 'PHONE_LINK_TEXTS'),
}
const COMMON_TEXTS = await textSet('hub/web/shared/common-texts.ts', 'COMMON_TEXTS')
const AREA = 'hub/web/admin/management'
/** Prefixes of the area's own keys; a quoted string starting with one of them in the code is a text key. */
const KEY_PATTERN = /'((?:people|places|credentials|access|doors|doorGroups|schedules|rules|health|returnees|tenants|accounts|management)\.[A-Za-z0-9.-]*[A-Za-z0-9])'/g

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sourceFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : []))
}

t.test('every management text exists in Chinese and English with the same placeholders', async (t) => {
  for (const [name, set] of Object.entries(SETS)) {
    t.same(Object.keys(set.zh).sort(), Object.keys(set.en).sort(), `${name}: the same keys in zh and en`)
    for (const [key, zh] of Object.entries(set.zh)) {
      const en = set.en[key] ?? ''
      if (zh.trim() === '' || en.trim() === '') t.fail(`${name} ${key} is empty in a language`)
      if (placeholders(zh).join() !== placeholders(en).join()) t.fail(`${name} ${key}: placeholders differ (${zh} / ${en})`)
    }
  }
})

t.test('every text key the management screens name is defined', async (t) => {
  const known = new Set([...Object.values(SETS), COMMON_TEXTS].flatMap((set) => Object.keys(set.zh)))
  const missing: string[] = []
  let named = 0
  for (const file of sourceFiles(AREA)) {
    if (file.endsWith('-texts.ts')) continue
    for (const match of readFileSync(file, 'utf8').matchAll(KEY_PATTERN)) {
      named += 1
      const key = match[1] ?? ''
      if (!known.has(key)) missing.push(`${file}: ${key}`)
    }
  }
  t.ok(named > 50, `the scan finds the keys the screens name (${named})`)
  t.same(missing, [], 'no key is missing')
})

t.test('every value the hub can answer with has words in the screens', async (t) => {
  const known = new Set(Object.values(SETS).flatMap((set) => Object.keys(set.zh)))
  /** Text key prefix → the hub's own list of values (a value added there without words fails here). */
  const families: Record<string, readonly string[]> = {
    'people.role.': PERSON_ROLE_VALUES,
    'people.relation.': RELATION_VALUES,
    'people.status.': PERSON_STATUS_VALUES,
    'credentials.kind.': POLICY_CREDENTIAL_KINDS,
    'credentials.status.': ['active', 'revoked'],
    'doors.kind.': DOOR_KINDS,
    'doors.lane.': DOOR_LANES,
    'doors.failMode.': FAIL_MODES,
    'doors.antiPassback.': ANTI_PASSBACK_MODES,
    'doors.temperature.': TEMPERATURE_ENFORCEMENTS,
    'doors.temperatureEnforcement.': TEMPERATURE_ENFORCEMENTS,
    'rules.subject.': RULE_SUBJECT_KINDS,
    'rules.target.': RULE_TARGET_KINDS,
    'schedules.day.': ['0', '1', '2', '3', '4', '5', '6'],
    'health.status.': TIMED_ORDER_STATUSES,
    'health.state.': TIMED_ORDER_STATES,
    'health.subject.': OBSERVATION_SUBJECT_KINDS,
    'health.observation.placeIntro.': OBSERVATION_SUBJECT_KINDS,
    'returnees.transport.': TRANSPORT_MODES,
    'returnees.q4.': ['hasFever', 'hasRespiratorySymptoms', 'hasContactWithCases', 'hasVisitedRiskArea'],
    'tenants.status.': DECLARATION_STATUSES,
    'accounts.role.': HUB_ROLES,
  }
  const missing = Object.entries(families).flatMap(([prefix, values]) => values.map((value) => prefix + value).filter((key) => !known.has(key)))
  t.same(missing, [], 'no value without words')
})
