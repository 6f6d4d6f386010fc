/**
 * Story 2, the lent pass: holder, pass number and registered phone must agree. A card handed back
 * over the fence is caught by hard anti-passback at the north gate; a digital entry pass shown
 * from someone else's phone is caught by the phone binding; a phone code shown twice (a
 * screenshot passed on) is refused as a replay.
 */
import t, { type Test } from 'tap'
import { SimulatedQrScanner } from '../../firmware-sim/src/qr/simulated-qr-scanner.js'
import { MultiDropBus } from '../../firmware-sim/src/transports/multi-drop-bus.js'
import { communityEntities, makeAccess, makeCredential, makePerson, makePhoneKey } from '../fakes/policy-rows.js'
import { osdpBus, storyConfig } from './story-config.js'
import { startStoryEdge } from './story-edge.js'
import { phoneCode, storyPhone } from './story-phones.js'
import { nextRelayPulse, relayPulses, storyReader } from './story-reader.js'
import { WarpClock } from './warp-clock.js'

const ZHANG_CARD = { facility: 212, card: 7041 }
const WANG_PASS = 'A0123'
const PULSE_MS = 500

const config = storyConfig({
  osdpBuses: [osdpBus('bus-1', { 'north-in': 1, 'north-out': 2 })],
  qrScanners: [{ id: 'north-qr', link: 'sim://north-qr' }],
  doors: [
    {
      id: 'north-gate',
      failMode: 'fail-secure',
      lock: { kind: 'osdp', reader: 'north-in', output: 0 },
      pulseMs: PULSE_MS,
      entries: [
        { reader: 'north-in', direction: 'in', lane: 'residents' },
        { reader: 'north-out', direction: 'out', lane: 'residents' },
      ],
      qrScanner: 'north-qr',
    },
  ],
})

const wangPhone = storyPhone()
const zhaoPhone = storyPhone()

async function northGate(t: Test) {
  const entities = communityEntities()
  entities.door = entities.door.map((door) => (door.id === 'north-gate' ? { ...door, isTemperatureRequired: false } : door))
  // Wang carries his entry pass (出入证) on his phone; his neighbour Zhao has a phone of his own.
  entities.person.push(
    makePerson('p-wang', { displayName: '王建华', householdId: 'h-102', buildingId: 'b1' }),
    makePerson('p-zhao', { displayName: '赵国强', householdId: 'h-103', buildingId: 'b1' }),
  )
  entities.credential.push(
    makeCredential('c-pass-wang', 'p-wang', `pass:${WANG_PASS}`, { kind: 'entry-pass', boundPhoneKeyId: 'k-wang' }),
    makeCredential('c-phone-zhao', 'p-zhao', 'phone:k-zhao', { kind: 'phone' }),
  )
  entities['phone-key'].push(
    makePhoneKey('k-wang', 'p-wang', { publicKey: wangPhone.publicKeyBase64, passCredentialId: 'c-pass-wang' }),
    makePhoneKey('k-zhao', 'p-zhao', { publicKey: zhaoPhone.publicKeyBase64 }),
  )
  entities.access.push(makeAccess('p-wang', 'north-gate'), makeAccess('p-zhao', 'north-gate'))
  const clock = new WarpClock()
  const entering = storyReader(clock, 1)
  const leaving = storyReader(clock, 2)
  const scanner = new SimulatedQrScanner()
  const edge = await startStoryEdge(t, { config, entities, clock, devices: { 'bus-1': new MultiDropBus([entering, leaving]), 'north-qr': scanner } })
  /** The person walks through and the strike relocks when its pulse ends. */
  const walkThrough = () => {
    clock.advance(PULSE_MS)
    t.equal(entering.door.outputs[0], false, 'relocked')
  }
  return { edge, entering, leaving, scanner, lock: entering, walkThrough }
}

