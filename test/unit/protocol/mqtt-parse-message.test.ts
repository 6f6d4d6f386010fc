import t from 'tap'
import { Type } from '@sinclair/typebox'
import { parseMessage } from '../../../protocol/mqtt/parse-message.js'
import { encodeMessage } from '../../../protocol/mqtt/encode-message.js'
import { readMessageId } from '../../../protocol/mqtt/read-message-id.js'
import { MESSAGE_CATALOG } from '../../../protocol/mqtt/message-catalog.js'
import { MESSAGE_EXAMPLES } from '../../../protocol/mqtt/message-examples.js'
import { TOPIC_KIND_NAMES } from '../../../protocol/mqtt/topics.js'
import { AccessEvent } from '../../../protocol/mqtt/messages/access-event.js'
import { CommandReply } from '../../../protocol/mqtt/messages/command-reply.js'

const event = MESSAGE_EXAMPLES.event
const eventJson = JSON.stringify(event)
const limit = { maxBytes: 4096 }

t.test('returns the value of a valid payload, from a Buffer or a string', async (t) => {
  for (const kind of TOPIC_KIND_NAMES) {
    const spec = MESSAGE_CATALOG[kind]
    const payload = Buffer.from(JSON.stringify(MESSAGE_EXAMPLES[kind]))
    const result = parseMessage(spec.schema, payload, { maxBytes: spec.maxPayloadBytes })
    t.same(result, { ok: true, value: MESSAGE_EXAMPLES[kind] }, kind)
  }
  const fromString = parseMessage(AccessEvent, eventJson, limit)
  t.ok(fromString.ok)
  if (fromString.ok) t.equal(fromString.value.decision.reason, 'FEVER')
})

t.test('refuses a payload over maxBytes as TOO_LARGE before decoding it', async (t) => {
  const payload = Buffer.from(eventJson)
  t.match(parseMessage(AccessEvent, payload, { maxBytes: payload.length - 1 }), { ok: false, code: 'TOO_LARGE' })
  t.match(parseMessage(AccessEvent, payload, { maxBytes: payload.length }), { ok: true })
  t.match(parseMessage(AccessEvent, '王'.repeat(10), { maxBytes: 29 }), { ok: false, code: 'TOO_LARGE' }, 'counts UTF-8 bytes')
  t.match(parseMessage(AccessEvent, Buffer.alloc(10_000_000, 0x20), limit), {
    ok: false,
    code: 'TOO_LARGE',
    errors: ['payload is 10000000 bytes, limit 4096'],
  })
})

t.test('refuses bytes that are not UTF-8 JSON as NOT_JSON, without quoting them', async (t) => {
  const cases: [string, Buffer | string][] = [
    ['empty', ''],
    ['truncated', eventJson.slice(0, -1)],
    ['garbage bytes', Buffer.from([0xff, 0xfe, 0x00, 0x7b])],
    ['invalid UTF-8 inside a string', Buffer.concat([Buffer.from('{"v":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')])],
    ['a card number that is not JSON', 'card 4111111111111111'],
    ['single quotes', "{'v':1}"],
    ['NaN', '{"v":NaN}'],
  ]
  for (const [name, payload] of cases) {
    const result = parseMessage(AccessEvent, payload, limit)
    t.match(result, { ok: false, code: 'NOT_JSON' }, name)
    if (!result.ok) t.notMatch(result.errors.join(' '), /4111/, `${name}: the error does not quote the payload`)
  }
})

t.test('refuses JSON that does not match the schema as INVALID, saying where', async (t) => {
  const cases: [string, unknown, RegExp][] = [
    ['a number', 42, /\(root\)/],
    ['an array', [event], /\(root\)/],
    ['null', null, /\(root\)/],
    ['missing seq', { ...event, seq: undefined }, /\/seq/],
    ['seq as a string', { ...event, seq: '1287' }, /\/seq/],
    ['an extra member', { ...event, phone: '13800138000' }, /\/phone.*Unexpected property/],
    ['an oversized door id', { ...event, doorId: 'd'.repeat(64) }, /\/doorId/],
    ['a granted denial', { ...event, decision: { granted: true, reason: 'FEVER' } }, /\/decision.*variant 1/],
  ]
  for (const [name, value, where] of cases) {
    const result = parseMessage(AccessEvent, JSON.stringify(value), limit)
    t.match(result, { ok: false, code: 'INVALID' }, name)
    if (!result.ok) t.match(result.errors.join('\n'), where, `${name}: ${result.errors[0]}`)
  }
})

