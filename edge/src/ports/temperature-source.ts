import type { TemperatureSample } from '../domain/temperature-screening.js'

/** A thermometer as the kiosk uses it: a batch of fresh samples, or nothing (it is silent). */
export interface TemperatureSource {
  /** Resolves with `count` samples taken after the call, or null if `stop()`ped first. */
  collect(count: number): { readonly samples: Promise<TemperatureSample[] | null>; stop(): void }
  /** Someone is in front of the sensor: a forehead reads warmer than the air around it. */
  onPersonDetected(listener: () => void): () => void
}

/** Records in/out passages for anti-passback; the policy store implements it. */
export interface PassageRecorder {
  recordPassage(personId: string, groupId: string, direction: 'in' | 'out', atMs: number, doorId: string): void
}
