/**
 * Hostile MQTT payloads for the parseMessage fuzz tests: random bytes, byte-level mutations of a
 * valid example, oversized payloads, and structural mutations (a member replaced by a hostile
 * value, removed, added or duplicated). Every input also goes through readMessageId and, when it
 * parses as a command or policy announcement, through signature verification: none may throw,
 * and a signature may verify only for the unaltered example.
 */
import { createPublicKey } from 'node:crypto'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { ByteFuzzer } from './byte-fuzzer.js'
import { parseMessage, type ParseFailureCode } from '../../protocol/mqtt/parse-message.js'
import { canonicalJson } from '../../protocol/mqtt/canonical-json.js'
import { readMessageId } from '../../protocol/mqtt/read-message-id.js'
import { verifyCommandSignature } from '../../protocol/mqtt/command-signature.js'
import { verifyPolicyAnnouncementSignature } from '../../protocol/mqtt/policy-announcement-signature.js'
import { MESSAGE_CATALOG } from '../../protocol/mqtt/message-catalog.js'
import { EXAMPLE_HUB_PUBLIC_KEY_HEX, MESSAGE_EXAMPLES } from '../../protocol/mqtt/message-examples.js'
import { Command } from '../../protocol/mqtt/messages/command.js'
import { PolicyAnnouncement } from '../../protocol/mqtt/messages/policy-announcement.js'
import type { TopicKind } from '../../protocol/mqtt/topics.js'

export const INPUTS_PER_SCHEMA = 100_000
export const PARSE_FAILURE_CODES: readonly ParseFailureCode[] = ['TOO_LARGE', 'NOT_JSON', 'INVALID']

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
      const names = ['v', 'id', 'a', '__proto__', 'constructor', '']
      const entries = Array.from({ length: random.int(4) }, () => [random.pick(names), hostileValue(random, depth + 1)])
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

/** Runs INPUTS_PER_SCHEMA seeded inputs; `violations` counts results that break the contract. */
export function fuzzSchema(kind: TopicKind, seed: number): { violations: number; counts: Record<string, number> } {
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
      // A signature may verify only when the signed content is exactly the example's.
      const isExample = canonicalJson(result.value) === canonicalJson(MESSAGE_EXAMPLES[kind])
      if (commandCheck.Check(result.value) && verifyCommandSignature(hubPublicKey, result.value) !== isExample) violations++
      if (policyCheck.Check(result.value) && verifyPolicyAnnouncementSignature(hubPublicKey, result.value) !== isExample) {
        violations++
      }
    } else {
      counts[result.code] = (counts[result.code] ?? 0) + 1
      if (!PARSE_FAILURE_CODES.includes(result.code) || result.errors.length === 0 || result.errors.length > 8) violations++
    }
  }
  return { violations, counts }
}

