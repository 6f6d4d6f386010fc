import type { ApiClient } from '../shared/api-client.js'
import { replaceChildren, type Child } from '../shared/dom.js'
import type { I18n } from '../shared/i18n.js'

/** What the visitor's screens work with: texts, the API, the main area, and a way to start over. */
export interface VisitorPage {
  readonly i18n: I18n
  readonly api: ApiClient
  readonly main: HTMLElement
  /** Renders whatever the page should show now (the form, the request, a shared pass). */
  readonly render: () => void
}

export function showOnPage(page: VisitorPage, ...children: Child[]): void {
  replaceChildren(page.main, ...children)
}

/** The visitor's request and the secret to follow it, kept on this phone only. */
export interface StoredVisitorRequest {
  readonly id: string
  readonly token: string
}

const STORAGE_KEY = 'gatehouse.visit.request'
/** This page's own copy, for when storage is refused (private mode). */
let kept: StoredVisitorRequest | null | undefined

export function storedRequest(): StoredVisitorRequest | null {
  if (kept !== undefined) return kept
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null')
    if (typeof parsed !== 'object' || parsed === null) return null
    const { id, token } = parsed as Record<string, unknown>
    return typeof id === 'string' && typeof token === 'string' ? { id, token } : null
  } catch {
    return null
  }
}

export function storeRequest(request: StoredVisitorRequest | null): void {
  kept = request
  try {
    if (request === null) localStorage.removeItem(STORAGE_KEY)
    else localStorage.setItem(STORAGE_KEY, JSON.stringify(request))
  } catch {
    // Private mode: the request is followed for as long as this page stays open.
  }
}
