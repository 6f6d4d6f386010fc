import type { RunningCommunity } from './community-launcher.js'

const ROLE_NAMES: Readonly<Record<string, string>> = {
  'grid-manager': 'grid manager',
  'gate-staff': 'gate staff',
  landlord: 'landlord',
  resident: 'resident',
  admin: 'admin',
}

/** What the newcomer reads once the community is up: where to look, how to sign in, what to type. */
export function communitySummary(community: RunningCommunity, signInsPath: string, dataDirPath: string): string[] {
  const { plan, hubUrl, setupToken, signIns, cast } = community
  const kiosk = (edgeId: string) => plan.edges.find((edge) => edge.id === edgeId)!
  const people = cast.members.length
  const lines = [
    '',
    `Gatehouse demo community 向阳小区 is running: ${cast.households} households, ${people} people (${community.wasSeeded ? 'seeded just now' : 'reused'} from ${dataDirPath}).`,
    '',
    `  Admin console      ${hubUrl}/admin/`,
    `  Checkpoint staff   ${hubUrl}/staff/`,
    `  Phone app          ${hubUrl}/app/`,
    ...plan.edges.map((edge, index) => `  ${index === 0 ? 'Kiosk screens' : ''}`.padEnd(21) + `http://${plan.host}:${kiosk(edge.id).kioskPort}/   ${edge.name}`),
    `  API (OpenAPI)      ${hubUrl}/openapi.json`,
    '',
  ]
  if (setupToken !== null) {
    lines.push(
      'No admin exists yet (there is no default password). Create the first admin in the admin console with',
      'this one-time setup token (a new one is printed at every start until then):',
      `    ${setupToken}`,
      `  or: curl -X POST ${hubUrl}/api/setup -H 'content-type: application/json' \\`,
      `        -d '{"token":"${setupToken}","username":"admin","displayName":"社区工作站","password":"<at least 10 characters>"}'`,
      '',
    )
  }
  lines.push(`Demo sign-ins (kept in ${signInsPath}, mode 0600):`)
  for (const signIn of signIns) {
    lines.push(`  ${signIn.username.padEnd(15)} ${signIn.password.padEnd(18)} ${(ROLE_NAMES[signIn.role] ?? signIn.role).padEnd(13)} ${signIn.displayName} — ${signIn.scope}`)
  }
  const gateReader = plan.simulators.find((sim) => sim.name === 'gate-res-in')!
  const thermometer = plan.simulators.find((sim) => sim.device === 'thermometer')!
  const someone = cast.members.find((member) => member.role === 'resident' && member.building === 1) ?? cast.members[0]!
  lines.push(
    '',
    'Act at the devices yourself: each simulated device takes control lines on its control port',
    '(nc HOST PORT, or socat - TCP:HOST:PORT), e.g.',
    `  nc ${thermometer.control.host} ${thermometer.control.port}    then: temp 36.6     (someone steps in front of the gate thermometer)`,
    `  nc ${gateReader.control.host} ${gateReader.control.port}    then: card 100 ${someone.card}   (${someone.name} presents their card at the residents' lane)`,
    `  control ports: ${plan.simulators.map((sim) => `${sim.name} ${sim.control.port}`).join(', ')}`,
    '',
    'Ctrl-C stops everything.',
  )
  return lines
}
