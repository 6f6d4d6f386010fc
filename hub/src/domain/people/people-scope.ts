import type { Caller } from '../caller.js'
import { maskIdNumber, maskPhone } from './mask-personal-data.js'

/**
 * Who may change the people-and-places model (ARCHITECTURE.md §1 roles), checked on the server:
 * the admin everywhere; a grid manager the households and people of their own grid. Sites, grids,
 * buildings, units and staff persons are the admin's.
 */
export function mayManageGrid(caller: Caller, gridId: string | null): boolean {
  if (caller.role === 'admin') return true
  return caller.role === 'grid-manager' && caller.gridId !== null && gridId === caller.gridId
}

/**
 * The grid a caller's lists are confined to: null for the admin (everything), their grid for a
 * grid manager (one without a grid gets a grid id that matches nothing).
 */
export function gridScopeOf(caller: Caller): string | null {
  return caller.role === 'grid-manager' ? (caller.gridId ?? 'no-grid') : null
}

export interface LandlordContact {
  readonly id: string
  readonly phone: string | null
  readonly idNumber: string | null
}

/**
 * A landlord's contact data as `caller` may see it: grid managers (who verify tenants by phone)
 * and the landlord themself see the full phone; the admin sees it masked (reveal is audited);
 * the ID number is always masked. null when the caller may not see the landlord at all.
 */
export function maskLandlordData<T extends LandlordContact>(caller: Caller, landlord: T): T | null {
  const isOwn = caller.role === 'landlord' && caller.landlordId === landlord.id
  if (caller.role !== 'admin' && caller.role !== 'grid-manager' && !isOwn) return null
  return {
    ...landlord,
    phone: landlord.phone === null || caller.role !== 'admin' ? landlord.phone : maskPhone(landlord.phone),
    idNumber: landlord.idNumber === null ? null : maskIdNumber(landlord.idNumber),
  }
}
