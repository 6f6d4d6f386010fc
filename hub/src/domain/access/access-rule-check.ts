import type { PersonRole } from '../../../../protocol/policy/policy-person.js'
import { accessFailure, accessSuccess, type AccessOutcome } from './access-failure.js'
import { checkValidityWindow } from './validity-window.js'

/** Who a rule is for (m003 access_rules comment). */
export const RULE_SUBJECT_KINDS = ['person', 'household', 'unit', 'building', 'grid', 'role'] as const
export type RuleSubjectKind = (typeof RULE_SUBJECT_KINDS)[number]

/** Where it lets them through. */
export const RULE_TARGET_KINDS = ['door', 'door-group', 'gates', 'building', 'own-building'] as const
export type RuleTargetKind = (typeof RULE_TARGET_KINDS)[number]

/** Roles a rule may name; visitors are scoped by their pass, never by a rule. */
export const RULE_SUBJECT_ROLES = ['resident', 'tenant', 'staff'] as const

export interface AccessRuleInput {
  readonly subjectKind: RuleSubjectKind
  readonly subjectId: string
  readonly targetKind: RuleTargetKind
  readonly targetId: string | null
  readonly scheduleId: string | null
  readonly isLockdownExempt: boolean
  readonly validFromMs: number | null
  readonly validUntilMs: number | null
}

/**
 * The rules of one access rule that need no database: a target names a door, group or building
 * unless it is every gate or the subject's own building; a role rule names a role a person can
 * have; the validity window ends after it starts; and only staff pass a sealed building
 * (`isLockdownExempt` on the role "staff", or on a person whose role is staff — `subjectPersonRole`
 * is that person's role, looked up by the caller).
 */
export function checkAccessRule(rule: AccessRuleInput, subjectPersonRole: PersonRole | null): AccessOutcome<AccessRuleInput> {
  const violations: string[] = []
  const isTargetWithoutId = rule.targetKind === 'gates' || rule.targetKind === 'own-building'
  if (isTargetWithoutId && rule.targetId !== null) violations.push(`/targetId: a "${rule.targetKind}" rule names no target (null)`)
  if (!isTargetWithoutId && rule.targetId === null) violations.push(`/targetId: a "${rule.targetKind}" rule names its ${rule.targetKind}`)
  if (rule.subjectKind === 'role' && !(RULE_SUBJECT_ROLES as readonly string[]).includes(rule.subjectId)) {
    violations.push(`/subjectId: a role rule names one of ${RULE_SUBJECT_ROLES.join(', ')}`)
  }
  if (rule.isLockdownExempt && !isStaffSubject(rule, subjectPersonRole)) {
    violations.push('/isLockdownExempt: only staff (the role "staff" or a staff member) may pass a sealed building')
  }
  const window = checkValidityWindow(rule)
  if (!window.ok) violations.push(`/validUntilMs: ${window.message}`)
  return violations.length === 0 ? accessSuccess(rule) : accessFailure('BAD_RULE', 'the access rule does not fit together', violations)
}

function isStaffSubject(rule: AccessRuleInput, subjectPersonRole: PersonRole | null): boolean {
  if (rule.subjectKind === 'role') return rule.subjectId === 'staff'
  return rule.subjectKind === 'person' && subjectPersonRole === 'staff'
}
