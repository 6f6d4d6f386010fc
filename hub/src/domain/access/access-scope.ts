import type { Caller } from '../caller.js'

/**
 * Where a person, household or building sits in the community, as far as scope checks need it.
 * A person's grid is their household's grid, else their building's.
 */
export interface SubjectPlace {
  readonly personId: string | null
  readonly householdId: string | null
  readonly buildingId: string | null
  readonly gridId: string | null
}

/**
 * Who may change what in the access model (ARCHITECTURE.md §1 roles), checked on the server:
 *
 * - admin: everything.
 * - grid-manager: the people, households and buildings of their own grid (credentials, phones,
 *   observation orders, medical exceptions, visitor passes whose host lives there).
 * - resident: their own phone keys and the visitor passes they host.
 * - gate-staff: read-only, and only what the checkpoint needs.
 *
 * Edges, doors, door groups, schedules, holidays, access rules and lockdowns are the admin's.
 */
export function mayManageAccessModel(caller: Caller): boolean {
  return caller.role === 'admin'
}

/** Credentials, observation orders and medical exceptions of someone at `place`. */
export function mayManagePeopleAt(caller: Caller, place: SubjectPlace): boolean {
  if (caller.role === 'admin') return true
  return caller.role === 'grid-manager' && caller.gridId !== null && place.gridId === caller.gridId
}

/** Phone keys: staff as for credentials, and a resident their own phones. */
export function mayManagePhoneKeysOf(caller: Caller, place: SubjectPlace): boolean {
  return mayManagePeopleAt(caller, place) || isSelf(caller, place)
}

/** Visitor passes: staff as for credentials (`hostPlace` is the host's), and the host themself. */
export function mayManageVisitorPassesOf(caller: Caller, hostPlace: SubjectPlace): boolean {
  return mayManagePeopleAt(caller, hostPlace) || isSelf(caller, hostPlace)
}

/** Reading a person's credentials: their managers, and the person themself (the phone app). */
export function mayReadCredentialsOf(caller: Caller, place: SubjectPlace): boolean {
  return mayManagePeopleAt(caller, place) || isSelf(caller, place)
}

/** Edges and doors: staff see them all except gate staff, who see their own checkpoint. */
export function mayReadEdge(caller: Caller, edgeId: string): boolean {
  if (caller.role === 'admin' || caller.role === 'grid-manager') return true
  return caller.role === 'gate-staff' && caller.checkpointEdgeId === edgeId
}

/**
 * The narrowest listing a role may ask for: null when it may list everything, else the one grid
 * or person its lists are confined to.
 */
export type ListScope =
  | { readonly kind: 'all' }
  | { readonly kind: 'grid'; readonly gridId: string }
  | { readonly kind: 'person'; readonly personId: string }
  | { readonly kind: 'none' }

/** What of people-bound rows (credentials, phone keys, visitor passes) a caller may list. */
export function peopleListScope(caller: Caller): ListScope {
  switch (caller.role) {
    case 'admin':
      return { kind: 'all' }
    case 'grid-manager':
      return caller.gridId === null ? { kind: 'none' } : { kind: 'grid', gridId: caller.gridId }
    case 'resident':
      return caller.personId === null ? { kind: 'none' } : { kind: 'person', personId: caller.personId }
    default:
      return { kind: 'none' }
  }
}

function isSelf(caller: Caller, place: SubjectPlace): boolean {
  return caller.role === 'resident' && caller.personId !== null && place.personId === caller.personId
}

/**
 * Reading one credential: a visitor pass belongs to its host's scope (the visitor has no
 * household), every other credential to its holder's.
 */
export function mayReadCredential(caller: Caller, credential: { readonly kind: string }, holder: SubjectPlace, host: SubjectPlace | null): boolean {
  if (credential.kind === 'visitor') return host !== null && mayManageVisitorPassesOf(caller, host)
  return mayReadCredentialsOf(caller, holder)
}

/**
 * Revoking one: a visitor pass by its host or the host's managers, a phone's own credential by
 * its owner too (lost phone), anything else by the holder's managers only.
 */
export function mayRevokeCredential(caller: Caller, credential: { readonly kind: string }, holder: SubjectPlace, host: SubjectPlace | null): boolean {
  if (credential.kind === 'visitor') return host !== null && mayManageVisitorPassesOf(caller, host)
  if (credential.kind === 'phone') return mayManagePhoneKeysOf(caller, holder)
  return mayManagePeopleAt(caller, holder)
}
