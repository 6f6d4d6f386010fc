/**
 * One serial line as the edge sees it, whatever carries it: a UART or USB adapter through
 * serialport, a `tcp://` serial server, or an in-memory pair in tests. A link is opened once;
 * when it closes (unplugged, connection lost) a new one is made — see `ResilientLink`.
 */
export interface ByteLink {
  /** Where the link goes, for logs and health: "/dev/ttyUSB0 @ 115200", "tcp://10.0.0.5:4001". */
  readonly description: string
  open(): Promise<void>
  write(bytes: Buffer): void
  close(): Promise<void>
  onData(listener: (bytes: Buffer) => void): void
  /** Called once when the link closes by itself; `reason` says why (never for close()). */
  onClose(listener: (reason: LinkCloseReason) => void): void
}

export interface LinkCloseReason {
  readonly code: string
  readonly message: string
}

export type ByteLinkFactory = () => ByteLink
