import t from 'tap'
import { credentialLookupKey } from '../../../../protocol/policy/credential-lookup-key.js'
import { parsePhoneQrCode } from '../../../../protocol/policy/phone-qr-code.js'
import { encodeVisitorQrCode, parseVisitorQrCode, visitorQrTextOf } from '../../../../protocol/policy/visitor-qr-code.js'
import { QR_LINE_MAX_LENGTH } from '../../../../protocol/qr/qr-line.js'

const CODE = 'Q7dK2mXw9pLr4TsB'

t.test('parses a hand-written visitor code into the lookup key the edge decides on', async (t) => {
  t.same(parseVisitorQrCode('GHV1.Q7dK2mXw9pLr4TsB'), { ok: true, value: { code: CODE, lookupKey: 'visitor:Q7dK2mXw9pLr4TsB' } })
  t.same(parseVisitorQrCode(`GHV1.${'a-_9'.repeat(16)}`), { ok: true, value: { code: 'a-_9'.repeat(16), lookupKey: `visitor:${'a-_9'.repeat(16)}` } }, 'up to 64 characters')
  const lookup = credentialLookupKey({ kind: 'visitor-code', code: CODE })
  t.same(lookup, { ok: true, lookupKey: 'visitor:Q7dK2mXw9pLr4TsB' }, 'the same key the hub stores for the pass')
})

t.test('encodes the line a pass shows, and round-trips', async (t) => {
  t.equal(encodeVisitorQrCode(CODE), 'GHV1.Q7dK2mXw9pLr4TsB')
  t.equal(visitorQrTextOf('visitor:Q7dK2mXw9pLr4TsB'), 'GHV1.Q7dK2mXw9pLr4TsB')
  t.same(parseVisitorQrCode(encodeVisitorQrCode(CODE)), { ok: true, value: { code: CODE, lookupKey: `visitor:${CODE}` } })
  t.throws(() => encodeVisitorQrCode('short'), { code: 'BAD_CODE' })
  t.throws(() => encodeVisitorQrCode('has a space in it ok'), { code: 'BAD_CODE' })
})

t.test('only QR-form visitor keys have a QR text: keypad passes and other credentials do not', async (t) => {
  t.equal(visitorQrTextOf('pin:86420531'), null)
  t.equal(visitorQrTextOf('card:h10301:212:7041'), null)
  t.equal(visitorQrTextOf('visitor:Ab3dEf7h'), null, 'an 8-character keypad-era code is too short to be a QR pass')
})

t.test('refuses malformed lines with a reason, and leaves other codes alone', async (t) => {
  const cases: [string, string][] = [
    ['GHV1', 'BAD_FIELD_COUNT'],
    ['GHV1.', 'BAD_CODE'],
    ['GHV1.Q7dK2mXw9pLr4TsB.extra', 'BAD_FIELD_COUNT'],
    ['GHV1.Q7dK2mXw9pLr4Ts', 'BAD_CODE'],
    ['GHV1.Q7dK2mXw9pLr4TsB!', 'BAD_CODE'],
    ['GHV1.Q7dK2mXw9pLr4Ts+/', 'BAD_CODE'],
    [`GHV1.${'A'.repeat(65)}`, 'BAD_CODE'],
    ['GHV2.Q7dK2mXw9pLr4TsB', 'UNSUPPORTED_VERSION'],
    ['GHV12.Q7dK2mXw9pLr4TsB', 'UNSUPPORTED_VERSION'],
    [`GHV1.${'A'.repeat(QR_LINE_MAX_LENGTH)}`, 'LINE_TOO_LONG'],
    ['ghv1.Q7dK2mXw9pLr4TsB', 'NOT_VISITOR_QR'],
    ['GHV.Q7dK2mXw9pLr4TsB', 'NOT_VISITOR_QR'],
    ['GHV2', 'NOT_VISITOR_QR'],
    ['https://example.com/GHV1.Q7dK2mXw9pLr4TsB', 'NOT_VISITOR_QR'],
    [`GH1.pk-3f9a0c.1772417400.q3XkV9m2T0aL8sYd.${'A'.repeat(86)}`, 'NOT_VISITOR_QR'],
    ['', 'NOT_VISITOR_QR'],
  ]
  for (const [line, code] of cases) {
    const parsed = parseVisitorQrCode(line)
    t.match(parsed, { ok: false, code, message: /\S/ }, `${JSON.stringify(line.slice(0, 40))} → ${code}`)
  }
  t.match(parseVisitorQrCode(42 as unknown as string), { ok: false, code: 'NOT_VISITOR_QR' }, 'not text at all')
})

t.test('a visitor line is not a phone code either: the phone parser says NOT_PHONE_QR', async (t) => {
  t.match(parsePhoneQrCode('GHV1.Q7dK2mXw9pLr4TsB'), { ok: false, code: 'NOT_PHONE_QR' })
})
