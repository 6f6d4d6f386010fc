import type { PolicyCredential } from '../../../../protocol/policy/policy-credential.js'
import type { PolicyDoor } from '../../../../protocol/policy/policy-door.js'
import type { PolicyLockdown } from '../../../../protocol/policy/policy-lockdown.js'
import type { PolicyMedicalException } from '../../../../protocol/policy/policy-medical-exception.js'
import type { PolicyObservation } from '../../../../protocol/policy/policy-observation.js'
import type { PolicyPerson } from '../../../../protocol/policy/policy-person.js'
import type { PolicyPhoneKey } from '../../../../protocol/policy/policy-phone-key.js'
import type { PolicySchedule } from '../../../../protocol/policy/policy-schedule.js'
import type { PolicySite } from '../../../../protocol/policy/policy-site.js'
import { isValidEdgeId } from '../../../../protocol/mqtt/topics.js'
import type {
  ModelCredential,
  ModelDoor,
  ModelLockdown,
  ModelMedicalException,
  ModelObservation,
  ModelPerson,
  ModelPhoneKey,
  ModelSchedule,
  ModelSite,
} from './policy-model.js'
import { printablePolicyText } from './printable-policy-text.js'

/** Names on kiosk screens and staff lists: policy rows allow 64 characters. */
const NAME_LENGTH = 64

/**
 * Model rows to policy rows (protocol/policy/*), field by field. Every row lists exactly the
 * fields of its schema, in one order, so rows of one entity share a hidden class and serialise
 * the same way.
 */
export const policyRowOf = {
  site(site: ModelSite): PolicySite {
    return {
      id: site.id,
      name: printablePolicyText(site.name, NAME_LENGTH, site.id),
      utcOffsetMinutes: site.utcOffsetMinutes,
      feverThresholdCelsius: site.feverThresholdCelsius,
      lowReadingCelsius: site.lowReadingCelsius,
      calibrationOffsetCelsius: site.calibrationOffsetCelsius,
      ambientReferenceCelsius: site.ambientReferenceCelsius,
      ambientCoefficient: site.ambientCoefficient,
      maxAmbientCompensationCelsius: site.maxAmbientCompensationCelsius,
      samplesPerMeasurement: site.samplesPerMeasurement,
      remeasureWaitMs: site.remeasureWaitMs,
      maxRemeasures: site.maxRemeasures,
    }
  },

  door(door: ModelDoor): PolicyDoor {
    return {
      id: door.id,
      name: printablePolicyText(door.name, NAME_LENGTH, door.id),
      kind: door.kind,
      buildingId: door.buildingId,
      antiPassback: door.antiPassback,
      antiPassbackGroupId: door.antiPassbackGroupId,
      antiPassbackResetMs: door.antiPassbackResetMs,
      isTemperatureRequired: door.isTemperatureRequired,
      temperatureEnforcement: door.temperatureEnforcement,
      maxPolicyAgeMs: door.maxPolicyAgeMs,
    }
  },

  person(person: ModelPerson, buildingId: string | null): PolicyPerson {
    return {
      id: person.id,
      displayName: printablePolicyText(person.displayName, NAME_LENGTH, '?'),
      role: person.role,
      householdId: person.householdId,
      buildingId,
      // A photo id that could not be a row reference is left out rather than fail the row.
      photoId: person.photoId !== null && isValidEdgeId(person.photoId) ? person.photoId : null,
    }
  },

  credential(credential: ModelCredential): PolicyCredential {
    const isVisitor = credential.kind === 'visitor'
    return {
      id: credential.id,
      personId: credential.personId,
      kind: credential.kind,
      lookupKey: credential.lookupKey,
      status: credential.status,
      validFromMs: credential.validFromMs,
      validUntilMs: credential.validUntilMs,
      boundPhoneKeyId: credential.kind === 'entry-pass' ? credential.boundPhoneKeyId : null,
      hostPersonId: isVisitor ? credential.hostPersonId : null,
      hostBuildingId: isVisitor ? credential.hostBuildingId : null,
    }
  },

  phoneKey(key: ModelPhoneKey): PolicyPhoneKey {
    return { id: key.id, personId: key.personId, publicKey: key.publicKey, passCredentialId: key.passCredentialId, status: key.status }
  },

  schedule(schedule: ModelSchedule, holidays: readonly string[]): PolicySchedule {
    return {
      id: schedule.id,
      name: printablePolicyText(schedule.name, NAME_LENGTH, schedule.id),
      windows: [...schedule.windows],
      holidays: [...holidays],
      holidayWindows: [...schedule.holidayWindows],
    }
  },

  observation(order: ModelObservation): PolicyObservation {
    return { id: order.id, subjectKind: order.subjectKind, subjectId: order.subjectId, startsAtMs: order.startsAtMs, endsAtMs: order.endsAtMs }
  },

  medicalException(exception: ModelMedicalException): PolicyMedicalException {
    return {
      id: exception.id,
      personId: exception.personId,
      startsAtMs: exception.startsAtMs,
      endsAtMs: exception.endsAtMs,
      approvedBy: printablePolicyText(exception.approvedBy, NAME_LENGTH, '?'),
    }
  },

  lockdown(lockdown: ModelLockdown): PolicyLockdown {
    return { id: lockdown.id, buildingId: lockdown.buildingId, startsAtMs: lockdown.startsAtMs, endsAtMs: lockdown.endsAtMs }
  },
}
