/** `locked`: after LOCK, credentials and residents' remote opens are refused until RELEASE. */
export type RemoteDoorMode = 'normal' | 'held-open' | 'locked'

/**
 * The mode hub commands put each door in (HOLD_OPEN, LOCK, RELEASE), shared by the command
 * executor that sets it and every decision that must respect it: `locked` feeds the decision
 * context, so a door under LOCK refuses cards, PINs and phone codes at its kiosks too
 * (DOOR_LOCKED_BY_COMMAND). Kept in memory: after a restart every door is back to 'normal'.
 */
export class DoorModes {
  readonly #modes = new Map<string, RemoteDoorMode>()
  readonly #locked = new Set<string>()

  modeOf(doorId: string): RemoteDoorMode {
    return this.#modes.get(doorId) ?? 'normal'
  }

  set(doorId: string, mode: RemoteDoorMode): void {
    this.#modes.set(doorId, mode)
    if (mode === 'locked') this.#locked.add(doorId)
    else this.#locked.delete(doorId)
  }

  /** The doors under LOCK now; the same set object throughout, for the decision context. */
  get locked(): ReadonlySet<string> {
    return this.#locked
  }
}
