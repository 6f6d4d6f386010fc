/**
 * The checkpoint staff view speaks Chinese and English in full: every text in both languages
 * with the same placeholders, every key the screens ask for present, and words for every code
 * the gate can answer a staff act with (a volunteer never sees a bare code).
 */
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { COMMAND_ERROR_CODES } from '../../../protocol/mqtt/messages/command-reply.js'
import { COMMON_TEXTS } from '../../../hub/web/shared/common-texts.js'
import { LANE_TEXTS, POSTER_WORDING } from '../../../hub/web/staff/lane-texts.js'
import { QUEUE_TEXTS } from '../../../hub/web/staff/queue-texts.js'
import { RETURNEE_TEXTS } from '../../../hub/web/staff/returnee-texts.js'
import { STAFF_TEXTS } from '../../../hub/web/staff/staff-texts.js'

const SETS = { QUEUE_TEXTS, RETURNEE_TEXTS, LANE_TEXTS, STAFF_TEXTS }
const STAFF_DIR = join(import.meta.dirname, '../../../hub/web/staff')

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()

t.test('every staff text exists in Chinese and in English, non-empty, with the same placeholders', async (t) => {
  for (const [name, set] of Object.entries(SETS)) {
    t.same(Object.keys(set.en).sort(), Object.keys(set.zh).sort(), `${name}: the same keys in both languages`)
    for (const [key, zh] of Object.entries(set.zh)) {
      const en = set.en[key] ?? ''
      t.ok(zh.trim() !== '' && en.trim() !== '', `${name} ${key} is not empty`)
      t.same(placeholders(en), placeholders(zh), `${name} ${key}: the same placeholders`)
    }
  }
  for (const line of [POSTER_WORDING.heading, POSTER_WORDING.link, ...POSTER_WORDING.steps]) t.ok(line.zh.trim().length > 0 && line.en.trim().length > 0, `poster line ${line.en}`)
})

t.test('every text key the staff screens name is defined', async (t) => {
  const defined = new Set([...Object.keys(COMMON_TEXTS.zh), ...Object.values(SETS).flatMap((set) => Object.keys(set.zh))])
  const sources = readdirSync(STAFF_DIR).filter((file) => file.endsWith('.ts') && !file.endsWith('-texts.ts'))
  const named = new Set<string>()
  for (const file of sources) {
    for (const match of readFileSync(join(STAFF_DIR, file), 'utf8').matchAll(/'((?:staff|state|action|error|form)\.[A-Za-z0-9.]*[A-Za-z0-9])'/g)) named.add(match[1]!)
  }
  t.ok(named.size > 40, `the screens name ${named.size} keys`)
  t.same([...named].filter((key) => !defined.has(key)), [], 'none is missing')
})

t.test('every code the gate answers a staff act with has words in both languages', async (t) => {
  for (const code of COMMAND_ERROR_CODES) {
    const key = `error.${code}`
    t.ok((key in COMMON_TEXTS.zh || key in QUEUE_TEXTS.zh) && (key in COMMON_TEXTS.en || key in QUEUE_TEXTS.en), key)
  }
})
