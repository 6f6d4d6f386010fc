import type BetterSqlite3 from 'better-sqlite3'
import type { PersonRole } from '../../../../../protocol/policy/policy-person.js'
import { accessFailure, accessSuccess, type AccessOutcome } from '../../../domain/access/access-failure.js'
import { checkAccessRule, type AccessRuleInput, type RuleSubjectKind, type RuleTargetKind } from '../../../domain/access/access-rule-check.js'
import { newId } from '../../../domain/new-id.js'
import { auditChange, rowExists, runAccessChange, type ChangeContext, type ListPage, type PageRequest } from './access-change.js'
import { SqlConditions, selectPage } from './sql-conditions.js'

export interface AccessRuleView extends AccessRuleInput {
  readonly id: string
  readonly createdAtMs: number
}

export interface AccessRuleFilter {
  readonly subjectKind?: RuleSubjectKind | undefined
  readonly subjectId?: string | undefined
  readonly targetKind?: RuleTargetKind | undefined
  readonly targetId?: string | undefined
  readonly scheduleId?: string | undefined
}

export type AccessRuleChange = Partial<Pick<AccessRuleInput, 'scheduleId' | 'isLockdownExempt' | 'validFromMs' | 'validUntilMs'>>

interface AccessRuleRow extends Omit<AccessRuleView, 'isLockdownExempt'> {
  readonly isLockdownExempt: number
}

const COLUMNS = `r.id, r.subject_kind AS subjectKind, r.subject_id AS subjectId, r.target_kind AS targetKind, r.target_id AS targetId,
  r.schedule_id AS scheduleId, r.is_lockdown_exempt AS isLockdownExempt, r.valid_from_ms AS validFromMs,
  r.valid_until_ms AS validUntilMs, r.created_at_ms AS createdAtMs`

/** The tables the subject and target ids of a rule point into (fixed names). */
const SUBJECT_TABLES: Record<Exclude<RuleSubjectKind, 'role'>, string> = {
  person: 'persons',
  household: 'households',
  unit: 'units',
  building: 'buildings',
  grid: 'grids',
}
const TARGET_TABLES: Record<'door' | 'door-group' | 'building', string> = { door: 'doors', 'door-group': 'door_groups', building: 'buildings' }

function viewOf(row: AccessRuleRow): AccessRuleView {
  return { ...row, isLockdownExempt: row.isLockdownExempt === 1 }
}

/** Who may pass where and when (m003 access_rules); the policy compiler expands them per door. */
export class AccessRuleRepository {
  readonly #connection: BetterSqlite3.Database

  constructor(connection: BetterSqlite3.Database) {
    this.#connection = connection
  }

  get(ruleId: string): AccessRuleView | null {
    const row = this.#connection.prepare(`SELECT ${COLUMNS} FROM access_rules r WHERE r.id = ?`).get(ruleId) as AccessRuleRow | undefined
    return row === undefined ? null : viewOf(row)
  }

  list(filter: AccessRuleFilter, page: PageRequest): ListPage<AccessRuleView> {
    const conditions = new SqlConditions()
      .addWhenGiven('r.subject_kind = ?', filter.subjectKind)
      .addWhenGiven('r.subject_id = ?', filter.subjectId)
      .addWhenGiven('r.target_kind = ?', filter.targetKind)
      .addWhenGiven('r.target_id = ?', filter.targetId)
      .addWhenGiven('r.schedule_id = ?', filter.scheduleId)
    return selectPage(this.#connection, { columns: COLUMNS, from: 'access_rules r', orderBy: 'r.created_at_ms, r.id' }, conditions, page, viewOf)
  }

  create(input: AccessRuleInput, context: ChangeContext): AccessOutcome<AccessRuleView> {
    return runAccessChange(this.#connection, () => {
      const checked = this.#check(input)
      if (!checked.ok) return checked
      const id = newId('rule')
      this.#connection
        .prepare(
          `INSERT INTO access_rules (id, subject_kind, subject_id, target_kind, target_id, schedule_id, is_lockdown_exempt,
             valid_from_ms, valid_until_ms, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, input.subjectKind, input.subjectId, input.targetKind, input.targetId, input.scheduleId, input.isLockdownExempt ? 1 : 0, input.validFromMs, input.validUntilMs, context.atMs)
      auditChange(this.#connection, context, 'access-rule.created', { kind: 'access-rule', id }, { ...input })
      return accessSuccess(this.get(id)!)
    })
  }

  update(ruleId: string, change: AccessRuleChange, context: ChangeContext): AccessOutcome<AccessRuleView> {
    return runAccessChange(this.#connection, () => {
      const current = this.get(ruleId)
      if (current === null) return accessFailure('NOT_FOUND', `access rule ${ruleId} not found`)
      const next: AccessRuleInput = { ...current, ...change }
      const checked = this.#check(next)
      if (!checked.ok) return checked
      this.#connection
        .prepare('UPDATE access_rules SET schedule_id = ?, is_lockdown_exempt = ?, valid_from_ms = ?, valid_until_ms = ? WHERE id = ?')
        .run(next.scheduleId, next.isLockdownExempt ? 1 : 0, next.validFromMs, next.validUntilMs, ruleId)
      auditChange(this.#connection, context, 'access-rule.changed', { kind: 'access-rule', id: ruleId }, { changes: change })
      return accessSuccess(this.get(ruleId)!)
    })
  }

  delete(ruleId: string, context: ChangeContext): AccessOutcome<{ id: string }> {
    return runAccessChange(this.#connection, () => {
      const current = this.get(ruleId)
      if (current === null) return accessFailure('NOT_FOUND', `access rule ${ruleId} not found`)
      this.#connection.prepare('DELETE FROM access_rules WHERE id = ?').run(ruleId)
      auditChange(this.#connection, context, 'access-rule.removed', { kind: 'access-rule', id: ruleId }, { ...current })
      return accessSuccess({ id: ruleId })
    })
  }

  #check(rule: AccessRuleInput): AccessOutcome<AccessRuleInput> {
    const personRole = rule.subjectKind === 'person' ? this.#personRole(rule.subjectId) : null
    const checked = checkAccessRule(rule, personRole)
    if (!checked.ok) return checked
    const missing: string[] = []
    if (rule.subjectKind !== 'role' && !rowExists(this.#connection, SUBJECT_TABLES[rule.subjectKind], rule.subjectId)) {
      missing.push(`/subjectId: no ${rule.subjectKind} ${rule.subjectId}`)
    }
    if (rule.targetId !== null && rule.targetKind in TARGET_TABLES) {
      const table = TARGET_TABLES[rule.targetKind as keyof typeof TARGET_TABLES]
      if (!rowExists(this.#connection, table, rule.targetId)) missing.push(`/targetId: no ${rule.targetKind} ${rule.targetId}`)
    }
    if (rule.scheduleId !== null && !rowExists(this.#connection, 'schedules', rule.scheduleId)) missing.push(`/scheduleId: no schedule ${rule.scheduleId}`)
    return missing.length === 0 ? checked : accessFailure('UNKNOWN_REFERENCE', 'the rule names something that does not exist', missing)
  }

  #personRole(personId: string): PersonRole | null {
    const row = this.#connection.prepare('SELECT role FROM persons WHERE id = ?').get(personId) as { role: PersonRole } | undefined
    return row?.role ?? null
  }
}
