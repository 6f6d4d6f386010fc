import { ApiError } from './api-client.js'
import { h } from './dom.js'
import { errorText } from './error-text.js'
import type { I18n } from './i18n.js'

export type FieldKind = 'text' | 'password' | 'number' | 'tel' | 'date' | 'datetime-local' | 'time' | 'textarea' | 'select' | 'checkbox'
export type FieldValue = string | number | boolean

export interface FieldOption {
  readonly value: string
  /** Shown as is (already in the page's language). */
  readonly label: string
}

export interface FieldSpec {
  /** The property in the request body; the hub names it in its error details as `/name`. */
  readonly name: string
  /** Text key of the label. */
  readonly label: string
  readonly kind?: FieldKind
  readonly isRequired?: boolean
  readonly minLength?: number
  readonly maxLength?: number
  readonly min?: number
  readonly max?: number
  readonly step?: number
  /** Regular expression the whole value must match. */
  readonly pattern?: string
  /** Text key shown under the field; also the message when the pattern does not match. */
  readonly hint?: string
  readonly options?: readonly FieldOption[]
  readonly value?: FieldValue | null
  readonly autocomplete?: string
  readonly placeholder?: string
}

export type FormValues = Record<string, FieldValue>

export interface FormSpec {
  readonly fields: readonly FieldSpec[]
  /** Text key of the submit button. */
  readonly submitLabel: string
  /** Hub error codes that concern one field, e.g. `{ BAD_PHONE: 'phone' }`. */
  readonly errorFields?: Readonly<Record<string, string>>
  /** Extra checks across fields (text key of the message by field name, or null when fine). */
  readonly check?: (values: FormValues) => Readonly<Record<string, string>> | null
  /** Sends the values; an ApiError it throws is shown on the fields it concerns. */
  readonly onSubmit: (values: FormValues) => Promise<void>
}

export interface FormView {
  readonly element: HTMLFormElement
  /** Shows a message on the whole form (e.g. a refusal that concerns no field). */
  showError(message: string): void
}

interface FieldControl {
  readonly spec: FieldSpec
  readonly input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement
  readonly message: HTMLElement
}

function inputFor(spec: FieldSpec, id: string, messageId: string): FieldControl['input'] {
  const common = { id, name: spec.name, 'aria-describedby': messageId, autocomplete: spec.autocomplete ?? 'off' }
  if (spec.kind === 'select') {
    const select = h('select', common, spec.isRequired === true ? null : h('option', { value: '' }, '—'), (spec.options ?? []).map((option) => h('option', { value: option.value }, option.label)))
    select.value = spec.value === null || spec.value === undefined ? '' : String(spec.value)
    return select
  }
  if (spec.kind === 'textarea') return h('textarea', { ...common, rows: 3, value: spec.value === null || spec.value === undefined ? '' : String(spec.value) })
  const input = h('input', {
    ...common,
    type: spec.kind === 'number' ? 'text' : (spec.kind ?? 'text'),
    inputmode: spec.kind === 'number' ? 'decimal' : spec.kind === 'tel' ? 'tel' : null,
    placeholder: spec.placeholder ?? null,
  })
  if (spec.kind === 'checkbox') input.checked = spec.value === true
  else if (spec.value !== null && spec.value !== undefined) input.value = String(spec.value)
  return input
}

function readValue(control: FieldControl): FieldValue | null {
  const { spec, input } = control
  if (spec.kind === 'checkbox') return (input as HTMLInputElement).checked
  const text = input.value.trim()
  if (text === '') return null
  if (spec.kind === 'number') return Number(text)
  return text
}

/** The text key (and params) of what is wrong with a value, or null. Checked before sending. */
function problemOf(spec: FieldSpec, raw: string, value: FieldValue | null): [string, Record<string, number>] | null {
  if (value === null) return spec.isRequired === true ? ['form.required', {}] : null
  if (spec.kind === 'number') {
    if (typeof value !== 'number' || !Number.isFinite(value)) return ['form.number', {}]
    if ((spec.min !== undefined && value < spec.min) || (spec.max !== undefined && value > spec.max)) return ['form.range', { min: spec.min ?? -Infinity, max: spec.max ?? Infinity }]
    return null
  }
  if (typeof value !== 'string') return null
  if (spec.minLength !== undefined && [...value].length < spec.minLength) return ['form.tooShort', { min: spec.minLength }]
  if (spec.maxLength !== undefined && [...value].length > spec.maxLength) return ['form.tooLong', { max: spec.maxLength }]
  if (spec.pattern !== undefined && !new RegExp(`^(?:${spec.pattern})$`, 'u').test(raw.trim())) return [spec.hint ?? 'form.pattern', {}]
  return null
}

