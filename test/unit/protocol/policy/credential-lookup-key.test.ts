import t from 'tap'
import {
  LOOKUP_KEY_PATTERN,
  credentialLookupKey,
  lookupKeyPrefix,
  type CredentialRead,
} from '../../../../protocol/policy/credential-lookup-key.js'
import { H10301, WIEGAND_34, WIEGAND_34_UID, decodeWiegand } from '../../../../protocol/wiegand/wiegand-format.js'
import { ByteFuzzer } from '../../../fuzz/byte-fuzzer.js'

const keyOf = (read: CredentialRead) => {
  const result = credentialLookupKey(read)
  return result.ok ? result.lookupKey : result.code
}
const LOOKUP_KEY = new RegExp(LOOKUP_KEY_PATTERN)

t.test('derives card keys from Wiegand reads, the facility included when the layout has one', async (t) => {
  t.equal(keyOf({ kind: 'card', format: 'H10301', facility: 212, card: 7041 }), 'card:h10301:212:7041')
  t.equal(keyOf({ kind: 'card', format: 'WIEGAND_34', facility: 35284, card: 7041 }), 'card:wiegand-34:35284:7041')
  t.equal(keyOf({ kind: 'card', format: 'WIEGAND_34_UID', facility: null, card: 0x89d41b81 }), 'card:wiegand-34-uid:2312379265')
  t.equal(keyOf({ kind: 'card', format: 'h10301', facility: 0, card: 0 }), 'card:h10301:0:0')
})

t.test('a card decoded from the reference bits gives the key the hub enrolled (FC 212, card 7041)', async (t) => {
  // protocols-and-libraries.md §2, from the CIVINTEC CN56 manual §6.4.2: 1 11010100 0001101110000001 0
  const bits = '11101010000011011100000010'.split('').map(Number)
  const decoded = decodeWiegand(bits, [H10301, WIEGAND_34, WIEGAND_34_UID])
  if (!decoded.ok) throw new Error(decoded.message)
  t.equal(keyOf({ kind: 'card', format: decoded.format.name, facility: decoded.facility, card: decoded.card }), 'card:h10301:212:7041')
})

t.test('refuses card reads that cannot be numbers of a Wiegand field', async (t) => {
  t.equal(keyOf({ kind: 'card', format: 'H10301', facility: -1, card: 1 }), 'BAD_FACILITY')
  t.equal(keyOf({ kind: 'card', format: 'H10301', facility: 1.5, card: 1 }), 'BAD_FACILITY')
  t.equal(keyOf({ kind: 'card', format: 'H10301', facility: 1, card: 2 ** 48 }), 'BAD_CARD_NUMBER')
  t.equal(keyOf({ kind: 'card', format: 'H10301', facility: 1, card: Number.NaN }), 'BAD_CARD_NUMBER')
  t.equal(keyOf({ kind: 'card', format: 'H 10301', facility: 1, card: 1 }), 'BAD_CARD_FORMAT')
  t.equal(keyOf({ kind: 'card', format: '', facility: 1, card: 1 }), 'BAD_CARD_FORMAT')
})

t.test('PINs keep their digits; full-width digits typed on a Chinese keyboard are the same PIN', async (t) => {
  t.equal(keyOf({ kind: 'pin', digits: '20200214' }), 'pin:20200214')
  t.equal(keyOf({ kind: 'pin', digits: '０１２３' }), 'pin:0123')
  t.equal(keyOf({ kind: 'pin', digits: '123' }), 'BAD_PIN', 'too short')
  t.equal(keyOf({ kind: 'pin', digits: '1234567890123' }), 'BAD_PIN', 'too long')
  t.equal(keyOf({ kind: 'pin', digits: '12a4' }), 'BAD_PIN')
})

t.test('pass numbers are upper-cased without spaces and hyphens', async (t) => {
  t.equal(keyOf({ kind: 'entry-pass', passNumber: 'a-0123' }), 'pass:A0123')
  t.equal(keyOf({ kind: 'entry-pass', passNumber: ' Ａ０１２３ ' }), 'pass:A0123')
  t.equal(keyOf({ kind: 'entry-pass', passNumber: 'NO 2020 0456' }), 'pass:NO20200456')
  t.equal(keyOf({ kind: 'entry-pass', passNumber: '---' }), 'BAD_PASS_NUMBER')
  t.equal(keyOf({ kind: 'entry-pass', passNumber: '出入证1' }), 'BAD_PASS_NUMBER')
})

t.test('phone key ids and visitor codes are taken as they are', async (t) => {
  t.equal(keyOf({ kind: 'phone-key', keyId: 'pk-3f9a0c' }), 'phone:pk-3f9a0c')
  t.equal(keyOf({ kind: 'phone-key', keyId: 'PK-3F' }), 'BAD_PHONE_KEY_ID', 'ids are lowercase')
  t.equal(keyOf({ kind: 'visitor-code', code: 'Q7dK2mXw9pL' }), 'visitor:Q7dK2mXw9pL')
  t.equal(keyOf({ kind: 'visitor-code', code: 'short' }), 'BAD_VISITOR_CODE')
  t.equal(keyOf({ kind: 'retina' } as unknown as CredentialRead), 'UNKNOWN_READ_KIND')
})

t.test('names the prefix of a key', async (t) => {
  t.same(['card:h10301:1:2', 'pin:1234', 'pass:A', 'phone:pk', 'visitor:abcdefgh', 'face:x', 'nocolon'].map(lookupKeyPrefix), ['card', 'pin', 'pass', 'phone', 'visitor', null, null])
})

t.test('every key it derives matches LOOKUP_KEY_PATTERN; random reads never throw (20,000 reads)', async (t) => {
  const random = new ByteFuzzer(7041)
  const text = () => random.bytes(random.int(20)).toString('latin1')
  const reads: (() => CredentialRead)[] = [
    () => ({ kind: 'card', format: random.pick(['H10301', 'WIEGAND_34_UID', text()]), facility: random.chance(0.3) ? null : random.int(2 ** 20), card: random.chance(0.9) ? random.int(2 ** 32) : random.next() * 1e20 }),
    () => ({ kind: 'pin', digits: random.chance(0.5) ? String(random.int(1e9)) : text() }),
    () => ({ kind: 'entry-pass', passNumber: random.chance(0.5) ? `A-${random.int(1e6)}` : text() }),
    () => ({ kind: 'phone-key', keyId: random.chance(0.5) ? `pk-${random.int(1e6).toString(16)}` : text() }),
    () => ({ kind: 'visitor-code', code: random.chance(0.5) ? random.bytes(12).toString('base64url') : text() }),
  ]
  const bad: string[] = []
  let derived = 0
  for (let i = 0; i < 20_000; i++) {
    const result = credentialLookupKey(random.pick(reads)())
    if (!result.ok) continue
    derived++
    if (!LOOKUP_KEY.test(result.lookupKey) || result.lookupKey.length > 80) bad.push(result.lookupKey)
  }
  t.ok(derived > 5_000, `${derived} keys derived`)
  t.same(bad.slice(0, 5), [])
})
