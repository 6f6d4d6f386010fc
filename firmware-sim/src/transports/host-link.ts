/** The host's end of a simulated serial line, as a control panel or a test sees it. */
export interface HostLink {
  write(bytes: Buffer): void
  onData(listener: (bytes: Buffer) => void): void
  close(): void
}
