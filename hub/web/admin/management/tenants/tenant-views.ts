/** Landlords, tenant declarations and visitor passes as the hub answers them. */

export interface LandlordView {
  readonly id: string
  readonly displayName: string
  readonly phone: string | null
  readonly idNumber: string | null
  readonly personId: string | null
  readonly activeTenantCount: number
  readonly pendingTenantCount: number
}

export type DeclarationStatus = 'pending' | 'verified' | 'rejected' | 'ended'

export interface DeclarationView {
  readonly id: string
  readonly landlordId: string
  readonly landlordName: string
  readonly personId: string
  readonly personName: string
  readonly householdId: string
  readonly buildingId: string
  readonly buildingName: string
  readonly unitName: string
  readonly room: string
  readonly gridId: string | null
  readonly declaredAtMs: number
  readonly status: DeclarationStatus
  readonly decidedAtMs: number | null
  readonly note: string | null
}

export interface VisitorPassView {
  readonly id: string
  readonly visitorPersonId: string
  readonly visitorName: string
  readonly hostPersonId: string
  readonly hostBuildingId: string
  readonly validFromMs: number
  readonly validUntilMs: number
  readonly status: 'active' | 'revoked'
  readonly codeForm: 'qr' | 'keypad'
  readonly issuedAtMs: number
  readonly lastUsedAtMs: number | null
  readonly lastUsedDoorName: string | null
}

export interface Page<T> {
  readonly items: readonly T[]
  readonly total: number
}
