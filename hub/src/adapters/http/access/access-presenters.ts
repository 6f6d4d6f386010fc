import type { Static } from '@sinclair/typebox'
import { maskCredentialKey } from '../../../../../edge/src/domain/masking.js'
import { visitorQrTextOf } from '../../../../../protocol/policy/visitor-qr-code.js'
import { mayDiscloseLookupKey } from '../../../domain/access/credential-disclosure.js'
import { daysLeft, timedOrderStatus } from '../../../domain/access/timed-order.js'
import type { Caller } from '../../../domain/caller.js'
import type { CredentialView } from '../../sqlite/access/credential-repository.js'
import type { LockdownView } from '../../sqlite/access/lockdown-repository.js'
import type { MedicalExceptionView } from '../../sqlite/access/medical-exception-repository.js'
import type { ObservationOrderView } from '../../sqlite/access/observation-repository.js'
import type {
  CredentialViewSchema,
  LockdownViewSchema,
  MedicalExceptionViewSchema,
  ObservationOrderViewSchema,
  VisitorPassViewSchema,
} from './access-view-schemas.js'

/** A credential as `caller` may see it: the full key only where `mayDiscloseLookupKey` allows. */
export function presentCredential(caller: Caller, credential: CredentialView): Static<typeof CredentialViewSchema> {
  return {
    ...credential,
    maskedReference: maskCredentialKey(credential.lookupKey),
    lookupKey: mayDiscloseLookupKey(caller, credential) ? credential.lookupKey : null,
  }
}

/** A visitor credential as a pass: the code (without its lookup-key prefix) for the host and admins. */
export function presentVisitorPass(caller: Caller, credential: CredentialView): Static<typeof VisitorPassViewSchema> {
  const separator = credential.lookupKey.indexOf(':')
  const isDisclosed = mayDiscloseLookupKey(caller, credential)
  return {
    id: credential.id,
    visitorPersonId: credential.personId,
    visitorName: credential.personName,
    hostPersonId: credential.hostPersonId ?? '',
    hostBuildingId: credential.hostBuildingId ?? '',
    validFromMs: credential.validFromMs ?? credential.issuedAtMs,
    validUntilMs: credential.validUntilMs ?? credential.issuedAtMs,
    status: credential.status,
    codeForm: credential.lookupKey.startsWith('pin:') ? 'keypad' : 'qr',
    code: isDisclosed ? credential.lookupKey.slice(separator + 1) : null,
    qrText: isDisclosed ? visitorQrTextOf(credential.lookupKey) : null,
    issuedAtMs: credential.issuedAtMs,
    revokedAtMs: credential.revokedAtMs,
    lastUsedAtMs: credential.lastUsedAtMs,
    lastUsedDoorName: credential.lastUsedDoorName,
  }
}

export function presentObservation(order: ObservationOrderView, nowMs: number): Static<typeof ObservationOrderViewSchema> {
  const timed = { startsAtMs: order.startsAtMs, endsAtMs: order.endsAtMs, endedEarlyAtMs: order.releasedEarlyAtMs }
  return { ...order, status: timedOrderStatus(timed, nowMs), daysLeft: daysLeft(timed, nowMs) }
}

export function presentLockdown(lockdown: LockdownView, nowMs: number): Static<typeof LockdownViewSchema> {
  const timed = { startsAtMs: lockdown.startsAtMs, endsAtMs: lockdown.endsAtMs, endedEarlyAtMs: lockdown.liftedEarlyAtMs }
  return { ...lockdown, status: timedOrderStatus(timed, nowMs), daysLeft: daysLeft(timed, nowMs) }
}

export function presentMedicalException(exception: MedicalExceptionView, nowMs: number): Static<typeof MedicalExceptionViewSchema> {
  return { ...exception, status: timedOrderStatus({ ...exception, endedEarlyAtMs: null }, nowMs) }
}
