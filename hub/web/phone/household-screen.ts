import { h } from '../shared/dom.js'
import { errorText } from '../shared/error-text.js'
import type { ScreenContext } from '../shared/screen-module.js'

interface Person {
  readonly id: string
  readonly displayName: string
  readonly relation: 'owner' | 'family' | 'tenant' | null
  readonly householdId: string | null
  readonly phone: string | null
}

interface Household {
  readonly buildingName: string
  readonly unitName: string
  readonly room: string
  readonly members: readonly Person[]
}

/** My household: the address and the people in it (phones as the hub masks them for a resident). */
export async function householdScreen(context: ScreenContext): Promise<void> {
  const { shell, i18n, api, account } = context
  const section = h('section', { 'data-screen': 'household', class: 'phone-screen' }, h('h1', {}, i18n.t('phone.household.title')))
  shell.show(section)
  try {
    const me = account.personId === null ? null : await api.get<Person>(`/api/persons/${encodeURIComponent(account.personId)}`)
    if (me === null || me.householdId === null) {
      section.append(h('p', { class: 'notice' }, i18n.t('phone.household.none')))
      return
    }
    const household = await api.get<Household>(`/api/households/${encodeURIComponent(me.householdId)}`)
    section.append(
      h('p', { class: 'big-text' }, i18n.t('phone.household.room', { building: household.buildingName, unit: household.unitName, room: household.room })),
      h(
        'ul',
        { class: 'member-list' },
        household.members.map((member) =>
          h('li', { class: 'card', 'data-row': member.id }, h('strong', {}, member.displayName), member.relation === null ? null : h('span', { class: 'badge' }, i18n.t(`phone.relation.${member.relation}`)), member.phone === null ? null : h('span', { class: 'muted' }, member.phone)),
        ),
      ),
    )
  } catch (error) {
    section.append(h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error)))
  }
}
