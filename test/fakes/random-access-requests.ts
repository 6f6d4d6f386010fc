/**
 * Seeded random access requests and decision contexts over a small community (people p0–p5, doors
 * d0–d3, buildings b0–b2): shared by the decideAccess property test and the SQLite equivalence
 * test, so both explore the same space.
 */
import type { AccessRequest, DecisionContext } from '../../edge/src/domain/access-request.js'
import type { TemperatureResult } from '../../edge/src/domain/temperature-result.js'
import type { ByteFuzzer } from '../fuzz/byte-fuzzer.js'
import { DAY_MS, MONDAY_10AM_MS } from './policy-rows.js'

export const PEOPLE = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5']
export const DOORS = ['d0', 'd1', 'd2', 'd3']
export const BUILDINGS = ['b0', 'b1', 'b2']
export const KEYS = ['card:h10301:1:1', 'card:h10301:1:2', 'pin:1234', 'pass:A1', 'phone:k0', 'phone:k1', 'visitor:abcdefgh', 'pass:B2']

/** An instant around Monday 10:00, now and then one that is not a valid time at all. */
export function time(random: ByteFuzzer): number {
  if (random.chance(0.02)) return random.pick([Number.NaN, -1, Number.MAX_SAFE_INTEGER, Infinity])
  return MONDAY_10AM_MS + Math.round((random.next() - 0.5) * 20 * DAY_MS)
}

export function maybe<T>(random: ByteFuzzer, value: T, probability = 0.5): T | null {
  return random.chance(probability) ? value : null
}

export function randomTemperature(random: ByteFuzzer): TemperatureResult {
  const celsius = 30 + random.next() * 12
  switch (random.int(4)) {
    case 0:
      return { status: 'none' }
    case 1:
      return { status: 'bad-reading', celsius: maybe(random, celsius), isRemeasured: random.chance(0.5) }
    default:
      return { status: random.pick(['normal', 'fever'] as const), celsius, isRemeasured: random.chance(0.5), checkedBy: null }
  }
}

export function randomRequest(random: ByteFuzzer): AccessRequest {
  return {
    credential: {
      presentedAs: random.pick(['card', 'pass', 'pin', 'phone', 'qr'] as const),
      lookupKey: random.chance(0.9) ? random.pick(KEYS) : random.bytes(random.int(12)).toString('latin1'),
      phoneKeyId: random.chance(0.7) ? null : random.pick(['k0', 'k1', 'k9']),
      holderId: random.chance(0.9) ? undefined : random.pick(PEOPLE),
    },
    doorId: random.chance(0.95) ? random.pick(DOORS) : 'unknown',
    direction: random.pick(['in', 'out'] as const),
    lane: random.pick(['residents', 'returnees', 'assisted', 'none'] as const),
    atMs: time(random),
    temperature: randomTemperature(random),
    isReplay: random.chance(0.05),
  }
}

export function randomContext(random: ByteFuzzer): DecisionContext {
  return { isClockTrusted: random.chance(0.8), isHubConnected: random.chance(0.5), policyAgeMs: random.chance(0.02) ? Number.NaN : random.int(4) * DAY_MS }
}