t.test('a card handed back over the fence is refused ANTI_PASSBACK until its holder has gone out', async (t) => {
  const { edge, entering, leaving, lock, walkThrough } = await northGate(t)
  let pulsed = nextRelayPulse(lock, 'the first entry')
  entering.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(1), { personId: 'p-zhang', direction: 'in', decision: { granted: true, reason: 'GRANTED' } })
  await pulsed
  walkThrough()

  // His friend outside the fence tries the same card.
  entering.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(2), {
    personId: 'p-zhang',
    direction: 'in',
    credential: { kind: 'card', maskedReference: '***7041' },
    decision: { granted: false, reason: 'ANTI_PASSBACK' },
  })
  t.match(await edge.waitForScreen('north-gate', 'the refusal', (screen) => screen.decision?.reason === 'ANTI_PASSBACK'), {
    personName: '张建国',
    decision: { granted: false },
  })
  t.equal(relayPulses(lock), 1, 'the gate stayed shut for the second entry')

  pulsed = nextRelayPulse(lock, 'the exit')
  leaving.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(3), { direction: 'out', decision: { granted: true } })
  await pulsed
  walkThrough()
  pulsed = nextRelayPulse(lock, 'the entry after leaving')
  entering.presentCard(ZHANG_CARD)
  t.match(await edge.waitForNthEvent(4), { direction: 'in', decision: { granted: true } })
  await pulsed
  t.equal(relayPulses(lock), 3, 'in, out and in again: three openings, none for the lent card')
})

t.test("a digital entry pass shown from another person's phone is refused PASS_HOLDER_MISMATCH; from its own phone it opens", async (t) => {
  const { edge, scanner, lock } = await northGate(t)
  // Zhao's phone signs a code presenting Wang's pass number.
  scanner.scan(phoneCode('k-zhao', zhaoPhone, { passNumber: WANG_PASS }))
  t.match(await edge.waitForNthEvent(1), {
    doorId: 'north-gate',
    direction: 'in',
    credential: { kind: 'qr' },
    personId: 'p-wang',
    decision: { granted: false, reason: 'PASS_HOLDER_MISMATCH' },
  })
  t.match(await edge.waitForScreen('north-gate', 'the refusal', (screen) => screen.decision !== null), { decision: { granted: false, reason: 'PASS_HOLDER_MISMATCH' } })
  t.equal(relayPulses(lock), 0)

  const pulsed = nextRelayPulse(lock)
  scanner.scan(phoneCode('k-wang', wangPhone, { passNumber: WANG_PASS }))
  t.match(await edge.waitForNthEvent(2), { personId: 'p-wang', credential: { kind: 'qr' }, decision: { granted: true, reason: 'GRANTED' } })
  await pulsed
  t.equal(relayPulses(lock), 1)
})

t.test('a phone code shown a second time (a screenshot passed on) is refused REPLAYED and journalled', async (t) => {
  const { edge, scanner, lock } = await northGate(t)
  const code = phoneCode('k-zhao', zhaoPhone)
  const pulsed = nextRelayPulse(lock)
  scanner.scan(code)
  t.match(await edge.waitForNthEvent(1), { personId: 'p-zhao', credential: { kind: 'qr' }, decision: { granted: true } })
  await pulsed
  scanner.scan(code)
  t.match(await edge.waitForNthEvent(2), { credential: { kind: 'qr' }, decision: { granted: false, reason: 'REPLAYED' } })
  t.match(await edge.waitForScreen('north-gate', 'the replay refusal', (screen) => screen.decision?.reason === 'REPLAYED'), { decision: { granted: false } })
  t.equal(relayPulses(lock), 1, 'one opening for one code')
})

t.test('a stale phone code (a screenshot from an hour ago) is refused at the scanner and the gate stays shut', async (t) => {
  const { edge, scanner, lock } = await northGate(t)
  scanner.scan(phoneCode('k-zhao', zhaoPhone, { issuedAtMs: Date.now() - 3_600_000 }))
  t.match(await edge.waitForScreen('north-gate', 'the refusal', (screen) => screen.decision !== null), {
    decision: { granted: false, reason: 'REPLAYED' },
  })
  t.equal(relayPulses(lock), 0)
})

t.test(
  'a stale phone code from an enrolled phone is journalled as a refused attempt',
  async (t) => {
    const { edge, scanner } = await northGate(t)
    scanner.scan(phoneCode('k-zhao', zhaoPhone, { issuedAtMs: Date.now() - 3_600_000 }))
    await edge.waitForScreen('north-gate', 'the refusal', (screen) => screen.decision !== null)
    const event = await edge.waitForNthEvent(1, 2000)
    t.match(event, { credential: { kind: 'qr' }, decision: { granted: false } })
  },
)
