import { fromTenths, toTenths } from './osdp-message-result.js'

/** osdp_OUT control codes, OSDP v2.2 §6.8. */
export const OUTPUT_ACTIONS = [
  'nop',
  'permanent-off',
  'permanent-on',
  'permanent-off-after-timer',
  'permanent-on-after-timer',
  'temporary-on',
  'temporary-off',
] as const
export type OutputAction = (typeof OUTPUT_ACTIONS)[number]

export interface OutputControl {
  readonly output: number
  readonly action: OutputAction
  /** Duration of a temporary state; the wire carries 16 bits of 100 ms units. */
  readonly timerMs: number
}

export const LED_COLORS = ['none', 'red', 'green', 'amber', 'blue', 'magenta', 'cyan', 'white'] as const
export type LedColor = (typeof LED_COLORS)[number]

export interface LedTemporary {
  readonly control: 'nop' | 'cancel' | 'set'
  readonly onMs: number
  readonly offMs: number
  readonly onColor: LedColor
  readonly offColor: LedColor
  readonly timerMs: number
}

export interface LedPermanent {
  readonly control: 'nop' | 'set'
  readonly onMs: number
  readonly offMs: number
  readonly onColor: LedColor
  readonly offColor: LedColor
}

export interface LedControl {
  readonly reader: number
  readonly led: number
  readonly temporary: LedTemporary
  readonly permanent: LedPermanent
}

export const OUTPUT_RECORD_LENGTH = 4
export const LED_RECORD_LENGTH = 14
const TEMPORARY_CONTROLS = ['nop', 'cancel', 'set'] as const
const PERMANENT_CONTROLS = ['nop', 'set'] as const

export function encodeOutputRecord(control: OutputControl): Buffer {
  const record = Buffer.alloc(OUTPUT_RECORD_LENGTH)
  record[0] = control.output
  record[1] = OUTPUT_ACTIONS.indexOf(control.action)
  record.writeUInt16LE(timer16(control.timerMs), 2)
  return record
}

/** Unknown control codes decode as 'nop': OSDP v2.2 §6.8 tells a PD to ignore them. */
export function decodeOutputRecord(record: Buffer): OutputControl {
  return {
    output: record[0]!,
    action: OUTPUT_ACTIONS[record[1]!] ?? 'nop',
    timerMs: record.readUInt16LE(2) * 100,
  }
}

export function encodeLedRecord(control: LedControl): Buffer {
  const { temporary: t, permanent: p } = control
  const record = Buffer.alloc(LED_RECORD_LENGTH)
  record[0] = control.reader
  record[1] = control.led
  record[2] = TEMPORARY_CONTROLS.indexOf(t.control)
  record[3] = toTenths(t.onMs)
  record[4] = toTenths(t.offMs)
  record[5] = LED_COLORS.indexOf(t.onColor)
  record[6] = LED_COLORS.indexOf(t.offColor)
  record.writeUInt16LE(timer16(t.timerMs), 7)
  record[9] = PERMANENT_CONTROLS.indexOf(p.control)
  record[10] = toTenths(p.onMs)
  record[11] = toTenths(p.offMs)
  record[12] = LED_COLORS.indexOf(p.onColor)
  record[13] = LED_COLORS.indexOf(p.offColor)
  return record
}

export function decodeLedRecord(record: Buffer): LedControl {
  return {
    reader: record[0]!,
    led: record[1]!,
    temporary: {
      control: TEMPORARY_CONTROLS[record[2]!] ?? 'nop',
      onMs: fromTenths(record[3]!),
      offMs: fromTenths(record[4]!),
      onColor: LED_COLORS[record[5]!] ?? 'none',
      offColor: LED_COLORS[record[6]!] ?? 'none',
      timerMs: record.readUInt16LE(7) * 100,
    },
    permanent: {
      control: PERMANENT_CONTROLS[record[9]!] ?? 'nop',
      onMs: fromTenths(record[10]!),
      offMs: fromTenths(record[11]!),
      onColor: LED_COLORS[record[12]!] ?? 'none',
      offColor: LED_COLORS[record[13]!] ?? 'none',
    },
  }
}

function timer16(ms: number): number {
  const tenths = Math.round(ms / 100)
  if (!Number.isFinite(ms) || tenths < 0 || tenths > 0xffff) {
    throw Object.assign(new Error(`${ms} ms does not fit a 16-bit timer`), { code: 'VALUE_OUT_OF_RANGE' })
  }
  return tenths
}
