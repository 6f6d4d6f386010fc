import { parseArgs } from 'node:util'
import { parseTcpUrl, type TcpEndpoint } from '../transports/tcp-device-server.js'

export const SIM_DEVICES = ['osdp-reader', 'thermometer', 'qr-scanner'] as const
export type SimDevice = (typeof SIM_DEVICES)[number]

export interface SimOptions {
  readonly device: SimDevice
  readonly listen?: TcpEndpoint
  readonly ptyPath?: string
  readonly control?: TcpEndpoint
  readonly address: number
  readonly baudRate: number
  readonly isSecureOnly: boolean
  readonly scbk: Buffer | null
  readonly isChecksumOnly: boolean
  readonly replyDelayMs: number
  readonly scenario: 'normal' | 'winter-cold-forehead' | 'sunlight' | 'no-one'
  readonly isVerbose: boolean
}

export const SIM_USAGE = `usage: npm run sim -- DEVICE [options]

Plays the device side of a Gatehouse serial device, byte for byte.

devices:
  osdp-reader     OSDP v2.2 card reader + door controller (relay on output 0,
                  door contact on input 0, exit button on input 1), Secure Channel
  thermometer     GY-MCU90614 infrared thermometer (continuous ~14 Hz or query mode)
  qr-scanner      serial QR/barcode scanner (CR LF terminated lines)

where the host connects (one is required):
  --listen tcp://HOST:PORT   raw TCP, like a ser2net serial server
  --pty PATH                 a pseudo-terminal pair made with socat; the host opens PATH

options:
  --control tcp://HOST:PORT  control port taking the same lines as stdin (try: help)
  --address N                OSDP address, 0-126 (default 0; 0x.. accepted)
  --baud N                   baud rate of the pty (default 9600)
  --secure-only              OSDP: refuse plaintext outside ID/CAP and the handshake
  --scbk HEX                 OSDP: the reader's own 16-byte key (leaves install mode)
  --checksum-only            OSDP: an old reader without CRC support
  --reply-delay-ms N         OSDP: reply delay (default 2; the spec allows 200)
  --scenario NAME            thermometer: normal|winter-cold-forehead|sunlight|no-one
  --verbose                  print every frame in and out as hex
  --help                     this text

Control lines (stdin or --control): card 212 7041 · pin 1234# · exit · force ·
door open|closed · tamper on|off · temp 37.8 · scenario sunlight · qr TEXT ·
unplug · replug · fault corrupt 1 · fault busy 1 · status · help`

export type SimOptionsResult = { ok: true; options: SimOptions } | { ok: false; violations: string[] } | { ok: 'help' }

const SCENARIOS = ['normal', 'winter-cold-forehead', 'sunlight', 'no-one'] as const

/** Parses the command line; every violation is listed at once. */
export function parseSimOptions(argv: readonly string[]): SimOptionsResult {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        listen: { type: 'string' },
        pty: { type: 'string' },
        control: { type: 'string' },
        address: { type: 'string', default: '0' },
        baud: { type: 'string', default: '9600' },
        'secure-only': { type: 'boolean', default: false },
        scbk: { type: 'string' },
        'checksum-only': { type: 'boolean', default: false },
        'reply-delay-ms': { type: 'string', default: '2' },
        scenario: { type: 'string', default: 'normal' },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    })
  } catch (error) {
    return { ok: false, violations: [(error as Error).message] }
  }
  const { values, positionals } = parsed
  if (values.help) return { ok: 'help' }
  const violations: string[] = []
  const device = SIM_DEVICES.find((name) => name === positionals[0])
  if (device === undefined) violations.push(`DEVICE must be one of ${SIM_DEVICES.join(', ')} (got ${positionals[0] ?? 'nothing'})`)
  if (positionals.length > 1) violations.push(`unexpected arguments: ${positionals.slice(1).join(' ')}`)
  const listen = values.listen === undefined ? undefined : parseTcpUrl(values.listen)
  if (values.listen !== undefined && listen === undefined) violations.push(`--listen must be tcp://HOST:PORT (got ${values.listen})`)
  if ((values.listen === undefined) === (values.pty === undefined)) violations.push('give exactly one of --listen or --pty')
  const control = values.control === undefined ? undefined : parseTcpUrl(values.control)
  if (values.control !== undefined && control === undefined) violations.push(`--control must be tcp://HOST:PORT (got ${values.control})`)
  const address = Number(values.address)
  if (!Number.isInteger(address) || address < 0 || address > 126) violations.push(`--address must be 0-126 (got ${values.address})`)
  const baudRate = Number(values.baud)
  if (![9600, 19200, 38400, 57600, 115200, 230400].includes(baudRate)) violations.push(`--baud must be a standard rate from 9600 to 230400 (got ${values.baud})`)
  const scbk = values.scbk === undefined ? null : Buffer.from(values.scbk, 'hex')
  if (values.scbk !== undefined && (scbk?.length !== 16 || !/^[0-9a-fA-F]{32}$/.test(values.scbk))) violations.push('--scbk must be 32 hex digits')
  const replyDelayMs = Number(values['reply-delay-ms'])
  if (!Number.isInteger(replyDelayMs) || replyDelayMs < 0 || replyDelayMs > 10_000) violations.push('--reply-delay-ms must be 0-10000')
  const scenario = SCENARIOS.find((name) => name === values.scenario)
  if (scenario === undefined) violations.push(`--scenario must be one of ${SCENARIOS.join(', ')}`)
  if (violations.length > 0) return { ok: false, violations }
  return {
    ok: true,
    options: {
      device: device!,
      ...(listen && { listen }),
      ...(values.pty !== undefined && { ptyPath: values.pty }),
      ...(control && { control }),
      address,
      baudRate,
      isSecureOnly: values['secure-only'],
      scbk,
      isChecksumOnly: values['checksum-only'],
      replyDelayMs,
      scenario: scenario!,
      isVerbose: values.verbose,
    },
  }
}
