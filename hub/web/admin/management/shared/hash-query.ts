/** The query part of the address's hash (`#/residents?q=张` → q=张): a screen's filters survive Back and reload. */
export function hashQuery(): URLSearchParams {
  const hash = location.hash
  const mark = hash.indexOf('?')
  return new URLSearchParams(mark < 0 ? '' : hash.slice(mark + 1))
}

/** `#/path?name=value` with empty values left out. */
export function hashLink(path: string, query: Readonly<Record<string, string | number | null | undefined>> = {}): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && value !== undefined && value !== '') params.set(name, String(value))
  }
  const search = params.toString()
  return `#${path}${search === '' ? '' : `?${search}`}`
}

/** Goes to the link; when the address is already that one, `rerender` shows it again (a repeated search). */
export function goTo(link: string, rerender: () => void): void {
  if (location.hash === link) rerender()
  else location.hash = link
}
