import type { AntiPassbackState } from '../../domain/policy-view.js'

export interface HeldPassage extends AntiPassbackState {
  readonly personId: string
  readonly groupId: string
}

/**
 * Passages recorded while the snapshot worker holds the database's write lock: the latest per
 * person and anti-passback group, answered from memory until they can be written.
 */
export class HeldPassages {
  readonly #held = new Map<string, HeldPassage>()

  hold(passage: HeldPassage): void {
    this.#held.set(keyOf(passage.personId, passage.groupId), passage)
  }

  stateOf(personId: string, groupId: string): AntiPassbackState | null {
    const held = this.#held.get(keyOf(personId, groupId))
    return held === undefined ? null : { direction: held.direction, atMs: held.atMs, doorId: held.doorId }
  }

  /** Every held passage, oldest first; none is held afterwards. */
  drain(): HeldPassage[] {
    const passages = [...this.#held.values()].sort((a, b) => a.atMs - b.atMs)
    this.#held.clear()
    return passages
  }
}

function keyOf(personId: string, groupId: string): string {
  return `${personId}\u0000${groupId}`
}
