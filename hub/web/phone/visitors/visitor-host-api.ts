import type { ApiClient } from '../../shared/api-client.js'
import type { SignedInAccount } from '../../shared/app-session.js'

/** GET /api/visitor-requests items (hub/src/adapters/http/visitors/visitor-request-views.ts). */
export interface VisitorRequestView {
  readonly id: string
  readonly state: 'pending' | 'approved' | 'declined' | 'lapsed'
  readonly gateName: string
  readonly buildingName: string
  readonly unitName: string
  readonly room: string
  readonly visitorName: string
  readonly visitorPhone: string
  readonly purpose: string
  readonly expectedAtMs: number
  readonly passId: string | null
}

/** GET /api/visitor-passes items (VisitorPassViewSchema). */
export interface VisitorPassView {
  readonly id: string
  readonly visitorName: string
  readonly hostBuildingId: string
  readonly validFromMs: number
  readonly validUntilMs: number
  readonly status: 'active' | 'revoked'
  readonly codeForm: 'qr' | 'keypad'
  readonly code: string | null
  readonly qrText: string | null
}

export interface Page<T> {
  readonly items: readonly T[]
  readonly total: number
}

/** The name of the host's own building, for "gate + building N only"; null when it cannot be read. */
export async function hostBuildingName(api: ApiClient, account: SignedInAccount): Promise<string | null> {
  if (account.personId === null) return null
  try {
    const me = await api.get<{ householdId: string | null }>(`/api/persons/${encodeURIComponent(account.personId)}`)
    if (me.householdId === null) return null
    const household = await api.get<{ buildingName: string }>(`/api/households/${encodeURIComponent(me.householdId)}`)
    return household.buildingName
  } catch {
    return null
  }
}
