import { append, type Child } from '../../shared/dom.js'

const SVG_NS = 'http://www.w3.org/2000/svg'

/** An SVG element (charts): attributes set as given, children appended; text is always text. */
export function svg(tag: string, attrs: Readonly<Record<string, string | number | null | undefined>> = {}, ...children: Child[]): SVGElement {
  const element = document.createElementNS(SVG_NS, tag)
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined) element.setAttribute(name, String(value))
  }
  append(element, children)
  return element
}
