import { formatDate } from '../../../shared/format.js'
import type { I18n } from '../../../shared/i18n.js'
import type { AccessRuleView } from './access-views.js'

/** Names of what rules refer to, by id (whatever the screen loaded; unknown ids are shown as ids). */
export interface RuleNames {
  readonly doors: ReadonlyMap<string, string>
  readonly groups: ReadonlyMap<string, string>
  readonly buildings: ReadonlyMap<string, string>
  readonly grids: ReadonlyMap<string, string>
  readonly schedules: ReadonlyMap<string, string>
  readonly subjects: ReadonlyMap<string, string>
}

export function namesById<T extends { readonly id: string }>(items: readonly T[], name: (item: T) => string): Map<string, string> {
  return new Map(items.map((item) => [item.id, name(item)]))
}

/** Who the rule lets through: "角色：居民", "网格：第一网格", "张建国". */
export function ruleWho(i18n: I18n, rule: AccessRuleView, names: RuleNames): string {
  const kind = i18n.t(`rules.subject.${rule.subjectKind}`)
  switch (rule.subjectKind) {
    case 'role':
      return `${kind}：${i18n.t(`people.role.${rule.subjectId}`)}`
    case 'grid':
      return `${kind}：${names.grids.get(rule.subjectId) ?? rule.subjectId}`
    case 'building':
      return `${kind}：${names.buildings.get(rule.subjectId) ?? rule.subjectId}`
    default:
      return `${kind}：${names.subjects.get(rule.subjectId) ?? rule.subjectId}`
  }
}

/** Where: "所有大门", "本人所在楼栋的楼门", "门：北门居民通道". */
export function ruleWhere(i18n: I18n, rule: AccessRuleView, names: RuleNames): string {
  const kind = i18n.t(`rules.target.${rule.targetKind}`)
  const id = rule.targetId ?? ''
  switch (rule.targetKind) {
    case 'door':
      return `${kind}：${names.doors.get(id) ?? id}`
    case 'door-group':
      return `${kind}：${names.groups.get(id) ?? id}`
    case 'building':
      return `${kind}：${names.buildings.get(id) ?? id}`
    default:
      return kind
  }
}

/** When: the schedule's name or "at any time", with the validity dates if any. */
export function ruleWhen(i18n: I18n, rule: AccessRuleView, names: RuleNames): string {
  const when = rule.scheduleId === null ? i18n.t('rules.anyTime') : (names.schedules.get(rule.scheduleId) ?? rule.scheduleId)
  const from = rule.validFromMs === null ? null : i18n.t('rules.from', { date: formatDate(i18n, rule.validFromMs) })
  const until = rule.validUntilMs === null ? null : i18n.t('rules.until', { date: formatDate(i18n, rule.validUntilMs - 1) })
  return [when, from, until].filter((part) => part !== null).join(' · ')
}
