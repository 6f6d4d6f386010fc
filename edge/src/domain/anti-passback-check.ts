import { denial, type Denial, type DoorSubject, type Findings } from './access-check.js'

/**
 * Anti-passback (ARCHITECTURE.md story 2): a person whose last granted passage in the door's group
 * was IN cannot come IN again without going OUT. Only re-entry is checked: exits often go through
 * an exit button that records nothing, so refusing a second exit would trap people. The state is
 * per person, not per credential, so a second card or a lent pass does not escape it.
 * `antiPassbackResetMs` forgets the state after a while (timed anti-passback; needs a trusted
 * clock). "soft" grants and flags ANTI_PASSBACK; "hard" denies.
 */
export function checkAntiPassback(subject: DoorSubject, findings: Findings): Denial | null {
  const { door, person, policy, request, isClockTrusted } = subject
  if (door.antiPassback === 'off' || request.direction !== 'in') return null
  const state = policy.antiPassbackState(person.id, door.antiPassbackGroupId)
  if (state === null || state.direction !== 'in') return null
  const resetMs = door.antiPassbackResetMs
  if (resetMs !== null && isClockTrusted && request.atMs - state.atMs >= resetMs) return null
  if (door.antiPassback === 'hard') return denial('ANTI_PASSBACK', 'door', door.id)
  findings.flags.push('ANTI_PASSBACK')
  return null
}
