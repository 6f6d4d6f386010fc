/** The hub's people-and-places answers as these screens read them (hub/src/adapters/http/routes/*-routes.ts). */

export type PersonRole = 'resident' | 'tenant' | 'staff' | 'visitor'
export type PersonRelation = 'owner' | 'tenant' | 'family'
export type PersonStatus = 'active' | 'pending' | 'moved-out'

export interface PersonView {
  readonly id: string
  readonly displayName: string
  readonly role: PersonRole
  readonly relation: PersonRelation | null
  readonly status: PersonStatus
  readonly householdId: string | null
  readonly gridId: string | null
  readonly landlordId: string | null
  readonly phone: string | null
  readonly idNumber: string | null
  readonly photoId: string | null
  readonly buildingId: string | null
  readonly buildingName: string | null
  readonly unitId: string | null
  readonly unitName: string | null
  readonly room: string | null
  readonly createdAtMs: number
  readonly updatedAtMs: number | null
  readonly visibility: 'identity' | 'masked' | 'contact' | 'full'
}

export interface Page<T> {
  readonly items: readonly T[]
  readonly total: number
  readonly limit: number
  readonly offset: number
}

export interface GridView {
  readonly id: string
  readonly name: string
  readonly managerAccountId: string | null
  readonly managerName: string | null
  readonly buildingCount: number
  readonly householdCount: number
}

export interface BuildingView {
  readonly id: string
  readonly name: string
  readonly gridId: string | null
  readonly unitCount: number
  readonly householdCount: number
  readonly residentCount: number
}

export interface UnitView {
  readonly id: string
  readonly buildingId: string
  readonly name: string
  readonly gridId: string | null
  readonly householdCount: number
}

export interface HouseholdView {
  readonly id: string
  readonly unitId: string
  readonly unitName: string
  readonly buildingId: string
  readonly buildingName: string
  readonly room: string
  readonly gridId: string | null
  readonly memberCount: number
}

/** "3号楼 2单元 302", or "—" for someone without a home (staff). */
export function homeText(place: { readonly buildingName: string | null; readonly unitName: string | null; readonly room: string | null }): string {
  const parts = [place.buildingName, place.unitName, place.room].filter((part): part is string => part !== null && part !== '')
  return parts.length === 0 ? '—' : parts.join(' ')
}
