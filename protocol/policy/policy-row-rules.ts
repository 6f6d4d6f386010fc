/**
 * Rules across the columns of one row that a JSON schema cannot state: intervals that end after
 * they start, windows and holiday dates that parse, credential kinds that agree with their lookup
 * keys and their visitor or pass columns. Run only on rows that already match their schema.
 */
import type { PolicyEntityName, PolicyRowOf } from './policy-entities.js'
import type { PolicyRowViolation } from './policy-row-violation.js'
import { lookupKeyPrefix, type LookupKeyPrefix } from './credential-lookup-key.js'
import { dayNumberOf } from './local-time.js'
import { parseScheduleWindow } from './schedule-window.js'

type Rules = { readonly [E in PolicyEntityName]?: (row: PolicyRowOf<E>) => PolicyRowViolation[] }

const PREFIX_OF_KIND: Record<string, LookupKeyPrefix | null> = {
  card: 'card',
  pin: 'pin',
  'entry-pass': 'pass',
  phone: 'phone',
  visitor: null,
}

const RULES: Rules = {
  credential: credentialViolations,
  schedule: scheduleViolations,
  observation: (row) => interval(row.startsAtMs, row.endsAtMs, '/endsAtMs'),
  'medical-exception': (row) => interval(row.startsAtMs, row.endsAtMs, '/endsAtMs'),
  lockdown: (row) => interval(row.startsAtMs, row.endsAtMs, '/endsAtMs'),
}

export function policyRowRuleViolations<E extends PolicyEntityName>(entity: E, row: PolicyRowOf<E>): PolicyRowViolation[] {
  const rule = RULES[entity] as ((row: PolicyRowOf<E>) => PolicyRowViolation[]) | undefined
  return rule === undefined ? [] : rule(row)
}

function credentialViolations(row: PolicyRowOf<'credential'>): PolicyRowViolation[] {
  const violations: PolicyRowViolation[] = []
  if (row.validFromMs !== null && row.validUntilMs !== null) {
    violations.push(...interval(row.validFromMs, row.validUntilMs, '/validUntilMs'))
  }
  const expectedPrefix = PREFIX_OF_KIND[row.kind]
  if (expectedPrefix && lookupKeyPrefix(row.lookupKey) !== expectedPrefix) {
    violations.push(violation('/lookupKey', 'KIND_MISMATCH', `a ${row.kind} credential's lookup key starts "${expectedPrefix}:"`))
  }
  const isVisitor = row.kind === 'visitor'
  for (const field of ['hostPersonId', 'hostBuildingId', 'validUntilMs'] as const) {
    if (isVisitor && row[field] === null) violations.push(violation(`/${field}`, 'MISSING_FIELD', `a visitor pass needs ${field}`))
  }
  for (const field of ['hostPersonId', 'hostBuildingId'] as const) {
    if (!isVisitor && row[field] !== null) {
      violations.push(violation(`/${field}`, 'UNEXPECTED_FIELD', `only a visitor pass has ${field}`))
    }
  }
  if (row.kind !== 'entry-pass' && row.boundPhoneKeyId !== null) {
    violations.push(violation('/boundPhoneKeyId', 'UNEXPECTED_FIELD', 'only an entry pass is bound to a phone'))
  }
  return violations
}

function scheduleViolations(row: PolicyRowOf<'schedule'>): PolicyRowViolation[] {
  const violations: PolicyRowViolation[] = []
  for (const field of ['windows', 'holidayWindows'] as const) {
    row[field].forEach((text, index) => {
      const parsed = parseScheduleWindow(text)
      if (!parsed.ok) violations.push(violation(`/${field}/${index}`, 'BAD_WINDOW', parsed.message))
    })
  }
  row.holidays.forEach((date, index) => {
    if (dayNumberOf(date) === null) violations.push(violation(`/holidays/${index}`, 'BAD_DATE', `${date} is not a calendar date`))
  })
  return violations
}

function interval(startMs: number, endMs: number, path: string): PolicyRowViolation[] {
  return endMs > startMs ? [] : [violation(path, 'EMPTY_INTERVAL', 'the end must come after the start')]
}

function violation(path: string, code: PolicyRowViolation['code'], message: string): PolicyRowViolation {
  return { path, code, message }
}
