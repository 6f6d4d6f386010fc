import type { SeedingApi } from './seeding-api.js'

export type BuildingNumber = 1 | 2 | 3

export interface SeededHousehold {
  readonly index: number
  readonly id: string
  readonly building: BuildingNumber
  readonly room: string
}

export interface SeededPlaces {
  readonly gridIds: readonly [string, string]
  readonly buildingIds: Readonly<Record<BuildingNumber, string>>
  readonly households: readonly SeededHousehold[]
}

/** Building 3 is small: the sealed one (83 households in the story; a handful here). */
export const SEALED_BUILDING_HOUSEHOLDS = 6
const UNITS: Readonly<Record<BuildingNumber, number>> = { 1: 4, 2: 4, 3: 1 }
const ROOMS_PER_FLOOR = 2

/** Where the i-th household lives: building 3 takes the first few, then buildings 1 and 2 alternate. */
export function buildingOfHousehold(index: number): BuildingNumber {
  if (index < SEALED_BUILDING_HOUSEHOLDS) return 3
  return (index - SEALED_BUILDING_HOUSEHOLDS) % 2 === 0 ? 1 : 2
}

/**
 * The community's places through the hub's API: the site (向阳小区), two grids (building 1;
 * buildings 2 and 3), the buildings with their units, and `households` households spread over
 * the units, two rooms a floor ("101", "102", "201" ...).
 */
export async function seedPlaces(api: SeedingApi, households: number): Promise<SeededPlaces> {
  await api.call('PUT', '/api/site', { name: '向阳小区' })
  const grid1 = await api.call<{ id: string }>('POST', '/api/grids', { name: '第一网格' })
  const grid2 = await api.call<{ id: string }>('POST', '/api/grids', { name: '第二网格' })
  const gridOf: Record<BuildingNumber, string> = { 1: grid1.id, 2: grid2.id, 3: grid2.id }
  const buildingIds = {} as Record<BuildingNumber, string>
  const unitIds = {} as Record<BuildingNumber, string[]>
  for (const building of [1, 2, 3] as const) {
    const created = await api.call<{ id: string }>('POST', '/api/buildings', { name: `${building}号楼`, gridId: gridOf[building] })
    buildingIds[building] = created.id
    unitIds[building] = []
    for (let unit = 1; unit <= UNITS[building]; unit += 1) {
      const createdUnit = await api.call<{ id: string }>('POST', `/api/buildings/${created.id}/units`, { name: `${unit}单元` })
      unitIds[building].push(createdUnit.id)
    }
  }
  const seeded: SeededHousehold[] = []
  const placedIn: Record<BuildingNumber, number> = { 1: 0, 2: 0, 3: 0 }
  for (let index = 0; index < households; index += 1) {
    const building = buildingOfHousehold(index)
    const units = unitIds[building]
    const ordinal = placedIn[building]++
    const unitId = units[ordinal % units.length]!
    const inUnit = Math.floor(ordinal / units.length)
    const room = `${1 + Math.floor(inUnit / ROOMS_PER_FLOOR)}0${1 + (inUnit % ROOMS_PER_FLOOR)}`
    const household = await api.call<{ id: string }>('POST', '/api/households', { unitId, room })
    seeded.push({ index, id: household.id, building, room })
  }
  return { gridIds: [grid1.id, grid2.id], buildingIds, households: seeded }
}
