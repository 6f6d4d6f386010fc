/**
 * The test community (test/fakes/policy-rows.ts) with a row of every entity and every column
 * form: a staff member on a schedule, a visitor, a PIN with a validity window, a digital entry
 * pass bound to a phone, a revoked phone key, home observation of a person and a household (two
 * orders for one subject, to check range order), a medical exception and a sealed building.
 * Valid under validatePolicySnapshot.
 */
import {
  DAY_MS,
  MONDAY_10AM_MS,
  communityEntities,
  makeAccess,
  makeCredential,
  makeLockdown,
  makeMedicalException,
  makeObservation,
  makePerson,
  makePhoneKey,
  makeSchedule,
  type MutableEntities,
} from '../../fakes/policy-rows.js'

export function richCommunity(): MutableEntities {
  const entities = communityEntities()
  entities.person.push(
    makePerson('p-wang', { displayName: '王师傅', role: 'staff', photoId: 'photo-wang' }),
    makePerson('p-zhao', { displayName: '赵敏', householdId: 'h-102', buildingId: 'b1' }),
    makePerson('v-chen', { displayName: '陈访客', role: 'visitor' }),
  )
  entities.credential.push(
    makeCredential('c-li-pin', 'p-li', 'pin:20200214', { kind: 'pin', validFromMs: MONDAY_10AM_MS - DAY_MS, validUntilMs: MONDAY_10AM_MS + DAY_MS }),
    makeCredential('c-zhang-pass', 'p-zhang', 'pass:A0123', { kind: 'entry-pass', boundPhoneKeyId: 'pk-zhang' }),
    makeCredential('c-zhang-phone', 'p-zhang', 'phone:pk-zhang', { kind: 'phone' }),
    makeCredential('c-li-phone', 'p-li', 'phone:pk-li-old', { kind: 'phone' }),
    makeCredential('c-wang', 'p-wang', 'card:h10301:212:9001'),
    makeCredential('c-zhao', 'p-zhao', 'card:h10301:212:7100'),
    makeCredential('c-chen', 'v-chen', 'visitor:Q7dK2mXw9pL', {
      kind: 'visitor',
      validUntilMs: MONDAY_10AM_MS + 4 * 3_600_000,
      hostPersonId: 'p-li',
      hostBuildingId: 'b2',
    }),
  )
  entities.access.push(
    makeAccess('p-wang', 'b2-door', { scheduleId: 'cleaners', isLockdownExempt: true }),
    makeAccess('p-wang', 'b2-door', { id: 'a-wang-b2-weekend', scheduleId: 'weekends' }),
    ...['north-gate', 'east-gate', 'b1-door'].map((door) => makeAccess('p-zhao', door)),
  )
  entities.schedule.push(
    makeSchedule('cleaners', ['mon-fri 07:00-19:00'], { holidays: ['2026-10-01', '2026-10-02'], holidayWindows: ['mon-sun 09:00-12:00'] }),
    makeSchedule('weekends', ['sat,sun 08:00-18:00']),
  )
  entities.observation.push(
    makeObservation('o-zhao', 'person', 'p-zhao', MONDAY_10AM_MS - 3 * DAY_MS, MONDAY_10AM_MS + 11 * DAY_MS),
    makeObservation('o-h101-old', 'household', 'h-101', MONDAY_10AM_MS - 30 * DAY_MS, MONDAY_10AM_MS - 16 * DAY_MS),
    makeObservation('o-h101', 'household', 'h-101', MONDAY_10AM_MS - DAY_MS, MONDAY_10AM_MS + 13 * DAY_MS),
  )
  entities['medical-exception'].push(makeMedicalException('m-zhao', 'p-zhao', MONDAY_10AM_MS - 3_600_000, MONDAY_10AM_MS + 3_600_000))
  entities.lockdown.push(
    makeLockdown('l-b2-old', 'b2', MONDAY_10AM_MS - 10 * DAY_MS, MONDAY_10AM_MS - 9 * DAY_MS),
    makeLockdown('l-b2', 'b2', MONDAY_10AM_MS - DAY_MS, MONDAY_10AM_MS + DAY_MS),
  )
  entities['phone-key'].push(
    makePhoneKey('pk-zhang', 'p-zhang', { passCredentialId: 'c-zhang-pass', publicKey: Buffer.alloc(32, 7).toString('base64') }),
    makePhoneKey('pk-li-old', 'p-li', { status: 'revoked' }),
  )
  return entities
}

/**
 * The rich community with `people` more residents of building 1 (a card and the north gate
 * each), and the card card:h10301:212:7041 (Zhang's) active or revoked: a policy big enough that
 * applying it takes a while, with one credential whose status tells which version was read.
 */
export function bigCommunity(people: number, watchedStatus: 'active' | 'revoked'): MutableEntities {
  const entities = richCommunity()
  entities.credential = entities.credential.map((row) => (row.lookupKey === 'card:h10301:212:7041' ? { ...row, status: watchedStatus } : row))
  for (let index = 0; index < people; index++) {
    entities.person.push(makePerson(`p${index}`, { buildingId: 'b1' }))
    entities.credential.push(makeCredential(`c${index}`, `p${index}`, `card:h10301:7:${index}`))
    entities.access.push(makeAccess(`p${index}`, 'north-gate'))
  }
  return entities
}
