import t from 'tap'
import { decideAccess } from '../../../../edge/src/domain/decide-access.js'
import type { DecisionContext } from '../../../../edge/src/domain/access-request.js'
import { NO_TEMPERATURE } from '../../../../edge/src/domain/temperature-result.js'
import type { ReplayCache } from '../../../../edge/src/ports/replay-cache.js'
import { QrCredentialReader, type QrReading } from '../../../../edge/src/services/qr-credential-reader.js'
import { InMemoryPolicyView } from '../../../fakes/in-memory-policy-view.js'
import { HOUR_MS, MONDAY_10AM_MS, communityEntities, makeCredential, makePerson } from '../../../fakes/policy-rows.js'
import { SilentLogger } from '../../../fakes/silent-logger.js'

const CODE = 'Q7dK2mXw9pLr4TsB'
const TRUSTED: DecisionContext = { isClockTrusted: true, isHubConnected: true, policyAgeMs: 0 }

/** A visitor code is not single use: nothing may ever ask the replay cache about it. */
const NO_REPLAY_CACHE: ReplayCache = {
  checkAndRemember: () => {
    throw new Error('a visitor pass never reaches the replay cache')
  },
  pruneExpired: () => 0,
  size: () => 0,
}

function rig() {
  const entities = communityEntities()
  entities.person.push(makePerson('p-visitor-chen', { displayName: '陈访客', role: 'visitor' }))
  entities.credential.push(
    makeCredential('c-visit-chen', 'p-visitor-chen', `visitor:${CODE}`, {
      kind: 'visitor',
      validFromMs: MONDAY_10AM_MS - HOUR_MS,
      validUntilMs: MONDAY_10AM_MS + 4 * HOUR_MS,
      hostPersonId: 'p-zhang',
      hostBuildingId: 'b1',
    }),
  )
  const policy = InMemoryPolicyView.fromEntities(entities)
  const log = new SilentLogger()
  const reader = new QrCredentialReader({ policy, replayCache: NO_REPLAY_CACHE, decisionContext: () => TRUSTED, log })
  const decide = (reading: QrReading, doorId: string, atMs = MONDAY_10AM_MS) => {
    if (reading.kind !== 'presented') throw new Error(`refused: ${reading.code}`)
    const { credential, isReplay } = reading.event
    return decideAccess({ credential, doorId, direction: 'in', lane: 'none', atMs, temperature: NO_TEMPERATURE, isReplay }, policy, TRUSTED)
  }
  return { reader, log, decide }
}

const scan = (text: string) => ({ text, atMs: MONDAY_10AM_MS })

t.test("presents a visitor pass's QR code as its lookup key, again and again (gate, building door, way out)", async (t) => {
  const { reader, decide } = rig()
  const expected = { kind: 'presented', event: { type: 'credential-presented', credential: { presentedAs: 'qr', lookupKey: `visitor:${CODE}` }, isReplay: false } }
  t.same(reader.read(scan(`GHV1.${CODE}`)), expected)
  t.same(reader.read(scan(`GHV1.${CODE}`)), expected, 'the second showing is no replay')
  t.match(decide(reader.read(scan(`GHV1.${CODE}`)), 'east-gate'), { granted: true, credentialId: 'c-visit-chen', person: { id: 'p-visitor-chen' } })
  t.same(reader.refusals.toJSON(), {})
})

t.test('decides it with the visitor rules: the host building only, and not after the time box', async (t) => {
  const { reader, decide } = rig()
  const reading = reader.read(scan(`GHV1.${CODE}`))
  t.match(decide(reading, 'b1-door'), { granted: true })
  t.match(decide(reading, 'b2-door'), { granted: false, reason: 'VISITOR_SCOPE' })
  t.match(decide(reading, 'east-gate', MONDAY_10AM_MS + 4 * HOUR_MS), { granted: false, reason: 'EXPIRED' })
})

t.test('refuses a malformed visitor code as BAD_FORMAT, counts it and logs why without the code', async (t) => {
  const { reader, log } = rig()
  const cases: [string, string][] = [
    [`GHV1.${CODE.slice(0, 12)}`, 'BAD_CODE'],
    [`GHV1.${CODE}.x`, 'BAD_FIELD_COUNT'],
    [`GHV2.${CODE}`, 'UNSUPPORTED_VERSION'],
  ]
  for (const [line, detail] of cases) {
    t.same(reader.read(scan(line)), { kind: 'refused', code: 'BAD_FORMAT', denyReason: 'UNKNOWN_CREDENTIAL', detail }, detail)
  }
  t.same(reader.refusals.toJSON(), { BAD_FORMAT: 3 })
  t.same(log.lines.map((line) => (line.object as { detail?: string }).detail), ['BAD_CODE', 'BAD_FIELD_COUNT', 'UNSUPPORTED_VERSION'])
  t.notMatch(JSON.stringify(log.lines), CODE.slice(0, 12), 'no part of the code is logged')
})
