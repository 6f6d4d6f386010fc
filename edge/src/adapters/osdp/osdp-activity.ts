import type { OsdpReply } from '../../../../protocol/osdp/osdp-replies.js'
import { fromLeftJustifiedBytes } from '../../../../protocol/wiegand/wiegand-bits.js'
import { decodeWiegand, type WiegandFormat } from '../../../../protocol/wiegand/wiegand-format.js'
import { pressKeys } from '../../domain/keypad-entry.js'
import type { OsdpPeripheral } from './osdp-peripheral.js'

interface ReaderRef {
  readonly name: string
  readonly address: number
}

/** What the control panel reports; the door service listens. */
export interface OsdpReaderEvents {
  readerOnline: [reader: ReaderRef & { readonly isSecure: boolean }]
  readerOffline: [reader: ReaderRef & { readonly reason: string }]
  /** The reader was configured secure but runs in plaintext (the reader cannot do better). */
  securityDowngraded: [reader: ReaderRef & { readonly reason: string }]
  /** A secure-only reader could not establish the Secure Channel and stays offline. */
  securityRefused: [reader: ReaderRef & { readonly reason: string }]
  credentialRead: [read: ReaderRef & { readonly format: string; readonly facility: number | null; readonly card: number }]
  cardRejected: [read: ReaderRef & { readonly code: string; readonly bitCount: number }]
  pinEntered: [entry: ReaderRef & { readonly pin: string }]
  inputsChanged: [change: ReaderRef & { readonly inputs: readonly boolean[] }]
  localStatusChanged: [change: ReaderRef & { readonly isTampered: boolean; readonly hasPowerFailure: boolean }]
}

export interface ActivityEmitter {
  emit<K extends keyof OsdpReaderEvents>(event: K, ...args: OsdpReaderEvents[K]): boolean
}

/** Turns what an online PD reported into events. */
export function dispatchActivity(
  pd: OsdpPeripheral,
  reply: OsdpReply,
  options: { readonly wiegandFormats: readonly WiegandFormat[]; readonly keypadTimeoutMs: number },
  nowMs: number,
  emitter: ActivityEmitter,
): void {
  const ref = { name: pd.settings.name, address: pd.settings.address }
  switch (reply.type) {
    case 'RAW': {
      const bits = fromLeftJustifiedBytes(reply.data, reply.bitCount)
      const card = bits.ok ? decodeWiegand(bits.bits, options.wiegandFormats) : bits
      if (card.ok) emitter.emit('credentialRead', { ...ref, format: card.format.name, facility: card.facility, card: card.card })
      else emitter.emit('cardRejected', { ...ref, code: card.code, bitCount: reply.bitCount })
      return
    }
    case 'KEYPAD': {
      const result = pressKeys(pd.keypad, reply.keys, nowMs, options.keypadTimeoutMs)
      pd.keypad = result.entry
      for (const pin of result.submitted) emitter.emit('pinEntered', { ...ref, pin })
      return
    }
    case 'ISTATR':
      if (sameInputs(pd.inputs, reply.inputs)) return
      pd.inputs = reply.inputs
      emitter.emit('inputsChanged', { ...ref, inputs: reply.inputs })
      return
    case 'LSTATR':
      if (pd.isTampered === reply.isTampered && pd.hasPowerFailure === reply.hasPowerFailure) return
      pd.isTampered = reply.isTampered
      pd.hasPowerFailure = reply.hasPowerFailure
      emitter.emit('localStatusChanged', { ...ref, isTampered: reply.isTampered, hasPowerFailure: reply.hasPowerFailure })
      return
    default:
      return
  }
}

function sameInputs(a: readonly boolean[], b: readonly boolean[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index])
}
