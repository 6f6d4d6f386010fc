/** What may be placed inside an element: nodes, text, or nothing (null/false skip). */
export type Child = Node | string | number | null | undefined | false | readonly Child[]

type Handler = (event: Event) => void
/** Attributes; `onclick`-style keys take a handler, booleans toggle, null/undefined/false omit. */
export type Attrs = Record<string, string | number | boolean | null | undefined | Handler>

/**
 * Builds an element: `h('button', { class: 'big', onclick: go }, t('open'))`. Text is always
 * set as text (never parsed as HTML), so names and reasons from the server cannot inject markup.
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attrs ?? {})) setAttribute(element, name, value)
  append(element, children)
  return element
}

function setAttribute(element: HTMLElement, name: string, value: Attrs[string]): void {
  if (value === null || value === undefined || value === false) return
  if (typeof value === 'function') {
    element.addEventListener(name.slice(2), value)
    return
  }
  if (name === 'value' && 'value' in element) {
    ;(element as HTMLInputElement).value = String(value)
    return
  }
  element.setAttribute(name, value === true ? '' : String(value))
}

/** Appends children, flattening arrays and skipping empty ones. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue
    if (Array.isArray(child)) append(parent, child)
    else parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child)))
  }
}

/** Replaces everything inside `parent` with `children`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.textContent = ''
  append(parent, children)
}
