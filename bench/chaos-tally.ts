/** How often each key (`door|****1234`) was seen. */
export type Counts = ReadonlyMap<string, number>

export interface ChaosTallyInput {
  /** Card reads the readers handed to an edge, by `doorId|maskedCard`. */
  readonly delivered: Counts
  /** Rows in the hub's ledger, by `doorId|maskedCard`. */
  readonly ledgerRows: Counts
  /** Rising edges of each door's lock output, by door id. */
  readonly lockPulses: Counts
  /** Granted rows in the hub's ledger, by door id. */
  readonly grantedRows: Counts
}

export interface ChaosTally {
  readonly presented: number
  /** Delivered reads with no row in the ledger. */
  readonly lost: number
  /** Ledger rows beyond the reads delivered. */
  readonly duplicates: number
  /** Lock pulses beyond the granted decisions at that door. */
  readonly unintendedRelayPulses: number
  /** Every key whose ledger rows differ from its delivered reads, to say where (`door|card delivered→rows`). */
  readonly mismatches: readonly string[]
}

function sum(counts: Counts): number {
  let total = 0
  for (const count of counts.values()) total += count
  return total
}

/** Compares what the readers delivered with the ledger, key by key, and the relays' pulses with the grants, door by door. */
export function chaosTally(input: ChaosTallyInput): ChaosTally {
  let lost = 0
  let duplicates = 0
  const mismatches: string[] = []
  const keys = new Set([...input.delivered.keys(), ...input.ledgerRows.keys()])
  for (const key of keys) {
    const difference = (input.ledgerRows.get(key) ?? 0) - (input.delivered.get(key) ?? 0)
    if (difference !== 0) mismatches.push(`${key} ${input.delivered.get(key) ?? 0}→${input.ledgerRows.get(key) ?? 0}`)
    if (difference < 0) lost -= difference
    else duplicates += difference
  }
  let unintendedRelayPulses = 0
  for (const [doorId, pulses] of input.lockPulses) unintendedRelayPulses += Math.max(0, pulses - (input.grantedRows.get(doorId) ?? 0))
  return { presented: sum(input.delivered), lost, duplicates, unintendedRelayPulses, mismatches }
}

/** A presentation's key: the door and the card as the ledger masks it (its last four digits), known or not to the edge's policy. */
export function countKey(doorId: string, maskedCard: string): string {
  return `${doorId}|${maskedCard}`
}

/** The ledger's masking of a card number (`****0042`); chaos only uses casts whose cards differ in their last four digits. */
export function maskedCard(card: number): string {
  return `****${String(card % 10_000).padStart(4, '0')}`
}
