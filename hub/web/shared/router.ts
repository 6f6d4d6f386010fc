/** A route's path parameters, e.g. `{ personId: 'per-…' }` for `#/residents/:personId`. */
export type RouteParams = Readonly<Record<string, string>>

interface Route {
  readonly parts: readonly string[]
  readonly render: (params: RouteParams) => void
}

/**
 * Hash routes (`#/residents/per-1`): the hub serves one page per app and the address bar still
 * names the screen, so a link can be shared and Back works.
 */
export class HashRouter {
  readonly #routes: Route[] = []
  #fallback: (() => void) | null = null

  on(pattern: string, render: (params: RouteParams) => void): this {
    this.#routes.push({ parts: pattern.replace(/^#?\/?/, '').split('/').filter((part) => part !== ''), render })
    return this
  }

  otherwise(render: () => void): this {
    this.#fallback = render
    return this
  }

  #isListening = false

  /** Renders the current route and follows every later change of the address (once signed in). */
  start(): void {
    if (!this.#isListening) {
      window.addEventListener('hashchange', () => this.render())
      this.#isListening = true
    }
    this.render()
  }

  /** Renders the route the address names (again, e.g. after a language switch). */
  render(): void {
    const path = decodeURIComponent(location.hash.replace(/^#\/?/, '').split('?')[0] ?? '')
    const parts = path.split('/').filter((part) => part !== '')
    for (const route of this.#routes) {
      const params = matchParts(route.parts, parts)
      if (params !== null) {
        route.render(params)
        return
      }
    }
    this.#fallback?.()
  }
}

function matchParts(pattern: readonly string[], parts: readonly string[]): RouteParams | null {
  if (pattern.length !== parts.length) return null
  const params: Record<string, string> = {}
  for (let index = 0; index < pattern.length; index += 1) {
    const expected = pattern[index] ?? ''
    const actual = parts[index] ?? ''
    if (expected.startsWith(':')) params[expected.slice(1)] = actual
    else if (expected !== actual) return null
  }
  return params
}

/** Moves to a screen: `navigate('/residents/per-1')`. */
export function navigate(path: string): void {
  location.hash = `#${path.startsWith('/') ? path : `/${path}`}`
}