t.test('reports at most eight errors, with short escaped paths', async (t) => {
  const hostile = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}\n${'p'.repeat(500)}`, i]))
  const result = parseMessage(AccessEvent, JSON.stringify(hostile), { maxBytes: 1_000_000 })
  t.match(result, { ok: false, code: 'INVALID' })
  if (!result.ok) {
    t.ok(result.errors.length <= 8, `${result.errors.length} errors`)
    for (const error of result.errors) {
      t.ok(error.length < 400, 'each error is short')
      t.notOk(error.includes('\n'), 'control characters in member names are escaped')
    }
  }
})

t.test('keeps __proto__ as data and rejects it as an unknown member', async (t) => {
  const payload = `{"__proto__":{"polluted":true},${eventJson.slice(1)}`
  t.match(parseMessage(AccessEvent, payload, limit), { ok: false, code: 'INVALID' })
  t.equal(({} as Record<string, unknown>).polluted, undefined)
})

t.test('explains a union failure by its shapes', async (t) => {
  const reply = { v: 1, id: MESSAGE_EXAMPLES.commandReply.id, edgeId: 'b7', status: 'error', at: '2026-03-02T08:20:00.184Z' }
  const result = parseMessage(CommandReply, JSON.stringify(reply), { maxBytes: 2048 })
  t.match(result, { ok: false, code: 'INVALID' })
  if (!result.ok) t.match(result.errors[0], /variant 1: \/status: Expected .ok.; variant 2: \/code: Expected required property/)
})

t.test('compiles each schema once and keeps working for many schemas', async (t) => {
  const schemas = Array.from({ length: 50 }, (_, i) => Type.Object({ n: Type.Literal(i) }, { additionalProperties: false }))
  schemas.forEach((schema, i) => {
    t.match(parseMessage(schema, `{"n":${i}}`, { maxBytes: 100 }), { ok: true })
    t.match(parseMessage(schema, `{"n":${i + 1}}`, { maxBytes: 100 }), { ok: false, code: 'INVALID' })
  })
  const started = process.hrtime.bigint()
  for (let i = 0; i < 2_000; i++) parseMessage(AccessEvent, eventJson, limit)
  const perParseUs = Number(process.hrtime.bigint() - started) / 2_000 / 1_000
  t.ok(perParseUs < 1_000, `a cached parse takes ${perParseUs.toFixed(1)} µs, far below a compile`)
})

t.test('encodeMessage serialises a valid message and refuses an invalid one with a code', async (t) => {
  const bytes = encodeMessage(AccessEvent, event, limit)
  t.same(JSON.parse(bytes.toString('utf8')), event)
  const leaky = { ...event, credential: { kind: 'card' as const, maskedReference: '4111111111111111' } }
  t.throws(() => encodeMessage(AccessEvent, leaky, limit), { code: 'INVALID_OUTGOING_MESSAGE' })
  t.throws(() => encodeMessage(AccessEvent, event, { maxBytes: 10 }), { code: 'INVALID_OUTGOING_MESSAGE' })
})

t.test('readMessageId finds the id of an invalid command, and nothing else', async (t) => {
  const command = MESSAGE_EXAMPLES.command
  t.equal(readMessageId(JSON.stringify({ id: command.id, action: 'EXPLODE' }), { maxBytes: 2048 }), command.id)
  t.equal(readMessageId(Buffer.from(JSON.stringify(command)), { maxBytes: 2048 }), command.id)
  for (const payload of ['', 'nope', '[1]', 'null', '{"id":42}', '{"id":"not-a-uuid"}', `{"id":"${command.id.toUpperCase()}"}`]) {
    t.equal(readMessageId(payload, { maxBytes: 2048 }), null, JSON.stringify(payload))
  }
  t.equal(readMessageId(JSON.stringify(command), { maxBytes: 10 }), null, 'too large')
})
