import { fromHex } from '../../../protocol/hex.js'

/** What a person or a test can do to the simulated devices, one line at a time. */
export type ControlCommand =
  | { readonly kind: 'card'; readonly facility: number; readonly card: number; readonly format: 'h10301' | 'w34' }
  | { readonly kind: 'bits'; readonly bits: (0 | 1)[] }
  | { readonly kind: 'pin'; readonly keys: string }
  | { readonly kind: 'exit' }
  | { readonly kind: 'door'; readonly isOpen: boolean }
  | { readonly kind: 'force' }
  | { readonly kind: 'tamper'; readonly isOn: boolean }
  | { readonly kind: 'power'; readonly hasFailed: boolean }
  | { readonly kind: 'temp'; readonly celsius: number | null }
  | { readonly kind: 'ambient'; readonly celsius: number }
  | { readonly kind: 'scenario'; readonly name: 'normal' | 'winter-cold-forehead' | 'sunlight' | 'no-one' }
  | { readonly kind: 'qr'; readonly text: string }
  | { readonly kind: 'unplug' }
  | { readonly kind: 'replug' }
  | { readonly kind: 'fault'; readonly fault: 'corrupt' | 'drop' | 'busy'; readonly count: number }
  | { readonly kind: 'fault'; readonly fault: 'delay'; readonly ms: number }
  | { readonly kind: 'fault'; readonly fault: 'split'; readonly isOn: boolean }
  | { readonly kind: 'fault'; readonly fault: 'garbage'; readonly bytes: Buffer }
  | { readonly kind: 'status' }
  | { readonly kind: 'help' }

export type ControlParseResult = { ok: true; command: ControlCommand } | { ok: false; error: string }

export const CONTROL_HELP = `commands:
  card FACILITY CARD [h10301|w34]   present a card (default 26-bit H10301)
  bits 0101…                        present raw Wiegand bits
  pin KEYS                          type on the keypad, e.g. pin 1234#
  exit                              press the exit button (released after 1 s)
  door open|closed                  open or close the door (contact)
  force                             force the door open (contact opens, no grant)
  tamper on|off · power fail|ok     reader tamper and power status
  temp CELSIUS|none                 forehead in front of the thermometer
  ambient CELSIUS                   ambient temperature
  scenario normal|winter-cold-forehead|sunlight|no-one
  qr TEXT                           scan a QR code
  unplug · replug                   pull or restore the cable
  fault corrupt N|drop N|busy N|delay MS|split on|off|garbage HEX
  status · help`

const ok = (command: ControlCommand): ControlParseResult => ({ ok: true, command })
const fail = (error: string): ControlParseResult => ({ ok: false, error })
const SCENARIOS = ['normal', 'winter-cold-forehead', 'sunlight', 'no-one'] as const

export function parseControlCommand(line: string): ControlParseResult {
  const [word = '', ...args] = line.trim().split(/\s+/)
  const arg = args[0]
  switch (word.toLowerCase()) {
    case 'card': {
      const [facility, card] = [integer(args[0]), integer(args[1])]
      const format = args[2] ?? 'h10301'
      if (facility === undefined || card === undefined) return fail('usage: card FACILITY CARD [h10301|w34]')
      if (format !== 'h10301' && format !== 'w34') return fail(`unknown card format "${format}"`)
      return ok({ kind: 'card', facility, card, format })
    }
    case 'bits':
      return arg !== undefined && /^[01]{1,128}$/.test(arg)
        ? ok({ kind: 'bits', bits: Array.from(arg, (b) => (b === '1' ? 1 : 0)) })
        : fail('usage: bits 0101… (1–128 bits)')
    case 'pin':
      return arg !== undefined && /^[0-9*#]{1,32}$/.test(arg) ? ok({ kind: 'pin', keys: arg }) : fail('usage: pin KEYS (0-9 * #)')
    case 'exit':
      return ok({ kind: 'exit' })
    case 'force':
      return ok({ kind: 'force' })
    case 'door':
      return arg === 'open' || arg === 'closed' ? ok({ kind: 'door', isOpen: arg === 'open' }) : fail('usage: door open|closed')
    case 'tamper':
      return arg === 'on' || arg === 'off' ? ok({ kind: 'tamper', isOn: arg === 'on' }) : fail('usage: tamper on|off')
    case 'power':
      return arg === 'fail' || arg === 'ok' ? ok({ kind: 'power', hasFailed: arg === 'fail' }) : fail('usage: power fail|ok')
    case 'temp':
      if (arg === 'none') return ok({ kind: 'temp', celsius: null })
      return celsius(arg) === undefined ? fail('usage: temp CELSIUS|none') : ok({ kind: 'temp', celsius: celsius(arg)! })
    case 'ambient':
      return celsius(arg) === undefined ? fail('usage: ambient CELSIUS') : ok({ kind: 'ambient', celsius: celsius(arg)! })
    case 'scenario': {
      const name = SCENARIOS.find((scenario) => scenario === arg)
      return name === undefined ? fail(`usage: scenario ${SCENARIOS.join('|')}`) : ok({ kind: 'scenario', name })
    }
    case 'qr': {
      const text = line.trim().slice(2).trim()
      return text.length > 0 ? ok({ kind: 'qr', text }) : fail('usage: qr TEXT')
    }
    case 'unplug':
      return ok({ kind: 'unplug' })
    case 'replug':
      return ok({ kind: 'replug' })
    case 'fault':
      return parseFault(args)
    case 'status':
      return ok({ kind: 'status' })
    case 'help':
    case '?':
      return ok({ kind: 'help' })
    default:
      return fail(`unknown command "${word}"; try help`)
  }
}

function parseFault(args: string[]): ControlParseResult {
  const [fault, value] = args
  switch (fault) {
    case 'corrupt':
    case 'drop':
    case 'busy': {
      const count = integer(value ?? '1')
      return count === undefined ? fail(`usage: fault ${fault} N`) : ok({ kind: 'fault', fault, count })
    }
    case 'delay': {
      const ms = integer(value)
      return ms === undefined || ms > 60_000 ? fail('usage: fault delay MS (0–60000)') : ok({ kind: 'fault', fault, ms })
    }
    case 'split':
      return value === 'on' || value === 'off' ? ok({ kind: 'fault', fault, isOn: value === 'on' }) : fail('usage: fault split on|off')
    case 'garbage':
      try {
        return ok({ kind: 'fault', fault, bytes: fromHex(args.slice(1).join('')) })
      } catch {
        return fail('usage: fault garbage HEX')
      }
    default:
      return fail('usage: fault corrupt N|drop N|busy N|delay MS|split on|off|garbage HEX')
  }
}

function integer(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{1,10}$/.test(text)) return undefined
  const value = Number(text)
  return value <= 0xffffffff ? value : undefined
}

function celsius(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d{1,3}(\.\d{1,2})?$/.test(text)) return undefined
  return Number(text)
}
