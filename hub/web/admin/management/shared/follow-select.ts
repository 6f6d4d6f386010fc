/**
 * Shows only the field the chosen value of a select needs (`fieldsByValue`: value → field name)
 * and hides the others it names; they stay in the form, so what was typed in them is kept. For
 * forms whose fields depend on a kind (a rule's target, an account's role).
 */
export function followSelect(form: HTMLFormElement, selectName: string, fieldsByValue: Readonly<Record<string, string>>): void {
  const select = form.querySelector<HTMLSelectElement>(`select[name="${selectName}"]`)
  if (select === null) return
  const show = () => {
    const wanted = fieldsByValue[select.value]
    for (const field of new Set(Object.values(fieldsByValue))) form.querySelector<HTMLElement>(`[data-field="${field}"]`)?.toggleAttribute('hidden', field !== wanted)
  }
  select.addEventListener('change', show)
  show()
}
