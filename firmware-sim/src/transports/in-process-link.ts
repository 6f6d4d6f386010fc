import type { SerialDevice } from '../serial-device.js'
import type { HostLink } from './host-link.js'

/**
 * Wires a device to an in-memory host link. Bytes cross on a microtask, never synchronously, so
 * neither side can re-enter the other mid-callback, just as on a wire.
 */
export function connectInProcess(device: SerialDevice): HostLink {
  const listeners: ((bytes: Buffer) => void)[] = []
  let isOpen = true
  device.attach((bytes) => {
    const copy = Buffer.from(bytes)
    queueMicrotask(() => {
      if (isOpen) for (const listener of listeners) listener(copy)
    })
  })
  device.start()
  return {
    write: (bytes) => {
      const copy = Buffer.from(bytes)
      queueMicrotask(() => {
        if (isOpen) device.receive(copy)
      })
    },
    onData: (listener) => listeners.push(listener),
    close: () => {
      isOpen = false
      device.stop()
    },
  }
}
