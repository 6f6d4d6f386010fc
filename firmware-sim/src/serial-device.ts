/**
 * The device side of one serial line. A transport (in-process pair, TCP server, pseudo-terminal)
 * feeds it the bytes the host wrote and forwards what it transmits.
 */
export interface SerialDevice {
  /** Bytes written by the host (control panel, edge daemon) arrive here. */
  receive(bytes: Buffer): void
  /** Sets where the device's transmitted bytes go; replaces any earlier sink. */
  attach(transmit: (bytes: Buffer) => void): void
  start(): void
  stop(): void
}
