import type { ApiClient } from './api-client.js'

export type HubRole = 'admin' | 'grid-manager' | 'gate-staff' | 'landlord' | 'resident'

/** The signed-in account, as GET /api/me describes it. */
export interface SignedInAccount {
  readonly id: string
  readonly username: string
  readonly displayName: string
  readonly role: HubRole
  readonly gridId: string | null
  readonly checkpointEdgeId: string | null
  readonly landlordId: string | null
  readonly personId: string | null
  readonly mustChangePassword: boolean
}

interface SessionView {
  readonly account: SignedInAccount
  readonly csrfToken: string
  readonly expiresAtMs: number
}

/** Loads the session behind the cookie (null when signed out) and arms the client's CSRF token. */
export async function loadSession(api: ApiClient): Promise<SignedInAccount | null> {
  try {
    const session = await api.get<SessionView>('/api/me')
    api.csrfToken = session.csrfToken
    return session.account
  } catch (error) {
    if (error instanceof Error && 'status' in error && (error as { status: number }).status === 401) return null
    throw error
  }
}

/** Signs in; the hub sets the session cookie. */
export async function signIn(api: ApiClient, username: string, password: string): Promise<SignedInAccount> {
  const session = await api.post<SessionView>('/api/session', { username, password })
  api.csrfToken = session.csrfToken
  return session.account
}

export async function signOut(api: ApiClient): Promise<void> {
  await api.delete('/api/session')
  api.csrfToken = null
}
