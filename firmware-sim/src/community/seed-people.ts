import type { CastMember } from './community-files.js'
import { demoIdNumber, demoName, demoPhone } from './demo-identities.js'
import type { SeededHousehold, SeededPlaces } from './seed-places.js'
import type { SeedingApi } from './seeding-api.js'

/** The facility (site) code on every demo card. */
export const DEMO_CARD_FACILITY = 100
const FIRST_CARD_NUMBER = 10_001

export interface SeededPeople {
  readonly members: readonly CastMember[]
  readonly landlordIds: readonly string[]
  readonly entryPasses: number
}

/** Every 5th household is rented out; the others are lived in by their owners. */
const RENTED_EVERY = 5
const LANDLORDS = ['吴房东', '郑房东', '孙房东'] as const

/** People through the hub's API, card by card; `counter` makes names and card numbers unique. */
class PeopleSeeder {
  readonly #api: SeedingApi
  readonly members: CastMember[] = []
  entryPasses = 0

  constructor(api: SeedingApi) {
    this.#api = api
  }

  get nextOrdinal(): number {
    return this.members.length
  }

  async resident(household: SeededHousehold, relation: 'owner' | 'family'): Promise<CastMember> {
    const ordinal = this.nextOrdinal
    const body = { displayName: demoName(ordinal), role: 'resident', relation, householdId: household.id, phone: demoPhone(ordinal) }
    const person = await this.#api.call<{ id: string }>('POST', '/api/persons', body)
    return this.#withCard(person.id, body.displayName, 'resident', household)
  }

  /** Declared by the landlord (the hub admin typing it in on their behalf) and verified by grid staff. */
  async tenant(household: SeededHousehold, landlordId: string): Promise<CastMember> {
    const ordinal = this.nextOrdinal
    const tenant = { displayName: demoName(ordinal), phone: demoPhone(ordinal), idNumber: demoIdNumber(ordinal) }
    const declared = await this.#api.call<{ id: string }>('POST', '/api/tenant-declarations', { landlordId, householdId: household.id, tenant, note: '一年租约' })
    const verified = await this.#api.call<{ personId: string }>('POST', `/api/tenant-declarations/${declared.id}/verify`, { note: '网格员电话核实' })
    return this.#withCard(verified.personId, tenant.displayName, 'tenant', household)
  }

  async staff(name: string): Promise<CastMember> {
    const ordinal = this.nextOrdinal
    const person = await this.#api.call<{ id: string }>('POST', '/api/persons', { displayName: name, role: 'staff', phone: demoPhone(ordinal) })
    return this.#withCard(person.id, name, 'staff', null)
  }

  /** An entry pass (出入证) besides the card, as the office hands out to owners. */
  async entryPass(member: CastMember): Promise<void> {
    const passNumber = `XY${String(member.card).padStart(6, '0')}`
    await this.#api.call('POST', '/api/credentials', { kind: 'entry-pass', passNumber, personId: member.personId })
    this.entryPasses += 1
  }

  async #withCard(personId: string, name: string, role: CastMember['role'], household: SeededHousehold | null): Promise<CastMember> {
    const card = FIRST_CARD_NUMBER + this.members.length
    await this.#api.call('POST', '/api/credentials', { kind: 'card', format: 'H10301', facility: DEMO_CARD_FACILITY, cardNumber: card, personId })
    const member: CastMember = { personId, name, role, building: household?.building ?? null, householdId: household?.id ?? null, card }
    this.members.push(member)
    return member
  }
}

/**
 * The people: owners and their families (1–4 a household), tenants of three landlords in every
 * 5th household, a few staff; every one with a card, every 4th owner with an entry pass too.
 */
export async function seedPeople(api: SeedingApi, places: SeededPlaces, staffNames: readonly string[]): Promise<SeededPeople> {
  const seeder = new PeopleSeeder(api)
  const landlordIds: string[] = []
  for (const [index, name] of LANDLORDS.entries()) {
    const landlord = await api.call<{ id: string }>('POST', '/api/landlords', { displayName: name, phone: demoPhone(50_000 + index), idNumber: demoIdNumber(50_000 + index) })
    landlordIds.push(landlord.id)
  }
  let rented = 0
  for (const household of places.households) {
    if (household.index % RENTED_EVERY === RENTED_EVERY - 1) {
      const landlordId = landlordIds[rented++ % landlordIds.length]!
      for (let tenant = 0; tenant < 1 + (household.index % 2); tenant += 1) await seeder.tenant(household, landlordId)
      continue
    }
    const owner = await seeder.resident(household, 'owner')
    if (household.index % 4 === 0) await seeder.entryPass(owner)
    for (let family = 1; family < 1 + ((household.index * 5) % 4); family += 1) await seeder.resident(household, 'family')
  }
  for (const name of staffNames) await seeder.staff(name)
  return { members: seeder.members, landlordIds, entryPasses: seeder.entryPasses }
}
