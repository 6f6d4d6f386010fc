import { Type, type Static } from '@sinclair/typebox'

const BuildingNumber = Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3)])

/** A person of the demo community with their card (H10301, facility DEMO_CARD_FACILITY). */
export const CastMember = Type.Object(
  {
    personId: Type.String({ minLength: 1 }),
    name: Type.String({ minLength: 1 }),
    role: Type.Union([Type.Literal('resident'), Type.Literal('tenant'), Type.Literal('staff')]),
    building: Type.Union([BuildingNumber, Type.Null()], { description: 'null for staff' }),
    householdId: Type.Union([Type.String(), Type.Null()]),
    card: Type.Integer({ minimum: 0, maximum: 65_535 }),
  },
  { additionalProperties: false },
)
export type CastMember = Static<typeof CastMember>

/** Who is who in the seeded community (`community.json`): what the scenario and chaos need to act out stories. */
export const CommunityCast = Type.Object(
  {
    version: Type.Literal(1),
    seededAtMs: Type.Integer(),
    households: Type.Integer({ minimum: 1 }),
    entryPasses: Type.Integer({ minimum: 0 }),
    buildingIds: Type.Object({ 1: Type.String(), 2: Type.String(), 3: Type.String() }),
    members: Type.Array(CastMember),
    roles: Type.Object(
      {
        phoneResident: Type.String({ description: 'Has the demo resident account (building 1): opens doors from the phone, invites a visitor.' }),
        returnee: Type.String({ description: 'Came back from Wuhan; their household is under home observation.' }),
        gateGuard: Type.String(),
        volunteer: Type.String({ description: 'Delivers food to the sealed building 3 (lockdown-exempt).' }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
export type CommunityCast = Static<typeof CommunityCast>

/** A demo sign-in: printed at every start, kept in `demo-sign-ins.json` (mode 0600). */
export const DemoSignIn = Type.Object(
  {
    username: Type.String({ minLength: 1 }),
    password: Type.String({ minLength: 10 }),
    role: Type.Union(['admin', 'grid-manager', 'gate-staff', 'landlord', 'resident'].map((role) => Type.Literal(role))),
    displayName: Type.String(),
    scope: Type.String({ description: 'What the account sees, in words.' }),
  },
  { additionalProperties: false },
)
export type DemoSignIn = Static<typeof DemoSignIn>

export const DemoSignIns = Type.Array(DemoSignIn)
