import { h } from '../../../shared/dom.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { openFormDialog } from './form-dialog.js'

export interface DeleteDialogSpec {
  /** `data-dialog`, for tests. */
  readonly name: string
  /** Text key of the heading. */
  readonly title: string
  /** What is deleted, as people know it ("3号楼", "2单元"). */
  readonly what: string
  /** The DELETE route. */
  readonly path: string
  readonly onDeleted: () => void
}

/** "Delete “3号楼”?" — the hub refuses what is still in use (BUILDING_NOT_EMPTY ...), said in words in the dialog. */
export function openDeleteDialog(context: ScreenContext, spec: DeleteDialogSpec): void {
  const { i18n, api } = context
  openFormDialog(i18n, {
    name: spec.name,
    title: spec.title,
    intro: h('p', {}, i18n.t('management.confirmDelete', { name: spec.what })),
    fields: [],
    submitLabel: 'action.delete',
    onSubmit: async () => {
      await api.delete(spec.path)
      spec.onDeleted()
    },
  })
}
