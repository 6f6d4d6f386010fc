import type { ByteLinkFactory } from '../../ports/byte-link.js'
import { SerialPortLink } from './serial-port-link.js'
import { TcpLink } from './tcp-link.js'

/**
 * "tcp://HOST:PORT" → a raw TCP link (ser2net, the simulator); anything else is a serial device
 * path opened at `baudRate`. Never enumerates ports: SerialPort.list() needs udev.
 */
export function byteLinkFactory(url: string, baudRate: number): ByteLinkFactory {
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d{1,5})$/.exec(url)
  if (tcp !== null) {
    const host = tcp[1]!.replace(/^\[|\]$/g, '')
    const port = Number(tcp[2])
    return () => new TcpLink({ host, port, connectTimeoutMs: 3000 })
  }
  return () => new SerialPortLink({ path: url, baudRate })
}
