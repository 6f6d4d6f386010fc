import type { DoorInputEvent } from '../domain/door-events.js'
import type { Clock } from '../ports/clock.js'
import type { OsdpControlPanel } from '../adapters/osdp/osdp-control-panel.js'

export interface OsdpDoorInputsConfig {
  readonly doorId: string
  readonly contact: { readonly reader: string; readonly input: number } | null
  readonly exitButton: { readonly reader: string; readonly input: number } | null
}

/**
 * A door's contact and exit button wired to an OSDP door controller's inputs: ISTATR changes
 * become door events (input active = door open / button pressed).
 */
export function watchOsdpDoorInputs(panel: OsdpControlPanel, clock: Clock, config: OsdpDoorInputsConfig, listener: (event: DoorInputEvent) => void): void {
  let isOpen: boolean | undefined
  let isPressed = false
  panel.on('inputsChanged', (change) => {
    const atMs = clock.now()
    const { contact, exitButton, doorId } = config
    if (contact !== null && change.name === contact.reader) {
      const nowOpen = change.inputs[contact.input] === true
      if (nowOpen !== isOpen) {
        const isAtStart = isOpen === undefined
        isOpen = nowOpen
        if (nowOpen) listener({ kind: 'DoorOpened', doorId, atMs, ...(isAtStart && { isAtStart }) })
        else if (!isAtStart) listener({ kind: 'DoorClosed', doorId, atMs })
      }
    }
    if (exitButton !== null && change.name === exitButton.reader) {
      const nowPressed = change.inputs[exitButton.input] === true
      if (nowPressed && !isPressed) listener({ kind: 'ExitRequested', doorId, atMs })
      isPressed = nowPressed
    }
  })
}
