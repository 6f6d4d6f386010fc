import { PERSONAL_DATA_ERROR_FIELDS, personalDataProblems } from '../admin/management/shared/personal-data-check.js'
import { h, replaceChildren } from '../shared/dom.js'
import { errorText } from '../shared/error-text.js'
import { formView, type FormValues } from '../shared/form-view.js'
import type { Screen, ScreenContext } from '../shared/screen-module.js'
import { personPhoto, placeOf, type StaffPersonView } from './person-directory.js'
import { loadPlaceOptions, newcomerFields, passDaysOf, questionFields, returneeAnswers, type PlaceOption } from './returnee-form.js'
import { showStaffScreen } from './staff-checkpoint.js'
import { printOnly } from './print-only.js'
import { temporaryPassCard, type TemporaryPass } from './temporary-pass-card.js'

type Returning = { readonly kind: 'person'; readonly person: StaffPersonView } | { readonly kind: 'newcomer'; readonly places: readonly PlaceOption[] }

interface Registration {
  readonly id: string
  readonly personName: string
  readonly hasHealthConcern: boolean
}

const SEARCH_LIMIT = 20

/**
 * The returnee lane (story 4) in one flow: who came back (a registered resident, found by name
 * or phone tail, or someone new moving in with a household), the four questions, and the
 * temporary entry pass handed over at once — printable. Health answers that need attention are
 * said plainly: the grid manager decides on home observation, not the volunteer.
 */
function renderReturnee(context: ScreenContext): HTMLElement {
  const { i18n, api, account } = context
  const body = h('div', {})
  const root = h('div', { class: 'staff-returnee' }, h('h1', {}, i18n.t('staff.returnee.title')), body)

  const showWho = () =>
    replaceChildren(
      body,
      h('h2', {}, i18n.t('staff.returnee.who')),
      h(
        'div',
        { class: 'staff-choices two' },
        h('button', { type: 'button', class: 'huge primary', 'data-choice': 'registered', onclick: showSearch }, i18n.t('staff.returnee.registered'), h('small', {}, i18n.t('staff.returnee.registeredHint'))),
        h('button', { type: 'button', class: 'huge', 'data-choice': 'newcomer', onclick: () => void showNewcomer() }, i18n.t('staff.returnee.newcomer'), h('small', {}, i18n.t('staff.returnee.newcomerHint'))),
      ),
    )

  const showSearch = () => {
    const results = h('div', { class: 'staff-results', 'aria-live': 'polite' })
    const search = formView(i18n, {
      fields: [{ name: 'query', label: 'staff.returnee.search', isRequired: true, maxLength: 64 }],
      submitLabel: 'staff.returnee.searchSubmit',
      onSubmit: async (values) => {
        const query = String(values.query)
        const filter = /^[0-9]{4}$/.test(query) ? { phoneTail: query } : { name: query }
        const { items } = await api.get<{ items: StaffPersonView[] }>('/api/persons', { ...filter, limit: SEARCH_LIMIT })
        const found = items.filter((person) => person.role !== 'visitor' && person.status !== 'moved-out')
        replaceChildren(
          results,
          found.length === 0
            ? h('p', { class: 'notice' }, i18n.t('staff.returnee.noMatch'))
            : found.map((person) =>
                h(
                  'button',
                  { type: 'button', class: 'big staff-person-choice', 'data-person': person.id, onclick: () => showQuestions({ kind: 'person', person }) },
                  personPhoto(i18n, person.displayName, person.photoId, 'staff-photo small'),
                  h('span', { class: 'staff-row-name' }, person.displayName),
                  h('span', { class: 'muted' }, placeOf(person)),
                ),
              ),
        )
      },
    })
    replaceChildren(body, h('button', { type: 'button', class: 'quiet', onclick: showWho }, i18n.t('action.back')), search.element, results)
  }

  const showNewcomer = async () => {
    replaceChildren(body, h('p', { class: 'muted' }, i18n.t('state.loading')))
    try {
      showQuestions({ kind: 'newcomer', places: await loadPlaceOptions(api) })
    } catch (error) {
      replaceChildren(body, h('p', { class: 'form-error', role: 'alert' }, errorText(i18n, error)), h('button', { type: 'button', class: 'big', onclick: showWho }, i18n.t('action.back')))
    }
  }

  const personReference = async (returning: Returning, values: FormValues) => {
    if (returning.kind === 'person') return { personId: returning.person.id }
    const { householdId } = await api.get<{ householdId: string }>('/api/households/by-room', { unitId: String(values.unitId), room: String(values.room) })
    return { newcomer: { displayName: String(values.displayName), householdId, phone: String(values.phone), idNumber: String(values.idNumber) } }
  }

  const showQuestions = (returning: Returning) => {
    const form = formView(i18n, {
      fields: [...(returning.kind === 'newcomer' ? newcomerFields(returning.places) : []), ...questionFields(i18n, Date.now())],
      submitLabel: 'staff.returnee.submit',
      errorFields: { ...PERSONAL_DATA_ERROR_FIELDS, HOUSEHOLD_NOT_FOUND: 'room' },
      check: (values) => (returning.kind === 'newcomer' ? personalDataProblems(values) : null),
      onSubmit: async (values) => {
        const reference = await personReference(returning, values)
        const registration = await api.post<Registration>('/api/returnees', { ...returneeAnswers(values), ...reference })
        showDone(registration, passDaysOf(values))
      },
    })
    const title = returning.kind === 'person' ? i18n.t('staff.returnee.for', { name: returning.person.displayName }) : i18n.t('staff.returnee.newcomerTitle')
    replaceChildren(body, h('button', { type: 'button', class: 'quiet', onclick: showWho }, i18n.t('action.back')), h('h2', {}, title), form.element)
  }

  const showDone = (registration: Registration, passDays: number) => {
    const passSlot = h('div', { class: 'staff-pass-slot' })
    replaceChildren(
      body,
      h('p', { class: 'staff-done granted', role: 'status', 'data-returnee': registration.id }, '✓ ', i18n.t('staff.returnee.done', { name: registration.personName })),
      registration.hasHealthConcern ? h('p', { class: 'notice staff-concern', role: 'alert' }, i18n.t('staff.returnee.concern')) : null,
      passSlot,
      h('button', { type: 'button', class: 'big', 'data-action': 'next', onclick: showWho }, i18n.t('staff.returnee.next')),
    )
    if (passDays > 0) void issuePass(registration.id, passDays, passSlot)
  }

  const issuePass = async (returneeId: string, days: number, slot: HTMLElement) => {
    replaceChildren(slot, h('p', { class: 'muted' }, i18n.t('state.saving')))
    try {
      const pass = await api.post<TemporaryPass>(`/api/returnees/${encodeURIComponent(returneeId)}/temporary-pass`, { days })
      const card = temporaryPassCard(i18n, pass, account.displayName)
      replaceChildren(slot, card, h('button', { type: 'button', class: 'big primary no-print', 'data-action': 'print-pass', onclick: () => printOnly(card) }, i18n.t('staff.pass.print')))
    } catch (error) {
      replaceChildren(
        slot,
        h('p', { class: 'form-error', role: 'alert' }, i18n.t('staff.returnee.passFailed', { error: errorText(i18n, error) })),
        h('button', { type: 'button', class: 'big', onclick: () => void issuePass(returneeId, days, slot) }, i18n.t('staff.returnee.retryPass')),
      )
    }
  }

  showWho()
  return root
}

export const returneeScreen: Screen = {
  route: '/returnee',
  render: (context) => showStaffScreen(context, 'staff-returnee', () => renderReturnee(context)),
}
