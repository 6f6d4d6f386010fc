/** A figure's target: at most or at least this value. */
export interface BenchmarkTarget {
  readonly atMost?: number
  readonly atLeast?: number
  /** Which issue set the target. */
  readonly source: string
}

/** What each headline figure measures, and its target where an issue set one. */
export interface BenchmarkEntry {
  readonly what: string
  readonly target?: BenchmarkTarget
}

export const BENCHMARK_ENTRIES: Readonly<Record<string, BenchmarkEntry>> = {
  'protocol.osdp.decode_frames_per_s': { what: 'OSDP frames decoded per second' },
  'protocol.osdp.decode_ratio_vs_line_rate_115200': { what: 'decoding speed ÷ the frames a 115200-baud line can carry', target: { atLeast: 1, source: 'issue 2' } },
  'edge.decision.p99_us': { what: 'decideAccess with its cache reads, 100,000 residents / 250,000 credentials, p99 µs', target: { atMost: 1000, source: 'issue 3' } },
  'edge.decision.ratio_vs_sqlite_lookup': { what: 'that p99 ÷ one bare prepared-statement lookup p99, same run', target: { atMost: 3, source: 'issue 3' } },
  'edge.card_to_relay.p99_ms': { what: 'simulated card present → simulated relay closed, pty at 115200, journal synchronous=FULL, p99 ms', target: { atMost: 30, source: 'issue 3' } },
  'edge.snapshot_apply.ms': { what: 'applying a full 100,000-resident snapshot (off the main thread), ms', target: { atMost: 3000, source: 'issue 3' } },
  'edge.rss_mb': { what: 'edge resident memory with that policy loaded, idle, MB', target: { atMost: 120, source: 'issue 3' } },
  'edge.journal.durable_events_per_s': { what: 'durable journal writes per second with group commit', target: { atLeast: 2000, source: 'issue 3' } },
  'hub.ingest.events_per_s': { what: 'edge journal → MQTT QoS 1 → hub validates and stores durably → ack, events per second' },
  'hub.ingest.ratio_vs_bare_aedes': { what: 'that ÷ a bare aedes QoS 1 publisher→subscriber throughput, same run', target: { atLeast: 0.5, source: 'issue 4' } },
  'hub.phone_open.p99_ms': { what: 'HTTP open → signed command → edge relay → reply → HTTP answer, loopback, p99 ms', target: { atMost: 25, source: 'issue 4' } },
  'hub.phone_open.ratio_vs_mqtt_rtt': { what: 'that p99 ÷ a bare MQTT request/reply round trip p99 through the same broker', target: { atMost: 3, source: 'issue 4' } },
  'hub.revocation.p99_ms': { what: 'admin revokes → every one of 50 edges applied the new policy, p99 ms', target: { atMost: 1000, source: 'issue 4' } },
  'hub.snapshot.build_ms': { what: 'compiling and signing a 100,000-resident edge snapshot, ms', target: { atMost: 2000, source: 'issue 4' } },
  'chaos.presented': { what: 'card reads the simulated readers delivered to an edge (in answer to a poll) during the chaos run' },
  'chaos.kills': { what: 'processes killed with SIGKILL during the chaos run' },
  'chaos.lost': { what: 'presentations missing from the hub ledger at the end', target: { atMost: 0, source: 'issue 6' } },
  'chaos.duplicates': { what: 'presentations in the ledger more than once', target: { atMost: 0, source: 'issue 6' } },
  'chaos.unintended_relay_pulses': { what: 'relay pulses no granted decision explains', target: { atMost: 0, source: 'issue 6' } },
  'chaos.max_backlog': { what: 'largest count of delivered reads not yet in the hub ledger, any one edge, sampled each second' },
}

/** true when the figure meets its target, null when it has none. */
export function meetsTarget(value: number, target: BenchmarkTarget | undefined): boolean | null {
  if (target === undefined) return null
  if (target.atMost !== undefined && value > target.atMost) return false
  if (target.atLeast !== undefined && value < target.atLeast) return false
  return true
}
