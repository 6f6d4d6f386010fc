/**
 * What a door's inputs report, whatever they are wired to (GPIO, an OSDP controller's input
 * status). Times are ms since the epoch, as the reporting service read them from its clock.
 */
export interface DoorOpened {
  readonly kind: 'DoorOpened'
  readonly doorId: string
  readonly atMs: number
  /** The door was already open when the edge started: nobody knows how it got open. */
  readonly isAtStart?: boolean
}

export interface DoorClosed {
  readonly kind: 'DoorClosed'
  readonly doorId: string
  readonly atMs: number
}

/** The exit button (REX) was pressed: someone inside wants out. */
export interface ExitRequested {
  readonly kind: 'ExitRequested'
  readonly doorId: string
  readonly atMs: number
}

export type DoorInputEvent = DoorOpened | DoorClosed | ExitRequested
