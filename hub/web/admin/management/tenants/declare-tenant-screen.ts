import { h } from '../../../shared/dom.js'
import { formView, type FieldSpec } from '../../../shared/form-view.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { householdPicker } from '../people/household-picker.js'
import { hashLink, hashQuery } from '../shared/hash-query.js'
import { PERSONAL_DATA_ERROR_FIELDS, personalDataProblems } from '../shared/personal-data-check.js'
import { loadScreen, screenFrame } from '../shared/screen-frame.js'
import type { DeclarationView, LandlordView, Page } from './tenant-views.js'

interface HomeChoice {
  readonly householdId: string
  readonly label: string
}

/** The homes a landlord has declared tenants in before: the places they let (the hub lists no other households to a landlord). */
function knownHomes(declarations: readonly DeclarationView[]): HomeChoice[] {
  const homes = new Map<string, string>()
  for (const declaration of declarations) homes.set(declaration.householdId, `${declaration.buildingName} ${declaration.unitName} ${declaration.room}`)
  return [...homes].map(([householdId, label]) => ({ householdId, label }))
}

function chooseHome(context: ScreenContext): HTMLElement {
  const go = (householdId: string) => {
    location.hash = hashLink('/tenants/new', { householdId })
  }
  if (context.account.role !== 'landlord') return householdPicker(context, (household) => go(household.id))
  const { i18n, api } = context
  const slot = h('div', { class: 'room-buttons', 'data-picker': 'rooms' }, h('p', { class: 'muted' }, i18n.t('state.loading')))
  api
    .get<Page<DeclarationView>>('/api/tenant-declarations', { limit: 200 })
    .then((declarations) => {
      const homes = knownHomes(declarations.items)
      slot.replaceChildren(
        ...(homes.length === 0
          ? [h('p', { class: 'notice' }, i18n.t('tenants.noHomesYet'))]
          : homes.map((home) => h('button', { type: 'button', class: 'big', 'data-household': home.householdId, onclick: () => go(home.householdId) }, home.label))),
      )
    })
    .catch(() => slot.replaceChildren(h('p', { class: 'notice' }, i18n.t('tenants.noHomesYet'))))
  return slot
}

/**
 * Declaring a tenant: where they live, then their name, phone and ID number (checked as typed
 * with the hub's rules). A landlord declares as themself and picks one of the homes they let;
 * grid staff declare on a landlord's behalf and pick any home of their grid.
 */
export async function declareTenantScreen(context: ScreenContext): Promise<void> {
  const { i18n, api, account, shell } = context
  const householdId = hashQuery().get('householdId')
  const title = i18n.t('tenants.declare')
  if (householdId === null) {
    shell.show(screenFrame('declare-tenant', title, h('p', {}, i18n.t('tenants.chooseHome')), chooseHome(context)))
    return
  }
  const isLandlord = account.role === 'landlord'
  await loadScreen(
    context,
    'declare-tenant',
    title,
    async () => (isLandlord ? [] : (await api.get<Page<LandlordView>>('/api/landlords', { limit: 200 })).items),
    (landlords) => {
      const landlordField: FieldSpec[] = isLandlord ? [] : [{ name: 'landlordId', label: 'tenants.landlord', kind: 'select', isRequired: true, options: landlords.map((landlord) => ({ value: landlord.id, label: landlord.displayName })) }]
      const form = formView(i18n, {
        fields: [
          ...landlordField,
          { name: 'displayName', label: 'tenants.tenantName', isRequired: true, maxLength: 64 },
          { name: 'phone', label: 'people.phone', kind: 'tel', isRequired: true, maxLength: 32, hint: 'tenants.phone.hint' },
          { name: 'idNumber', label: 'people.idNumber', isRequired: true, maxLength: 32, hint: 'people.idNumber.hint' },
          { name: 'note', label: 'management.note', maxLength: 200, placeholder: i18n.t('tenants.note.example') },
        ],
        submitLabel: 'tenants.declare',
        errorFields: { ...PERSONAL_DATA_ERROR_FIELDS, LANDLORD_REQUIRED: 'landlordId', LANDLORD_NOT_FOUND: 'landlordId' },
        check: (values) => personalDataProblems(values),
        onSubmit: async (values) => {
          const { landlordId, note, ...tenant } = values
          await api.post('/api/tenant-declarations', { householdId, tenant, ...(landlordId !== undefined && { landlordId }), ...(note !== undefined && { note }) })
          showToast(i18n.t('tenants.declared', { name: String(values.displayName) }))
          location.hash = '#/tenants'
        },
      })
      return [h('p', { class: 'muted' }, i18n.t('tenants.declareIntro')), h('div', { class: 'card narrow' }, form.element)]
    },
  )
}
