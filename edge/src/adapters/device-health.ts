/** How a device is doing, as the status report and the kiosk screen show it. */
export type DeviceState = 'online' | 'stale' | 'offline'

export interface DeviceHealth {
  readonly state: DeviceState
  readonly sinceMs: number
  readonly detail: string
  readonly errorCounts: Record<string, number>
}
