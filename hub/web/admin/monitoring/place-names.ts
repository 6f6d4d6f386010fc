import type { ApiClient } from '../../shared/api-client.js'
import type { Checkpoint, CheckpointsAnswer } from './ledger-types.js'

/**
 * Names of gates (edges) and doors as the community calls them, from the checkpoint list the
 * caller may see; an id the list does not know is shown as the id.
 */
export class PlaceNames {
  readonly #edges = new Map<string, string>()
  readonly #doors = new Map<string, { readonly name: string; readonly edgeId: string }>()

  constructor(checkpoints: readonly Checkpoint[]) {
    for (const checkpoint of checkpoints) {
      this.#edges.set(checkpoint.edgeId, checkpoint.name)
      for (const door of checkpoint.doors) this.#doors.set(door.id, { name: door.name, edgeId: checkpoint.edgeId })
    }
  }

  edge(edgeId: string): string {
    return this.#edges.get(edgeId) ?? edgeId
  }

  door(doorId: string): string {
    return this.#doors.get(doorId)?.name ?? doorId
  }

  /** "东门 · 居民通道": the gate and the door, or just the door when its name already says the gate ("东门 居民通道"). */
  where(edgeId: string, doorId: string | null): string {
    const edge = this.edge(edgeId)
    if (doorId === null) return edge
    const door = this.door(doorId)
    return door.startsWith(edge) ? door : `${edge} · ${door}`
  }

  /** Gates as select options, by name. */
  edgeOptions(): { value: string; label: string }[] {
    return [...this.#edges].map(([value, label]) => ({ value, label }))
  }

  /** Doors as select options ("gate · door"). */
  doorOptions(): { value: string; label: string }[] {
    return [...this.#doors].map(([value, door]) => ({ value, label: this.where(door.edgeId, value) }))
  }
}

/** The checkpoint list and the names in it. */
export async function loadCheckpoints(api: ApiClient): Promise<{ answer: CheckpointsAnswer; names: PlaceNames }> {
  const answer = await api.get<CheckpointsAnswer>('/api/checkpoints')
  return { answer, names: new PlaceNames(answer.checkpoints) }
}
