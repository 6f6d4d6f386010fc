import { h } from '../../../shared/dom.js'
import type { FieldSpec } from '../../../shared/form-view.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import type { GridView } from './people-views.js'
import { openDeleteDialog } from '../shared/delete-dialog.js'

interface AccountChoice {
  readonly id: string
  readonly displayName: string
  readonly username: string
}

/** Grid-manager accounts, to name a grid's manager (admin only; others get none). */
async function managerChoices(context: ScreenContext): Promise<AccountChoice[]> {
  try {
    return [...(await context.api.get<{ accounts: AccountChoice[] }>('/api/accounts', { role: 'grid-manager', limit: 500 })).accounts]
  } catch {
    return []
  }
}

/** Create a grid, or change one's name and manager (admin). */
export async function openGridDialog(context: ScreenContext, grid: GridView | null, onSaved: () => void): Promise<void> {
  const { i18n, api } = context
  const managers = await managerChoices(context)
  const fields: FieldSpec[] = [
    { name: 'name', label: 'places.grid.name', isRequired: true, maxLength: 64, value: grid?.name ?? null, placeholder: i18n.t('places.grid.example') },
    { name: 'managerAccountId', label: 'places.grid.manager', kind: 'select', value: grid?.managerAccountId ?? null, options: managers.map((account) => ({ value: account.id, label: `${account.displayName} (${account.username})` })), hint: 'places.grid.managerHint' },
  ]
  openFormDialog(i18n, {
    name: grid === null ? 'new-grid' : 'edit-grid',
    title: grid === null ? 'places.grid.new' : 'places.grid.edit',
    fields,
    submitLabel: 'action.save',
    errorFields: { DUPLICATE_GRID: 'name', NOT_A_GRID_MANAGER: 'managerAccountId', ACCOUNT_NOT_FOUND: 'managerAccountId' },
    onSubmit: async (values) => {
      const body = { name: values.name, managerAccountId: values.managerAccountId ?? null }
      if (grid === null) await api.post('/api/grids', body)
      else await api.patch(`/api/grids/${encodeURIComponent(grid.id)}`, body)
      showToast(i18n.t('state.saved'))
      onSaved()
    },
  })
}

/** Delete a grid nothing belongs to any more (the hub refuses GRID_IN_USE otherwise). */
export function openDeleteGridDialog(context: ScreenContext, grid: GridView, onDeleted: () => void): void {
  openDeleteDialog(context, { name: 'delete-grid', title: 'places.grid.delete', what: grid.name, path: `/api/grids/${encodeURIComponent(grid.id)}`, onDeleted })
}