/** The field an ajv detail from the hub names: "/phone must match…" or "/ must have required property 'name'". */
function fieldOfDetail(detail: string): string | null {
  const required = /required property '([^']+)'/.exec(detail)
  if (required !== null) return required[1] ?? null
  const path = /^\/([^/\s]+)/.exec(detail)
  return path === null ? null : (path[1] ?? null)
}

/**
 * A form people can trust: labels they read, checks in their language before anything is sent,
 * the hub's refusals shown on the field they concern, and what they typed kept after an error.
 * Large touch targets come from the shared stylesheet (`.field`, `.big`).
 */
export function formView(i18n: I18n, spec: FormSpec): FormView {
  const formMessage = h('p', { class: 'form-error', role: 'alert', hidden: true })
  const submit = h('button', { type: 'submit', class: 'big primary' }, i18n.t(spec.submitLabel))
  const controls: FieldControl[] = spec.fields.map((field, index) => {
    const id = `f-${field.name}-${index}-${Math.random().toString(36).slice(2, 7)}`
    const message = h('span', { class: 'field-message', id: `${id}-message` }, field.hint === undefined ? '' : i18n.t(field.hint))
    return { spec: field, input: inputFor(field, id, `${id}-message`), message }
  })
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    controls.map(({ spec: field, input, message }) =>
      h('div', { class: field.kind === 'checkbox' ? 'field checkbox' : 'field', 'data-field': field.name }, h('label', { for: input.id }, i18n.t(field.label), field.isRequired === true ? h('span', { class: 'required', 'aria-hidden': 'true' }, ' *') : null), input, message),
    ),
    formMessage,
    h('div', { class: 'form-actions' }, submit),
  )

  function mark(control: FieldControl, message: string | null): void {
    control.input.setAttribute('aria-invalid', message === null ? 'false' : 'true')
    control.message.classList.toggle('invalid', message !== null)
    control.message.textContent = message ?? (control.spec.hint === undefined ? '' : i18n.t(control.spec.hint))
  }
  function showFormError(message: string | null): void {
    formMessage.hidden = message === null
    formMessage.textContent = message ?? ''
  }
  function focusFirstInvalid(): void {
    controls.find((control) => control.input.getAttribute('aria-invalid') === 'true')?.input.focus()
  }

  function showApiError(error: unknown): void {
    if (!(error instanceof ApiError)) {
      showFormError(i18n.t('error.INTERNAL'))
      return
    }
    const fieldName = spec.errorFields?.[error.code] ?? null
    const byField = new Map<string, string>()
    if (fieldName !== null) byField.set(fieldName, errorText(i18n, error))
    for (const detail of error.details) {
      const name = fieldOfDetail(detail)
      if (name !== null && !byField.has(name)) byField.set(name, i18n.t(detail.includes('required property') ? 'form.required' : 'form.invalid'))
    }
    let shown = 0
    for (const control of controls) {
      const message = byField.get(control.spec.name)
      if (message !== undefined) {
        mark(control, message)
        shown += 1
      }
    }
    showFormError(shown > 0 && fieldName !== null ? null : errorText(i18n, error))
    focusFirstInvalid()
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault()
    if (submit.disabled) return
    const values: FormValues = {}
    let isValid = true
    for (const control of controls) {
      const value = readValue(control)
      const problem = problemOf(control.spec, control.input.value, value)
      mark(control, problem === null ? null : i18n.t(problem[0], problem[1]))
      if (problem !== null) isValid = false
      else if (value !== null) values[control.spec.name] = value
    }
    const crossProblems = isValid ? (spec.check?.(values) ?? null) : null
    for (const [name, key] of Object.entries(crossProblems ?? {})) {
      const control = controls.find((candidate) => candidate.spec.name === name)
      if (control !== undefined) mark(control, i18n.t(key))
      isValid = false
    }
    if (!isValid) {
      showFormError(i18n.t('form.fixErrors'))
      focusFirstInvalid()
      return
    }
    showFormError(null)
    submit.disabled = true
    submit.textContent = i18n.t('state.saving')
    spec
      .onSubmit(values)
      .catch(showApiError)
      .finally(() => {
        submit.disabled = false
        submit.textContent = i18n.t(spec.submitLabel)
      })
  })

  return { element: form, showError: showFormError }
}
