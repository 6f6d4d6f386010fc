import { h } from '../../../shared/dom.js'
import { formView } from '../../../shared/form-view.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { hashLink, hashQuery } from '../shared/hash-query.js'
import { PERSONAL_DATA_ERROR_FIELDS, personalDataProblems } from '../shared/personal-data-check.js'
import { loadScreen, screenFrame } from '../shared/screen-frame.js'
import { householdPicker } from './household-picker.js'
import { personFields, type LandlordChoice } from './person-fields.js'
import { homeText, type HouseholdView, type Page } from './people-views.js'

/** Landlords to offer for a tenant; an account that may not list them simply gets none. */
export async function landlordChoices(context: ScreenContext): Promise<LandlordChoice[]> {
  try {
    return [...(await context.api.get<Page<LandlordChoice>>('/api/landlords', { limit: 200 })).items]
  } catch {
    return []
  }
}

/**
 * Registering someone: first the home (building, unit, room), then name, role, phone and ID
 * number, checked as typed with the hub's own rules. `?staff=1` registers a staff member, who
 * has no home (admin only; the hub refuses others).
 */
export async function newPersonScreen(context: ScreenContext): Promise<void> {
  const { i18n, api, shell } = context
  const query = hashQuery()
  const householdId = query.get('householdId')
  const isStaff = query.get('staff') === '1'
  const title = i18n.t(isStaff ? 'people.newStaff' : 'people.new')
  if (!isStaff && householdId === null) {
    shell.show(screenFrame('new-person', title, h('p', {}, i18n.t('people.picker.intro')), householdPicker(context, (household) => void (location.hash = hashLink('/residents/new', { householdId: household.id })))))
    return
  }
  await loadScreen(
    context,
    'new-person',
    title,
    async () => ({
      household: householdId === null ? null : await api.get<HouseholdView>(`/api/households/${encodeURIComponent(householdId)}`),
      landlords: isStaff ? [] : await landlordChoices(context),
    }),
    ({ household, landlords }) => {
      const form = formView(i18n, {
        fields: personFields(i18n, { isStaff, landlords }),
        submitLabel: 'people.register',
        errorFields: { ...PERSONAL_DATA_ERROR_FIELDS, LANDLORD_NOT_FOUND: 'landlordId' },
        check: (values) => personalDataProblems(values),
        onSubmit: async (values) => {
          const body = isStaff ? { ...values, role: 'staff' } : { ...values, householdId: household?.id }
          const created = await api.post<{ id: string }>('/api/persons', body)
          showToast(i18n.t('people.registered', { name: String(values.displayName) }))
          location.hash = `#/residents/${created.id}`
        },
      })
      return [
        household === null
          ? h('p', { class: 'notice' }, i18n.t('people.staffIntro'))
          : h('p', { class: 'home-line', 'data-household': household.id }, i18n.t('people.homeOf', { home: homeText(household) }), ' ', h('a', { href: '#/residents/new' }, i18n.t('people.picker.change'))),
        h('div', { class: 'card narrow' }, form.element),
      ]
    },
  )
}
