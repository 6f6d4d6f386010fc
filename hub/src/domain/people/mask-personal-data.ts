import type { Caller } from '../caller.js'

/**
 * What a caller may see of a person (ARCHITECTURE.md §5: personal data masked for roles that need
 * not see it). The hub stores full phones and ID numbers; every read path goes through here.
 *
 *   admin         everyone, phone and ID number masked; the full values only through the audited
 *                 "reveal" route (`revealPersonalData`)
 *   grid-manager  the people of their grid: full phone (they call them), masked ID number
 *   landlord      their own tenants (declared or verified): full phone, masked ID number
 *   resident      their own household: full phone, masked ID number
 *   gate-staff    anyone, but only name, photo, role and status: who is this, not how to reach them
 *
 * Anyone outside the caller's scope is not visible at all (`null`).
 */
export interface PersonRecord {
  readonly id: string
  readonly displayName: string
  readonly role: 'resident' | 'tenant' | 'staff' | 'visitor'
  readonly relation: 'owner' | 'tenant' | 'family' | null
  readonly status: 'active' | 'pending' | 'moved-out'
  readonly householdId: string | null
  readonly gridId: string | null
  readonly landlordId: string | null
  readonly phone: string | null
  readonly idNumber: string | null
  readonly photoId: string | null
  /** Where the household is; null when the person has none. */
  readonly buildingId: string | null
  readonly buildingName: string | null
  readonly unitId: string | null
  readonly unitName: string | null
  readonly room: string | null
  readonly createdAtMs: number
  readonly updatedAtMs: number
}

/** The caller plus the household their own person record belongs to (looked up by the route). */
export interface PersonViewer extends Pick<Caller, 'role' | 'gridId' | 'landlordId' | 'personId'> {
  readonly householdId: string | null
}

export type PersonVisibility = 'none' | 'identity' | 'masked' | 'contact' | 'full'

export interface PersonView extends Omit<PersonRecord, 'phone' | 'idNumber'> {
  /** Full, masked (138****5678) or null when the caller may not see it or there is none. */
  readonly phone: string | null
  readonly idNumber: string | null
  readonly visibility: Exclude<PersonVisibility, 'none'>
}

const NO_PLACE = { householdId: null, gridId: null, buildingId: null, buildingName: null, unitId: null, unitName: null, room: null } as const

export function personVisibility(viewer: PersonViewer, person: PersonRecord): PersonVisibility {
  switch (viewer.role) {
    case 'admin':
      return 'masked'
    case 'gate-staff':
      return 'identity'
    case 'grid-manager':
      return viewer.gridId !== null && person.gridId === viewer.gridId ? 'contact' : 'none'
    case 'landlord':
      return viewer.landlordId !== null && person.landlordId === viewer.landlordId ? 'contact' : 'none'
    case 'resident':
      return person.id === viewer.personId || (viewer.householdId !== null && person.householdId === viewer.householdId)
        ? 'contact'
        : 'none'
    default:
      return 'none'
  }
}

/** The person as `viewer` may see them, or null when they are outside the viewer's scope. */
export function maskPersonalData(viewer: PersonViewer, person: PersonRecord): PersonView | null {
  const visibility = personVisibility(viewer, person)
  return visibility === 'none' ? null : viewAt(visibility, person)
}

/** Everything in full: only for the audited reveal route (admin). */
export function revealPersonalData(person: PersonRecord): PersonView {
  return viewAt('full', person)
}

function viewAt(visibility: Exclude<PersonVisibility, 'none'>, person: PersonRecord): PersonView {
  const { phone, idNumber, ...rest } = person
  if (visibility === 'identity') {
    return { ...rest, ...NO_PLACE, relation: null, landlordId: null, phone: null, idNumber: null, visibility }
  }
  return {
    ...rest,
    phone: phone === null ? null : visibility === 'masked' ? maskPhone(phone) : phone,
    idNumber: idNumber === null ? null : visibility === 'full' ? idNumber : maskIdNumber(idNumber),
    visibility,
  }
}

/** 110105199003071234 → 110***********1234: first 3 and last 4 kept. */
export function maskIdNumber(idNumber: string): string {
  return maskMiddle(idNumber, 3, 4)
}

/** 13812345678 → 138****5678; landlines keep their first 3 and last 4 digits too. */
export function maskPhone(phone: string): string {
  return maskMiddle(phone, 3, 4)
}

function maskMiddle(value: string, keepStart: number, keepEnd: number): string {
  if (value.length <= keepStart + keepEnd) return '*'.repeat(value.length)
  return value.slice(0, keepStart) + '*'.repeat(value.length - keepStart - keepEnd) + value.slice(-keepEnd)
}
