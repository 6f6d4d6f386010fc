/**
 * The tables of a cached policy. Each entity name is what `PolicyChange.entity` carries; each row
 * is keyed by its `id`, which is the change's `key`.
 */
import type { Static, TSchema } from '@sinclair/typebox'
import { PolicyAccess } from './policy-access.js'
import { PolicyCredential } from './policy-credential.js'
import { PolicyDoor } from './policy-door.js'
import { PolicyLockdown } from './policy-lockdown.js'
import { PolicyMedicalException } from './policy-medical-exception.js'
import { PolicyObservation } from './policy-observation.js'
import { PolicyPerson } from './policy-person.js'
import { PolicyPhoneKey } from './policy-phone-key.js'
import { PolicySchedule } from './policy-schedule.js'
import { PolicySite } from './policy-site.js'

export const POLICY_ENTITY_SCHEMAS = {
  site: PolicySite,
  door: PolicyDoor,
  person: PolicyPerson,
  credential: PolicyCredential,
  access: PolicyAccess,
  schedule: PolicySchedule,
  observation: PolicyObservation,
  'medical-exception': PolicyMedicalException,
  lockdown: PolicyLockdown,
  'phone-key': PolicyPhoneKey,
} as const satisfies Record<string, TSchema>

export type PolicyEntityName = keyof typeof POLICY_ENTITY_SCHEMAS

export const POLICY_ENTITY_NAMES = Object.keys(POLICY_ENTITY_SCHEMAS) as readonly PolicyEntityName[]

export type PolicyRowOf<E extends PolicyEntityName> = Static<(typeof POLICY_ENTITY_SCHEMAS)[E]>

/**
 * Most rows of each entity one snapshot may hold: sized for one edge of a 100,000-resident
 * community (every resident has a few credentials and may pass every door of the edge).
 */
export const POLICY_ENTITY_MAX_ROWS: Readonly<Record<PolicyEntityName, number>> = {
  site: 1,
  door: 256,
  person: 500_000,
  credential: 1_000_000,
  access: 2_000_000,
  schedule: 1_024,
  observation: 500_000,
  'medical-exception': 100_000,
  lockdown: 1_024,
  'phone-key': 500_000,
}

export function isPolicyEntityName(name: string): name is PolicyEntityName {
  return Object.hasOwn(POLICY_ENTITY_SCHEMAS, name)
}
