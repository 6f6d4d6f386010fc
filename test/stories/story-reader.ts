import type { Clock } from '../../edge/src/ports/clock.js'
import { readerConfig } from '../../firmware-sim/src/osdp/osdp-reader-config.js'
import { SimulatedOsdpReader } from '../../firmware-sim/src/osdp/simulated-osdp-reader.js'
import { boundedWait } from './bounded-wait.js'

/** A simulated card reader and door controller (relay on output 0, contact on input 0, exit button on input 1). */
export function storyReader(clock: Clock, address: number): SimulatedOsdpReader {
  return new SimulatedOsdpReader(readerConfig({ address, replyDelayMs: 1 }), clock)
}

/** How many times the reader's relay (output 0) was energised, by its output trace. */
export function relayPulses(reader: SimulatedOsdpReader): number {
  return reader.door.outputTrace.filter((change) => change.output === 0 && change.isActive).length
}

/** Resolves at the reader's next relay pulse; ask before the card is presented. */
export function nextRelayPulse(reader: SimulatedOsdpReader, what = 'a relay pulse'): Promise<void> {
  return boundedWait(what, (done) => {
    const onOutput = (change: { output: number; isActive: boolean }) => {
      if (change.output === 0 && change.isActive) done()
    }
    reader.on('output', onOutput)
    return () => reader.off('output', onOutput)
  })
}
