import type { CastMember, CommunityCast } from './community-files.js'
import { DEMO_CARD_FACILITY } from './seed-people.js'
import { ScenarioStage } from './scenario-stage.js'

/** One act of the scenario: what happens at the devices and the hub, said in one line per step. */
export type ScenarioAct = (stage: ScenarioStage, round: number) => Promise<void>


/** Who plays which part, picked afresh each round so anti-passback sees new people. */
export class ScenarioCast {
  readonly #cast: CommunityCast

  constructor(cast: CommunityCast) {
    this.#cast = cast
  }

  member(personId: string): CastMember {
    return this.#cast.members.find((member) => member.personId === personId)!
  }

  /** The n-th resident (owner or family, or tenant) of a building, outside the observed household. */
  resident(building: 1 | 2 | 3, n: number): CastMember {
    const observed = this.member(this.#cast.roles.returnee).householdId
    const pool = this.#cast.members.filter((member) => member.role !== 'staff' && member.building === building && member.householdId !== observed)
    return pool[(n * 7) % pool.length]!
  }

  /** Someone of the returnee's household, under home observation. */
  quarantined(n: number): CastMember {
    const household = this.member(this.#cast.roles.returnee).householdId
    const family = this.#cast.members.filter((member) => member.householdId === household)
    return family[n % family.length]!
  }

  get volunteer(): CastMember {
    return this.member(this.#cast.roles.volunteer)
  }

  get phoneResident(): CastMember {
    return this.member(this.#cast.roles.phoneResident)
  }
}

const who = (member: CastMember) => `${member.name}${member.building === null ? '' : ` (building ${member.building})`}`

/** A card at a reader, and what the door answered, as the hub's ledger has it. */
async function presentCard(stage: ScenarioStage, reader: string, doorId: string, member: CastMember, story: string): Promise<void> {
  const position = await stage.ledgerPosition()
  await stage.device(reader, `card ${DEMO_CARD_FACILITY} ${member.card}`)
  stage.say(`${story} → ${ScenarioStage.outcome(await stage.nextEvent(doorId, position))}`)
}

/** At the gate's residents' lane the thermometer measures first: a forehead in front of it, then the card. */
async function atTheGate(stage: ScenarioStage, member: CastMember, celsius: number, story: string): Promise<void> {
  await stage.device('gate-thermo', `temp ${celsius}`)
  try {
    await presentCard(stage, 'gate-res-in', 'gate-residents', member, story)
  } finally {
    await stage.device('gate-thermo', 'temp none')
  }
}

const THEN = '          '
const refusal = (answer: { readonly status: number; readonly body: Record<string, unknown> | null }) => `refused ${answer.status} ${JSON.stringify(answer.body?.error ?? answer.body)}`

/** Story 6: home by the gate (measured, card), then the building door with the same card. */
const arrival = (cast: ScenarioCast): ScenarioAct => async (stage, round) => {
  const member = cast.resident(round % 2 === 0 ? 1 : 2, round * 3)
  await atTheGate(stage, member, 36.4, `Arrival: ${who(member)} comes home; 36.4 °C at the gate kiosk, card at the residents' lane`)
  await stage.pause(2500)
  await presentCard(stage, `bld-${member.building}-in`, `bld-${member.building}-door`, member, `${THEN}${member.name} shows the same card at the building ${member.building} door`)
}

/** The phone opens a door through the hub's signed command. */
const phoneOpens = (cast: ScenarioCast): ScenarioAct => async (stage) => {
  const answer = await stage.resident.request('POST', '/api/doors/bld-1-door/open', {})
  const said = answer.status === 200 ? String(answer.body?.status) : refusal(answer)
  stage.say(`Phone: ${who(cast.phoneResident)} opens the building 1 door from the phone app (POST /api/doors/bld-1-door/open) → ${said}`)
}

/** Story 1: a hot forehead, the kiosk's re-measure calls a fever; the staff's contact thermometer clears it. */
const fever = (cast: ScenarioCast): ScenarioAct => async (stage, round) => {
  const member = cast.resident(round % 2 === 0 ? 2 : 1, round * 3 + 1)
  await stage.device('gate-thermo', 'temp 38.6')
  try {
    await presentCard(stage, 'gate-res-in', 'gate-residents', member, `Fever: ${who(member)} walked in the sun; the kiosk reads 38.6 °C, re-measures`)
    const position = await stage.ledgerPosition()
    const check = await stage.gateStaff.request('POST', '/api/doors/gate-residents/open', { action: 'CLEAR_FEVER', contactCelsius: 36.8, reason: '水银体温计复测 36.8' })
    const event = check.status === 200 ? await stage.nextEvent('gate-residents', position) : null
    const said = check.status === 200 ? String(check.body?.status) : refusal(check)
    stage.say(`${THEN}周师傅 re-measures with a contact thermometer: 36.8 °C → ${said}${event === null ? '' : `; the gate: ${ScenarioStage.outcome(event)}`}`)
  } finally {
    await stage.device('gate-thermo', 'temp none')
  }
}

/** Story 2: the card handed back over the fence meets anti-passback. */
const lentPass = (cast: ScenarioCast): ScenarioAct => async (stage, round) => {
  const member = cast.resident(round % 2 === 0 ? 1 : 2, round * 3 + 2)
  await atTheGate(stage, member, 36.5, `Lent pass: ${who(member)} enters with their card`)
  await stage.pause(2500)
  await atTheGate(stage, member, 36.7, `${THEN}…and hands it back over the fence to a friend, who tries the same card`)
}

/** Story 3: home observation keeps the household in. */
const homeObservation = (cast: ScenarioCast): ScenarioAct => async (stage, round) => {
  const member = cast.quarantined(round)
  await presentCard(stage, 'gate-res-out', 'gate-residents', member, `Home observation: ${who(member)}, whose household is under 14 days of home observation, tries to go out through the gate`)
}

/** Story 3: the sealed building refuses its residents; the exempt volunteer brings food. */
const sealedBuilding = (cast: ScenarioCast): ScenarioAct => async (stage, round) => {
  const member = cast.resident(3, round)
  await presentCard(stage, 'bld-3-in', 'bld-3-door', member, `Sealed building: ${who(member)} tries to get into sealed building 3`)
  await stage.pause(2500)
  await presentCard(stage, 'bld-3-in', 'bld-3-door', cast.volunteer, `${THEN}${cast.volunteer.name} delivers food to building 3 (lockdown-exempt)`)
}

/** Story 5: a visitor's pass opens the gates and the host's building, not the stairwell next door. */
const visitor = (cast: ScenarioCast): ScenarioAct => async (stage) => {
  const before = await stage.policiesApplied()
  const invite = await stage.resident.request('POST', '/api/visitor-passes', { visitorName: '刘先生', validUntilMs: Date.now() + 2 * 3_600_000, codeForm: 'keypad' })
  const code = typeof invite.body?.code === 'string' ? invite.body.code : null
  if (code === null) return stage.say(`Visitor: ${who(cast.phoneResident)} invites a visitor → ${refusal(invite)}`)
  stage.say(`Visitor: ${who(cast.phoneResident)} invites 刘先生 from the phone: a 2-hour keypad code for the gates and building 1`)
  // The pass reaches the gate and building 1 (a visitor never goes further); wait until they applied it.
  await stage.policiesApplied(new Map(['gate', 'bld-1'].map((edgeId) => [edgeId, before.get(edgeId)?.version ?? 0])))
  await typeCode(stage, 'bld-2', code, `${THEN}刘先生 wanders to building 2 and types the code`)
  await stage.pause(2500)
  await typeCode(stage, 'bld-1', code, `${THEN}…then finds building 1 and types it there`)
  await stage.resident.request('POST', `/api/visitor-passes/${String(invite.body?.id)}/revoke`, {})
}

/** The acts of one round, in order. */
export function scenarioActs(cast: ScenarioCast): ScenarioAct[] {
  return [arrival, phoneOpens, fever, lentPass, homeObservation, sealedBuilding, visitor].map((act) => act(cast))
}

async function typeCode(stage: ScenarioStage, building: 'bld-1' | 'bld-2', code: string, story: string): Promise<void> {
  const position = await stage.ledgerPosition()
  await stage.device(`${building}-in`, `pin ${code}#`)
  stage.say(`${story} → ${ScenarioStage.outcome(await stage.nextEvent(`${building}-door`, position))}`)
}
