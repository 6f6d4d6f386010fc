/**
 * Who is calling the hub's HTTP API, as the sign-in layer established it. Every route checks the
 * caller's role and scope on the server (`requireCaller`); hiding a button is never the check.
 */
export const HUB_ROLES = ['admin', 'grid-manager', 'gate-staff', 'landlord', 'resident'] as const

export type HubRole = (typeof HUB_ROLES)[number]

export interface Caller {
  /** The staff or resident account. */
  readonly accountId: string
  /** Name as staff know it; every manual act is logged with it. */
  readonly displayName: string
  readonly role: HubRole
  /** grid-manager: the grid they manage. */
  readonly gridId: string | null
  /** gate-staff: the edge (checkpoint) they work at. */
  readonly checkpointEdgeId: string | null
  /** landlord: their landlord record. */
  readonly landlordId: string | null
  /** resident (and staff who are also residents): their person record. */
  readonly personId: string | null
}

export function isHubRole(value: string): value is HubRole {
  return (HUB_ROLES as readonly string[]).includes(value)
}
