/**
 * parseMessage gets 100,000 hostile payloads for each message that the hub publishes: it must never throw, must
 * return only values its schema accepts, and must keep its error lists short.
 */
import t from 'tap'
import { fuzzSchema, INPUTS_PER_SCHEMA, PARSE_FAILURE_CODES } from './mqtt-payload-fuzzer.js'
import { MESSAGE_CATALOG } from '../../protocol/mqtt/message-catalog.js'
import { TOPIC_KIND_NAMES, TOPIC_KINDS } from '../../protocol/mqtt/topics.js'

const KINDS = TOPIC_KIND_NAMES.filter((kind) => TOPIC_KINDS[kind].publisher === 'hub')

for (const kind of KINDS) {
  const name = MESSAGE_CATALOG[kind].name
  const count = INPUTS_PER_SCHEMA.toLocaleString('en')
  t.test(`parseMessage never throws on ${count} hostile ${name} payloads`, async (t) => {
    const { violations, counts } = fuzzSchema(kind, 0x6a7e + TOPIC_KIND_NAMES.indexOf(kind))
    t.equal(violations, 0, 'every result is a checked value or a coded failure with 1–8 errors')
    for (const outcome of ['ok', ...PARSE_FAILURE_CODES]) {
      t.ok((counts[outcome] ?? 0) > 0, `${outcome} happened ${counts[outcome] ?? 0} times`)
    }
  })
}
