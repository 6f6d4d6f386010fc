import { h } from '../../../shared/dom.js'
import { formatDateTime } from '../../../shared/format.js'
import type { I18n } from '../../../shared/i18n.js'
import type { RouteParams } from '../../../shared/router.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { credentialsPanel } from '../access/credentials-panel.js'
import { personRulesPanel } from '../access/person-rules-panel.js'
import { observationPanel } from '../health/observation-panel.js'
import { factList } from '../shared/fact-list.js'
import { loadScreen } from '../shared/screen-frame.js'
import { landlordChoices } from './new-person-screen.js'
import { personActions } from './person-actions.js'
import { personPhoto } from './person-photo.js'
import { phoneLinkPanel } from './phone-link-panel.js'
import { homeText, type PersonView } from './people-views.js'
import { roleText, statusBadge } from './residents-screen.js'

function personFacts(i18n: I18n, person: PersonView): HTMLElement {
  const home = person.householdId === null ? homeText(person) : h('a', { href: `#/places/households/${person.householdId}` }, homeText(person))
  return factList(i18n, [
    ['role', 'people.roleLabel', roleText(i18n, person)],
    ['home', 'people.home', home],
    ['phone', 'people.phone', person.phone ?? '—'],
    ['idNumber', 'people.idNumber', person.idNumber ?? '—'],
    ['registered', 'people.registeredAt', formatDateTime(i18n, person.createdAtMs)],
  ])
}

/**
 * One person: photo, who they are and where they live, what the office may do (edit, move, move
 * out, reveal, delete), and their credentials with where each was last used. Opening someone
 * outside one's grid shows the hub's refusal in words.
 */
export async function personScreen(context: ScreenContext, params: RouteParams, revealed?: PersonView): Promise<void> {
  const { i18n, api, account } = context
  const personId = params.personId ?? ''
  const rerender = (shown?: PersonView) => void personScreen(context, params, shown)
  await loadScreen(
    context,
    'person',
    i18n.t('people.person.title'),
    async () => ({
      person: revealed ?? (await api.get<PersonView>(`/api/persons/${encodeURIComponent(personId)}`)),
      landlords: account.role === 'admin' || account.role === 'grid-manager' ? await landlordChoices(context) : [],
    }),
    ({ person, landlords }) => {
      const mayManage = account.role === 'admin' || account.role === 'grid-manager'
      return [
        h(
          'div',
          { class: 'card person-card', 'data-person': person.id },
          personPhoto(context, person, mayManage, () => rerender()),
          h(
            'div',
            { class: 'person-summary' },
            h('h2', { class: 'person-name' }, person.displayName, ' ', statusBadge(i18n, person.status)),
            personFacts(i18n, person),
            person.visibility === 'full' ? h('p', { class: 'notice', 'data-revealed': 'true' }, i18n.t('people.reveal.shown')) : null,
          ),
        ),
        mayManage ? personActions(context, person, landlords, rerender) : null,
        credentialsPanel(context, person, mayManage && person.status !== 'moved-out'),
        mayManage && person.status !== 'moved-out' && person.role !== 'staff' ? phoneLinkPanel(context, person) : null,
        person.status === 'moved-out' || !mayManage ? null : personRulesPanel(context, person),
        person.role === 'staff' || person.status === 'moved-out' ? null : observationPanel(context, { kind: 'person', id: person.id, label: person.displayName }, mayManage),
      ]
    },
  )
}
