import { Type } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { CommunityPlan } from './community-plan.js'
import { simulatorProcessName } from './community-process-specs.js'
import type { CommunityProcesses } from './community-processes.js'

/** How a door's lock relay was found: its output as the simulated door controller reports it. */
export interface LockState {
  readonly doorId: string
  readonly reader: string
  readonly failMode: 'fail-safe' | 'fail-secure'
  /** Output 0 energised; null when the simulator did not answer. */
  readonly isEnergised: boolean | null
  /** Locked without anyone holding it open: energised for a fail-safe maglock, released for a fail-secure strike. */
  readonly isSafe: boolean
}

const ReaderStatus = Type.Object({ reader: Type.Object({ outputs: Type.Array(Type.Boolean(), { minItems: 1 }) }) })

/**
 * Asks every door's simulated controller (of those that ever started) (`status` on its control port) whether its lock output
 * is in the door's safe state. The launcher does this after the edges stopped and before the
 * simulators do: the proof, from the device's side, that stopping left every door locked.
 */
export async function readLockStates(processes: CommunityProcesses, plan: CommunityPlan): Promise<LockState[]> {
  const doors = plan.edges.flatMap((edge) => edge.doors).filter((door) => processes.get(simulatorProcessName(door.lockReader)).hasStarted)
  return Promise.all(
    doors.map(async (door): Promise<LockState> => {
      const simulator = simulatorProcessName(door.lockReader)
      const isEnergised = !processes.get(simulator).isRunning
        ? null
        : await processes
        .control(simulator, 'status')
        .then((answer) => {
          const status: unknown = JSON.parse(answer.replace(/^ok /, ''))
          return Value.Check(ReaderStatus, status) ? status.reader.outputs[0]! : null
        })
        .catch(() => null)
      const isSafe = isEnergised !== null && isEnergised === (door.failMode === 'fail-safe')
      return { doorId: door.id, reader: door.lockReader, failMode: door.failMode, isEnergised, isSafe }
    }),
  )
}
