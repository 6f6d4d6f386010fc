/**
 * The visitor's page and the host's visitor screens speak Chinese and English in full: every
 * text in both languages with the same placeholders, every key the screens ask for present, and
 * words for every code the hub refuses a visitor's request or a host's answer with.
 */
import t from 'tap'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { VISITOR_HOST_TEXTS } from '../../../hub/web/phone/visitors/visitor-host-texts.js'
import { COMMON_TEXTS } from '../../../hub/web/shared/common-texts.js'
import { VISITOR_PASS_TEXTS } from '../../../hub/web/visitor/visitor-pass-texts.js'
import { VISITOR_TEXTS } from '../../../hub/web/visitor/visitor-texts.js'

const SETS = { VISITOR_TEXTS, VISITOR_PASS_TEXTS, VISITOR_HOST_TEXTS }
const DIRS = [join(import.meta.dirname, '../../../hub/web/visitor'), join(import.meta.dirname, '../../../hub/web/phone/visitors')]

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()

t.test('every visitor text exists in Chinese and in English, non-empty, with the same placeholders', async (t) => {
  for (const [name, set] of Object.entries(SETS)) {
    t.same(Object.keys(set.en).sort(), Object.keys(set.zh).sort(), `${name}: the same keys in both languages`)
    for (const [key, zh] of Object.entries(set.zh)) {
      const en = set.en[key] ?? ''
      t.ok(zh.trim() !== '' && en.trim() !== '', `${name} ${key} is not empty`)
      t.same(placeholders(en), placeholders(zh), `${name} ${key}: the same placeholders`)
    }
  }
})

t.test('every text key the visitor screens name is defined', async (t) => {
  const defined = new Set([...Object.keys(COMMON_TEXTS.zh), ...Object.values(SETS).flatMap((set) => Object.keys(set.zh))])
  const named = new Set<string>()
  for (const dir of DIRS) {
    for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts') && !name.endsWith('-texts.ts'))) {
      for (const match of readFileSync(join(dir, file), 'utf8').matchAll(/'((?:visit|visitPass|host|state|action|error|form)\.[A-Za-z0-9.]*[A-Za-z0-9])'/g)) named.add(match[1]!)
    }
  }
  t.ok(named.size > 40, `the screens name ${named.size} keys`)
  t.same([...named].filter((key) => !defined.has(key)), [], 'none is missing')
})

t.test('every code the hub refuses a visitor or a host with has words in both languages', async (t) => {
  const visitorCodes = ['RATE_LIMITED', 'UNKNOWN_GATE', 'BAD_PHONE', 'BAD_HOST_PHONE', 'BAD_EXPECTED_TIME', 'HOST_NOT_FOUND', 'HOUSEHOLD_AMBIGUOUS', 'HOST_REQUIRED', 'INVALID_REQUEST', 'NETWORK', 'NOT_FOUND']
  const hostCodes = ['REQUEST_NOT_PENDING', 'REQUEST_LAPSED', 'BAD_VISITOR_PASS', 'HOST_HAS_NO_BUILDING', 'ALREADY_REVOKED', 'OUT_OF_SCOPE', 'NOT_FOUND']
  const has = (set: Readonly<Record<string, string>>, code: string) => `error.${code}` in set
  for (const code of visitorCodes) {
    for (const lang of ['zh', 'en'] as const) t.ok(`error.${code}` in COMMON_TEXTS[lang] || has(VISITOR_TEXTS[lang], code), `visitor page: error.${code} in ${lang}`)
  }
  for (const code of hostCodes) {
    for (const lang of ['zh', 'en'] as const) t.ok(`error.${code}` in COMMON_TEXTS[lang] || has(VISITOR_HOST_TEXTS[lang], code), `phone app: error.${code} in ${lang}`)
  }
})
