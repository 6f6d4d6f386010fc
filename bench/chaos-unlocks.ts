import type { CommunityPlan } from '../firmware-sim/src/community/community-plan.js'
import { simulatorProcessName } from '../firmware-sim/src/community/community-process-specs.js'
import type { CommunityProcesses } from '../firmware-sim/src/community/community-processes.js'

/**
 * How many times each door's lock was opened, as its simulated door controller traced output 0:
 * a fail-secure strike opens when energised (a rising edge), a fail-safe maglock when released
 * (a falling edge). Read from the simulators' `status` (output0Energised / output0Released).
 */
export async function readDoorUnlocks(processes: CommunityProcesses, plan: CommunityPlan): Promise<Map<string, number>> {
  const unlocks = new Map<string, number>()
  for (const door of plan.edges.flatMap((edge) => edge.doors)) {
    const answer = await processes.control(simulatorProcessName(door.lockReader), 'status')
    if (!answer.startsWith('ok ')) throw new Error(`${door.lockReader} status: ${answer}`)
    const reader = (JSON.parse(answer.slice(3)) as { reader?: { output0Energised?: number; output0Released?: number } }).reader
    const count = door.failMode === 'fail-secure' ? reader?.output0Energised : reader?.output0Released
    if (typeof count !== 'number') throw new Error(`${door.lockReader} does not report its output 0 trace (rebuild: npm run build)`)
    unlocks.set(door.id, count)
  }
  return unlocks
}
