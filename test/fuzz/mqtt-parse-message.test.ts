/**
 * Fuzzes parseMessage with 100,000 payloads per message schema: random bytes, byte-level
 * mutations of the valid example, and structural mutations (a member replaced by a hostile value,
 * removed, added or duplicated). parseMessage must never throw, must only return values its
 * schema accepts, and must keep its error lists short. Signature checks and readMessageId get the
 * same inputs and must not throw either.
 */
import t from 'tap'
import { createPublicKey } from 'node:crypto'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { ByteFuzzer } from './byte-fuzzer.js'
import { parseMessage, type ParseFailureCode } from '../../protocol/mqtt/parse-message.js'
import { readMessageId } from '../../protocol/mqtt/read-message-id.js'
import { verifyCommandSignature } from '../../protocol/mqtt/command-signature.js'
import { verifyPolicyAnnouncementSignature } from '../../protocol/mqtt/policy-announcement-signature.js'
import { MESSAGE_CATALOG } from '../../protocol/mqtt/message-catalog.js'
import { EXAMPLE_HUB_PUBLIC_KEY_HEX, MESSAGE_EXAMPLES } from '../../protocol/mqtt/message-examples.js'
import { Command } from '../../protocol/mqtt/messages/command.js'
import { PolicyAnnouncement } from '../../protocol/mqtt/messages/policy-announcement.js'
import { TOPIC_KIND_NAMES, type TopicKind } from '../../protocol/mqtt/topics.js'

const INPUTS_PER_SCHEMA = 100_000
const CODES: readonly ParseFailureCode[] = ['TOO_LARGE', 'NOT_JSON', 'INVALID']

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

const hubPublicKey = createPublicKey({
  key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(EXAMPLE_HUB_PUBLIC_KEY_HEX, 'hex')]),
  format: 'der',
  type: 'spki',
})

const commandCheck = TypeCompiler.Compile(Command)
const policyCheck = TypeCompiler.Compile(PolicyAnnouncement)

function hostileValue(random: ByteFuzzer, depth = 0): Json {
  switch (random.int(depth > 2 ? 9 : 12)) {
    case 0:
      return null
    case 1:
      return random.chance(0.5)
    case 2:
      return random.pick([0, -1, 1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 37.3, 20, 50])
    case 3:
      return random.int(1_000_000) - 500
    case 4:
      return 'x'.repeat(random.pick([0, 1, 22, 36, 63, 64, 65, 88, 161, 1025, 5000]))
    case 5:
      return random.pick(['\u0000', 'a\nb', '\ud800', '王', '****1234', '4111111111111111', '$SYS', '+', '#', '__proto__'])
    case 6:
      return random.pick(['GRANTED', 'FEVER', 'ok', 'error', 'put', 'delete', 'in', 'online', 'UNLOCK', 'staff'])
    case 7:
      return random.pick(['2026-03-02T08:15:00.000Z', '2026-02-30T08:15:00Z', '6f1c2b9e-3d4a-4e8b-9c1d-2a3b4c5d6e7f'])
    case 8:
      return random.bytes(random.int(40)).toString('latin1')
    case 9:
      return Array.from({ length: random.int(4) }, () => hostileValue(random, depth + 1))
    case 10: {
      const entries = Array.from({ length: random.int(4) }, () => [random.pick(['v', 'id', 'a', '__proto__', 'constructor', '']), hostileValue(random, depth + 1)])
      return Object.fromEntries(entries)
    }
    default:
      return '['.repeat(random.int(5_000))
  }
}

function objectNodes(value: Json, nodes: Json[] = []): Json[] {
  if (value !== null && typeof value === 'object') {
    nodes.push(value)
    for (const child of Object.values(value)) objectNodes(child, nodes)
  }
  return nodes
}

/** A structurally mutated copy of the example: one to three members replaced, removed, added or duplicated. */
function mutateStructure(random: ByteFuzzer, example: unknown): string {
  const value: Json = JSON.parse(JSON.stringify(example))
  const mutations = 1 + random.int(3)
  for (let i = 0; i < mutations; i++) {
    const node = random.pick(objectNodes(value))
    const keys = Object.keys(node)
    const key = keys.length > 0 && random.chance(0.8) ? random.pick(keys) : random.pick(['extra', 'Card Number', '0'])
    switch (random.int(4)) {
      case 0:
        node[key] = hostileValue(random)
        break
      case 1:
        delete node[key]
        break
      case 2:
        if (Array.isArray(node)) node.push(node[0] ?? hostileValue(random))
        else node[`${key}x`] = node[key] ?? hostileValue(random)
        break
      default:
        node[key] = JSON.parse(JSON.stringify(random.pick(Object.values(value)) ?? null))
    }
  }
  return JSON.stringify(value) ?? 'null'
}

function nextInput(random: ByteFuzzer, example: unknown, maxBytes: number): Buffer | string {
  const valid = Buffer.from(JSON.stringify(example))
  switch (random.int(8)) {
    case 0:
      return random.bytes(random.int(300))
    case 1:
    case 2:
      return random.mutate(valid)
    case 3:
      return Buffer.alloc(maxBytes + 1 + random.int(100), 0x20)
    case 4:
      return valid.toString('utf8')
    default:
      return mutateStructure(random, example)
  }
}

function fuzzSchema(kind: TopicKind, seed: number): { violations: number; counts: Record<string, number> } {
  const spec = MESSAGE_CATALOG[kind]
  const check = TypeCompiler.Compile(spec.schema)
  const random = new ByteFuzzer(seed)
  const counts: Record<string, number> = { ok: 0, TOO_LARGE: 0, NOT_JSON: 0, INVALID: 0 }
  let violations = 0
  for (let i = 0; i < INPUTS_PER_SCHEMA; i++) {
    const input = nextInput(random, MESSAGE_EXAMPLES[kind], spec.maxPayloadBytes)
    const options = { maxBytes: spec.maxPayloadBytes }
    const result = parseMessage(spec.schema, input, options)
    readMessageId(input, options)
    if (result.ok) {
      counts.ok = (counts.ok ?? 0) + 1
      if (!check.Check(result.value)) violations++
      if (commandCheck.Check(result.value)) verifyCommandSignature(hubPublicKey, result.value)
      if (policyCheck.Check(result.value)) verifyPolicyAnnouncementSignature(hubPublicKey, result.value)
    } else {
      counts[result.code] = (counts[result.code] ?? 0) + 1
      if (!CODES.includes(result.code) || result.errors.length === 0 || result.errors.length > 8) violations++
    }
  }
  return { violations, counts }
}

TOPIC_KIND_NAMES.forEach((kind, index) => {
  t.test(`parseMessage never throws on ${INPUTS_PER_SCHEMA.toLocaleString('en')} hostile ${MESSAGE_CATALOG[kind].name} payloads`, async (t) => {
    const { violations, counts } = fuzzSchema(kind, 0x6a7e + index)
    t.equal(violations, 0, 'every result is a checked value or a coded failure with 1–8 errors')
    for (const outcome of ['ok', ...CODES]) t.ok((counts[outcome] ?? 0) > 0, `${outcome}: ${counts[outcome] ?? 0}`)
  })
})
