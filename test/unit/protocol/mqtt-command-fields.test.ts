import t from 'tap'
import { checkCommandFields } from '../../../protocol/mqtt/command-fields.js'
import { MESSAGE_CATALOG } from '../../../protocol/mqtt/message-catalog.js'
import { MESSAGE_EXAMPLES } from '../../../protocol/mqtt/message-examples.js'
import { parseMessage } from '../../../protocol/mqtt/parse-message.js'

const staff = { kind: 'staff', id: 's-0007', name: '王阿姨' } as const
const resident = { kind: 'resident', id: 'p-0193' } as const

t.test('a staff opening needs a reason; nobody else does', async (t) => {
  for (const action of ['UNLOCK', 'HOLD_OPEN']) {
    t.match(checkCommandFields({ action, actor: staff }), { ok: false, code: 'REASON_REQUIRED' }, `${action} without a reason`)
    t.match(checkCommandFields({ action, actor: staff, reason: '  ' }), { ok: false, code: 'REASON_REQUIRED' }, `${action} with only spaces`)
    t.same(checkCommandFields({ action, actor: staff, reason: 'wheelchair, assisted lane' }), { ok: true })
  }
  t.same(checkCommandFields({ action: 'UNLOCK', actor: resident }), { ok: true }, 'a resident opening from the phone')
  t.same(checkCommandFields({ action: 'UNLOCK', actor: { kind: 'admin', id: 'a-1' } }), { ok: true }, 'an admin')
  t.same(checkCommandFields({ action: 'LOCK', actor: staff }), { ok: true }, 'a staff LOCK opens nothing')
})

t.test('a fever action needs its contact reading, and no other action takes one', async (t) => {
  for (const action of ['CONFIRM_FEVER', 'CLEAR_FEVER']) {
    t.match(checkCommandFields({ action, actor: staff }), { ok: false, code: 'READING_REQUIRED' }, action)
    t.same(checkCommandFields({ action, actor: staff, contactCelsius: 37.9 }), { ok: true })
  }
  t.match(checkCommandFields({ action: 'UNLOCK', actor: staff, reason: 'x', contactCelsius: 36.5 }), { ok: false, code: 'INVALID' })
})

t.test('the schema bounds the reason and the reading', async (t) => {
  const { schema, maxPayloadBytes } = MESSAGE_CATALOG.command
  const parse = (fields: object) => parseMessage(schema, Buffer.from(JSON.stringify({ ...MESSAGE_EXAMPLES.command, ...fields })), { maxBytes: maxPayloadBytes })
  t.equal(parse({ reason: 'x'.repeat(120), actor: staff }).ok, true)
  t.equal(parse({ reason: 'x'.repeat(121) }).ok, false, 'over 120 characters')
  t.equal(parse({ reason: 'line\nbreak' }).ok, false, 'a control character')
  t.equal(parse({ action: 'CLEAR_FEVER', contactCelsius: 36.6 }).ok, true)
  t.equal(parse({ action: 'CLEAR_FEVER', contactCelsius: 29.9 }).ok, false, 'below 30 °C')
  t.equal(parse({ action: 'CLEAR_FEVER', contactCelsius: 45.1 }).ok, false, 'above 45 °C')
  t.equal(parse({ action: 'CLEAR_FEVER', contactCelsius: '36.6' }).ok, false, 'a string')
})
