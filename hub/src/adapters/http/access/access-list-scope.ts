import { peopleListScope } from '../../../domain/access/access-scope.js'
import type { Caller } from '../../../domain/caller.js'
import { outOfScope } from '../require-caller.js'

/**
 * The filters a people-bound list (credentials, phone keys, visitor passes) is confined to for
 * `caller`: everything for an admin, their grid for a grid manager, themself for a resident
 * (asking for someone else is refused, not silently narrowed); other roles are refused.
 * `personField` names the filter that means "this person" in that list.
 */
export function confinePeopleList<F extends Record<string, unknown>>(caller: Caller, filter: F, personField: keyof F & string): F & { gridId?: string } {
  const scope = peopleListScope(caller)
  switch (scope.kind) {
    case 'all':
      return filter
    case 'grid':
      return { ...filter, gridId: scope.gridId }
    case 'person': {
      const asked = filter[personField]
      if (asked !== undefined && asked !== scope.personId) throw outOfScope(`person ${String(asked)}`)
      return { ...filter, [personField]: scope.personId }
    }
    case 'none':
      throw outOfScope('these records')
  }
}
