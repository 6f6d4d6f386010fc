import { h, type Child } from '../../../shared/dom.js'
import { formView, type FieldSpec, type FormValues } from '../../../shared/form-view.js'
import type { I18n } from '../../../shared/i18n.js'

export interface FormDialogSpec {
  /** `data-dialog` of the dialog, for tests. */
  readonly name: string
  /** Text key of the heading. */
  readonly title: string
  /** What the person should know before confirming (already in their language). */
  readonly intro?: Child
  readonly fields: readonly FieldSpec[]
  readonly submitLabel: string
  readonly errorFields?: Readonly<Record<string, string>>
  readonly check?: (values: FormValues) => Readonly<Record<string, string>> | null
  /** Sends the change; the dialog closes once it resolves, and stays open (with the refusal shown) if it throws. */
  readonly onSubmit: (values: FormValues) => Promise<void>
}

/**
 * A change that needs a few words first (a reason, a new end date, a confirmation) in a modal
 * dialog built on formView, so it checks and keeps what was typed like every other form.
 */
export function openFormDialog(i18n: I18n, spec: FormDialogSpec): HTMLDialogElement {
  const dialog = h('dialog', { class: 'form-dialog', 'data-dialog': spec.name, 'aria-label': i18n.t(spec.title) })
  const form = formView(i18n, {
    fields: spec.fields,
    submitLabel: spec.submitLabel,
    ...(spec.errorFields !== undefined && { errorFields: spec.errorFields }),
    ...(spec.check !== undefined && { check: spec.check }),
    onSubmit: async (values) => {
      await spec.onSubmit(values)
      dialog.close()
    },
  })
  const cancel = h('button', { type: 'button', class: 'quiet', onclick: () => dialog.close() }, i18n.t('action.cancel'))
  form.element.querySelector('.form-actions')?.appendChild(cancel)
  dialog.append(h('h2', {}, i18n.t(spec.title)), h('div', { class: 'dialog-intro' }, spec.intro ?? null), form.element)
  dialog.addEventListener('close', () => dialog.remove())
  document.body.appendChild(dialog)
  dialog.showModal()
  return dialog
}
