import type { DoorConfig } from '../config/edge-config.js'
import type { KioskLane } from '../domain/kiosk-types.js'
import type { PolicyView } from '../domain/policy-view.js'
import { screeningSettingsFromSite } from '../domain/screening-settings.js'

type Entry = DoorConfig['entries'][number]

/**
 * A lane's kiosk settings: wiring from the edge config, rules from the policy in force (the door
 * row says how strict the temperature check is, the site row how to screen), and whether the
 * lane's thermometer delivers readings now. Read at every event so a new policy, or a thermometer
 * going offline, applies at once. The assisted lane itself never sends people to the assisted lane.
 */
export function kioskLaneFor(door: DoorConfig, entry: Entry, policy: PolicyView, isThermometerAvailable: boolean): KioskLane {
  const policyDoor = policy.door(door.id)
  return {
    doorId: door.id,
    direction: entry.direction,
    lane: entry.lane,
    order: door.kioskOrder,
    enforcement: policyDoor?.temperatureEnforcement ?? 'hard',
    isManualOpenAllowed: entry.lane === 'assisted',
    unlockPulseMs: door.pulseMs,
    feedbackMs: 4000,
    measureTimeoutMs: 15_000,
    credentialTimeoutMs: 20_000,
    staffCheckTimeoutMs: 120_000,
    screening: screeningSettingsFromSite(policy.site()),
    isThermometerAvailable,
    thermometerOfflineFallback: entry.lane === 'assisted' ? 'see-staff' : door.thermometerOfflineFallback,
  }
}
