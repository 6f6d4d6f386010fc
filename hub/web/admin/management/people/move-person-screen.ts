import { h } from '../../../shared/dom.js'
import type { RouteParams } from '../../../shared/router.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { loadScreen } from '../shared/screen-frame.js'
import { householdPicker } from './household-picker.js'
import { homeText, type PersonView } from './people-views.js'

/**
 * Moving someone to another home (or back in after a move-out): choose the building, unit and
 * room, confirm their tie to the new household. Their rights follow the new home at the gates.
 */
export async function movePersonScreen(context: ScreenContext, params: RouteParams): Promise<void> {
  const { i18n, api } = context
  const personId = params.personId ?? ''
  await loadScreen(
    context,
    'move-person',
    i18n.t('people.move'),
    () => api.get<PersonView>(`/api/persons/${encodeURIComponent(personId)}`),
    (person) => [
      h('p', {}, i18n.t('people.move.intro', { name: person.displayName, home: homeText(person) })),
      householdPicker(context, (household) =>
        openFormDialog(i18n, {
          name: 'move-person',
          title: 'people.move',
          intro: h('p', {}, i18n.t('people.move.confirm', { name: person.displayName, home: homeText(household) })),
          fields: [
            {
              name: 'relation',
              label: 'people.relation',
              kind: 'select',
              isRequired: true,
              value: person.relation ?? 'family',
              options: (['owner', 'family', 'tenant'] as const).map((value) => ({ value, label: i18n.t(`people.relation.${value}`) })),
            },
          ],
          submitLabel: 'people.move',
          onSubmit: async (values) => {
            await api.post(`/api/persons/${encodeURIComponent(person.id)}/move`, { householdId: household.id, relation: values.relation })
            showToast(i18n.t('people.moved', { name: person.displayName }))
            location.hash = `#/residents/${person.id}`
          },
        }),
      ),
    ],
  )
}
