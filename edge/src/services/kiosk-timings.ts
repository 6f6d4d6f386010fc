/**
 * What a kiosk tells about the timing of one attempt, for the latency metrics: the credential it
 * accepted (stamped when it was submitted, so waiting in the kiosk's queue counts), the attempt
 * made durable in the journal, and the relay pulsed.
 */
export interface KioskTimings {
  presented(submittedAtMs: number): void
  journalled(isGranted: boolean, atMs: number): void
  unlocked(atMs: number): void
}

/** Where DecisionLatencyRecorder puts what it measured, seconds. */
export interface DecisionLatencySink {
  decision(seconds: number): void
  cardToRelay(seconds: number): void
}

/**
 * One kiosk's latencies: credential presented → attempt durable (the decision is final then,
 * whatever it was), and credential presented → relay pulsed (grants only). A lane that measures
 * temperature counts the measuring too: that is the wait a person has at the gate. A newer
 * accepted credential replaces an unfinished one.
 */
export class DecisionLatencyRecorder implements KioskTimings {
  readonly #sink: DecisionLatencySink
  #presentedAtMs: number | null = null

  constructor(sink: DecisionLatencySink) {
    this.#sink = sink
  }

  presented(submittedAtMs: number): void {
    this.#presentedAtMs = submittedAtMs
  }

  journalled(isGranted: boolean, atMs: number): void {
    if (this.#presentedAtMs === null) return
    this.#sink.decision(Math.max(0, atMs - this.#presentedAtMs) / 1000)
    if (!isGranted) this.#presentedAtMs = null
  }

  unlocked(atMs: number): void {
    if (this.#presentedAtMs === null) return
    this.#sink.cardToRelay(Math.max(0, atMs - this.#presentedAtMs) / 1000)
    this.#presentedAtMs = null
  }
}
