/**
 * The monitoring screens' texts (hub/web/admin/monitoring): every key in both languages with the
 * same {placeholders}, nothing empty, every key the code names literally exists, and every alert
 * kind, device kind and state, lane and credential kind the hub can send has words.
 */
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ALERT_KINDS } from '../../../hub/src/domain/ledger/alert-intent.js'
import { CREDENTIAL_KINDS } from '../../../protocol/mqtt/messages/access-event.js'
import { DEVICE_KINDS, DEVICE_STATES } from '../../../protocol/mqtt/messages/edge-status.js'

type Texts = Readonly<Record<string, string>>

/** Loaded by path: hub/web is browser code compiled by its own tsconfig (DOM library). */
const loaded = (await import(new URL('../../../hub/web/admin/monitoring/monitoring-texts.ts', import.meta.url).href)) as { MONITORING_TEXTS: { zh: Texts; en: Texts } }
const { zh, en } = loaded.MONITORING_TEXTS
const common = ((await import(new URL('../../../hub/web/shared/common-texts.ts', import.meta.url).href)) as { COMMON_TEXTS: { zh: Texts } }).COMMON_TEXTS.zh
const AREA = 'hub/web/admin/monitoring'
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).filter((name) => name.endsWith('.ts')).map((name) => join(folder, name))
}

t.test('every monitoring text exists in Chinese and English with the same placeholders, none empty', async (t) => {
  t.same(Object.keys(zh).sort(), Object.keys(en).sort(), 'the same keys in both languages')
  for (const key of Object.keys(zh)) {
    t.ok(zh[key]!.trim().length > 0 && en[key]!.trim().length > 0, `${key} is not empty`)
    t.same(placeholders(zh[key]!), placeholders(en[key]!), `${key} has the same placeholders`)
  }
  t.ok(Object.keys(zh).every((key) => key.startsWith('mon.') || key.startsWith('error.')), 'the area keeps to its own prefix (and the hub codes it meets)')
})

t.test('every text key the monitoring code names exists', async (t) => {
  const named = new Set<string>()
  for (const file of sourceFiles(AREA)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/'((?:mon|state|action|error|form)\.[A-Za-z0-9.-]*[A-Za-z0-9])'/g)) named.add(match[1]!)
  }
  t.ok(named.size > 50, `the code names ${named.size} keys`)
  for (const key of named) t.ok(key in zh || key in common, `${key} has a text`)
})

t.test('every alert kind, device kind and state, lane, checkpoint state and credential kind has words', async (t) => {
  const families: [string, readonly string[]][] = [
    ['mon.alert.', ALERT_KINDS],
    ['mon.device.', DEVICE_KINDS],
    ['mon.deviceState.', DEVICE_STATES],
    ['mon.lane.', ['residents', 'returnees', 'assisted']],
    ['mon.state.', ['online', 'offline', 'never-seen']],
    ['mon.credential.', CREDENTIAL_KINDS],
  ]
  for (const [prefix, values] of families) {
    for (const value of values) t.ok(`${prefix}${value}` in zh, `${prefix}${value}`)
  }
})
