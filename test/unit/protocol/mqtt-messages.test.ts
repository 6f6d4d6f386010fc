import t from 'tap'
import type { TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { MESSAGE_CATALOG } from '../../../protocol/mqtt/message-catalog.js'
import { MESSAGE_EXAMPLES } from '../../../protocol/mqtt/message-examples.js'
import { encodeMessage } from '../../../protocol/mqtt/encode-message.js'
import { TOPIC_KIND_NAMES, type TopicKind } from '../../../protocol/mqtt/topics.js'
import { AccessEvent, DENY_REASONS, GRANT_REASONS } from '../../../protocol/mqtt/messages/access-event.js'
import { Alarm } from '../../../protocol/mqtt/messages/alarm.js'
import { Command } from '../../../protocol/mqtt/messages/command.js'
import { CommandReply } from '../../../protocol/mqtt/messages/command-reply.js'
import { EdgeStatus } from '../../../protocol/mqtt/messages/edge-status.js'
import { PolicyAnnouncement } from '../../../protocol/mqtt/messages/policy-announcement.js'
import { PolicyApplied } from '../../../protocol/mqtt/messages/policy-applied.js'

// Test payloads are built by mutating plain JSON copies, so they are deliberately untyped.
type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

function copy(value: unknown): Json {
  return JSON.parse(JSON.stringify(value))
}

function accepts(schema: TSchema, value: unknown): boolean {
  return TypeCompiler.Compile(schema).Check(value)
}

function example(kind: TopicKind): Json {
  return copy(MESSAGE_EXAMPLES[kind])
}

/** Every leaf path of a JSON value, e.g. ['delta', 'changes', 0, 'row', 'from']. */
function leafPaths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix]
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value)
  return entries.flatMap(([key, item]) => leafPaths(item, [...prefix, key]))
}

function objectPaths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return []
  const entries: [string | number, Json][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value)
  const own = Array.isArray(value) ? [] : [prefix]
  return [...own, ...entries.flatMap(([key, item]) => objectPaths(item, [...prefix, key]))]
}

function at(value: Json, path: (string | number)[]): Json {
  return path.reduce((node, key) => node[key], value)
}

function setAt(value: Json, path: (string | number)[], replacement: unknown): Json {
  const result = copy(value)
  const parent = at(result, path.slice(0, -1))
  parent[path[path.length - 1]!] = replacement
  return result
}

t.test('every schema accepts its documented example', async (t) => {
  for (const kind of TOPIC_KIND_NAMES) {
    t.ok(accepts(MESSAGE_CATALOG[kind].schema, MESSAGE_EXAMPLES[kind]), kind)
  }
})

t.test('every schema rejects a message missing any required top-level member', async (t) => {
  for (const kind of TOPIC_KIND_NAMES) {
    const value = example(kind)
    const schema: Json = MESSAGE_CATALOG[kind].schema
    const shape = schema.anyOf === undefined ? schema : schema.anyOf.find((variant: TSchema) => accepts(variant, value))
    t.ok(shape.required.length >= 3, `${kind} has required members`)
    for (const name of shape.required) {
      const mutated = copy(value)
      delete mutated[name]
      t.notOk(accepts(MESSAGE_CATALOG[kind].schema, mutated), `${kind} without ${name}`)
    }
  }
})

t.test('every schema rejects an unknown member at any depth (objects and maps are closed)', async (t) => {
  for (const kind of TOPIC_KIND_NAMES) {
    for (const path of objectPaths(example(kind))) {
      const mutated = copy(example(kind))
      at(mutated, path)['Card Number'] = '4111111111111111'
      t.notOk(accepts(MESSAGE_CATALOG[kind].schema, mutated), `${kind} with an extra member at /${path.join('/')}`)
    }
  }
})

t.test('every schema rejects a wrong type or an oversized string at every leaf', async (t) => {
  for (const kind of TOPIC_KIND_NAMES) {
    const schema = MESSAGE_CATALOG[kind].schema
    for (const path of leafPaths(example(kind))) {
      const name = `${kind} /${path.join('/')}`
      t.notOk(accepts(schema, setAt(example(kind), path, { nested: true })), `${name} as an object`)
      t.notOk(accepts(schema, setAt(example(kind), path, 'x'.repeat(5_000))), `${name} as a 5,000-character string`)
    }
  }
})

t.test('every string, array and map in every schema is bounded, and every object closed', async (t) => {
  function walk(node: Json, where: string): void {
    if (node === null || typeof node !== 'object') return
    if (node.type === 'string' && node.const === undefined) t.ok(node.maxLength > 0, `${where} has maxLength`)
    if (node.type === 'array') t.ok(node.maxItems > 0, `${where} has maxItems`)
    if (node.type === 'object') t.equal(node.additionalProperties, false, `${where} is closed`)
    if (node.patternProperties !== undefined) t.ok(node.maxProperties > 0, `${where} has maxProperties`)
    for (const [key, child] of Object.entries(node)) walk(child, `${where}/${key}`)
  }
  for (const kind of TOPIC_KIND_NAMES) walk(MESSAGE_CATALOG[kind].schema, MESSAGE_CATALOG[kind].name)
})

t.test('every member of every message is described, and every message has v: 1', async (t) => {
  function walk(node: Json, where: string): void {
    if (node === null || typeof node !== 'object') return
    if (node.properties !== undefined) {
      for (const [name, member] of Object.entries<Json>(node.properties)) {
        t.ok(typeof member.description === 'string' && member.description.length > 0, `${where}.${name} is described`)
      }
    }
    for (const [key, child] of Object.entries(node)) walk(child, `${where}/${key}`)
  }
  for (const kind of TOPIC_KIND_NAMES) {
    walk(MESSAGE_CATALOG[kind].schema, MESSAGE_CATALOG[kind].name)
    t.equal(example(kind).v, 1)
    t.notOk(accepts(MESSAGE_CATALOG[kind].schema, { ...example(kind), v: 2 }), `${kind} with v: 2`)
  }
})

t.test('access events: the reason agrees with granted, and credentials are masked', async (t) => {
  const event = example('event')
  for (const reason of GRANT_REASONS) {
    t.ok(accepts(AccessEvent, { ...event, decision: { granted: true, reason } }), `granted ${reason}`)
    t.notOk(accepts(AccessEvent, { ...event, decision: { granted: false, reason } }), `denied ${reason}`)
  }
  for (const reason of DENY_REASONS) {
    t.ok(accepts(AccessEvent, { ...event, decision: { granted: false, reason } }), `denied ${reason}`)
    t.notOk(accepts(AccessEvent, { ...event, decision: { granted: true, reason } }), `granted ${reason}`)
  }
  for (const masked of ['****4821', '****', '*', '************************A1b2']) {
    t.ok(accepts(AccessEvent, { ...event, credential: { kind: 'card', maskedReference: masked } }), masked)
  }
  for (const full of ['4111111111111111', '****12345', '1234', '', '13800138000', '**** 1234', '*'.repeat(29)]) {
    t.notOk(accepts(AccessEvent, { ...event, credential: { kind: 'phone', maskedReference: full } }), full)
  }
  t.notOk(accepts(AccessEvent, { ...event, credential: { kind: 'face', maskedReference: '****' } }))
})

t.test('access events: sequence, id, time, temperature, lane and actor are checked', async (t) => {
  const event = example('event')
  const bad: [string, Json][] = [
    ['seq 0', { seq: 0 }],
    ['fractional seq', { seq: 1.5 }],
    ['seq as a string', { seq: '12' }],
    ['upper-case UUID', { id: event.id.toUpperCase() }],
    ['UUID without dashes', { id: event.id.replace(/-/g, '') }],
    ['local time', { occurredAt: '2026-03-02T08:14:59.412+08:00' }],
    ['month 13', { occurredAt: '2026-13-02T08:14:59.412Z' }],
    ['date only', { occurredAt: '2026-03-02' }],
    ['60 °C', { temperature: { celsius: 60, isFever: true, remeasured: false } }],
    ['temperature without isFever', { temperature: { celsius: 36.5, remeasured: false } }],
    ['unknown lane', { lane: 'vip' }],
    ['unknown direction', { direction: 'up' }],
    ['door id with a slash', { doorId: 'gate/1' }],
    ['actor name with a newline', { actor: { kind: 'staff', id: 's-1', name: 'Wang\nFAKE LOG LINE' } }],
    ['actor of an unknown kind', { actor: { kind: 'robot', id: 's-1' } }],
    ['negative policy version', { policyVersion: -1 }],
  ]
  for (const [name, change] of bad) t.notOk(accepts(AccessEvent, { ...event, ...change }), name)
  const manual = {
    ...event,
    lane: 'assisted',
    credential: { kind: 'manual', maskedReference: '*' },
    personId: undefined,
    temperature: undefined,
    decision: { granted: true, reason: 'MANUAL_OVERRIDE' },
    actor: { kind: 'staff', id: 's-0007', name: '王阿姨' },
  }
  t.ok(accepts(AccessEvent, copy(manual)), 'a manual opening by staff, logged with their name')
})

t.test('edge status: device ids are ids, and the map is bounded', async (t) => {
  const status = example('status')
  t.ok(accepts(EdgeStatus, { ...status, state: 'offline', devices: {} }), 'an offline will with no devices')
  t.notOk(accepts(EdgeStatus, { ...status, devices: { 'Reader 1': { kind: 'reader', state: 'ok' } } }))
  const many = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`d-${i}`, { kind: 'reader', state: 'ok' }]))
  t.notOk(accepts(EdgeStatus, { ...status, devices: many }), '17 devices')
  t.notOk(accepts(EdgeStatus, { ...status, state: 'sleeping' }))
  t.notOk(accepts(EdgeStatus, { ...status, softwareVersion: '1.0 beta' }))
  t.notOk(
    accepts(EdgeStatus, { ...status, devices: { r: { kind: 'reader', state: 'ok', errorCounts: { bad_crc: 1 } } } }),
    'error codes are upper case',
  )
})

t.test('alarms, commands and replies reject values outside their vocabularies', async (t) => {
  t.notOk(accepts(Alarm, { ...example('alarm'), kind: 'ALIENS' }))
  t.notOk(accepts(Alarm, { ...example('alarm'), state: 'acknowledged' }))
  const command = example('command')
  t.notOk(accepts(Command, { ...command, action: 'EXPLODE' }))
  t.notOk(accepts(Command, { ...command, nonce: 'short' }))
  t.notOk(accepts(Command, { ...command, nonce: 'has spaces in it, no way!!' }))
  t.notOk(accepts(Command, { ...command, signature: command.signature.slice(4) }))
  t.notOk(accepts(Command, { ...command, signature: undefined }), 'an unsigned command')
  const reply = example('commandReply')
  t.notOk(accepts(CommandReply, { ...reply, code: undefined }), 'an error without a code')
  t.notOk(accepts(CommandReply, { ...reply, code: 'TEAPOT' }))
  t.ok(accepts(CommandReply, { v: 1, id: reply.id, edgeId: reply.edgeId, status: 'ok', at: reply.at }))
  t.notOk(accepts(CommandReply, { v: 1, id: reply.id, edgeId: reply.edgeId, status: 'ok', at: reply.at, code: 'EXPIRED' }))
})

t.test('policy announcements carry a bounded, flat delta', async (t) => {
  const announcement = example('policy')
  const change = announcement.delta.changes[0]
  const withChanges = (changes: unknown[]) => ({ ...announcement, delta: { baseVersion: 42, changes } })
  t.ok(accepts(PolicyAnnouncement, { ...announcement, delta: undefined }), 'without a delta')
  t.ok(accepts(PolicyAnnouncement, withChanges(Array.from({ length: 256 }, () => change))))
  t.notOk(accepts(PolicyAnnouncement, withChanges(Array.from({ length: 257 }, () => change))), '257 changes')
  t.notOk(accepts(PolicyAnnouncement, withChanges([])), 'an empty delta')
  t.notOk(accepts(PolicyAnnouncement, withChanges([{ op: 'put', entity: 'person', key: 'p-1' }])), 'put without row')
  t.notOk(accepts(PolicyAnnouncement, withChanges([{ op: 'delete', entity: 'person', key: 'p-1', row: {} }])))
  t.notOk(accepts(PolicyAnnouncement, withChanges([{ ...change, row: { nested: { deeper: 1 } } }])), 'nested row')
  t.notOk(accepts(PolicyAnnouncement, withChanges([{ ...change, row: { list: [[1]] } }])), 'nested list')
  t.notOk(accepts(PolicyAnnouncement, withChanges([{ ...change, op: 'merge' }])))
  t.notOk(accepts(PolicyAnnouncement, { ...announcement, sha256: announcement.sha256.toUpperCase() }))
  t.notOk(accepts(PolicyAnnouncement, { ...announcement, version: 0 }))
  t.notOk(accepts(PolicyApplied, { ...example('policyApplied'), version: 0 }))
  t.notOk(accepts(PolicyApplied, { ...example('policyApplied'), source: 'carrier-pigeon' }))
})

t.test('the largest message each schema allows still fits its topic limit', async (t) => {
  const long = (n: number) => 'x'.repeat(n)
  // Three UTF-8 bytes per character: the worst case free text allows.
  const text = (n: number) => '王'.repeat(n)
  const code = (i: number) => `E${String(i).padStart(2, '0')}${'X'.repeat(45)}`
  const id = (i: number) => `${String(i).padStart(2, '0')}${'a'.repeat(61)}`
  const stamp = '2026-03-02T08:15:00.000Z'
  const actor = { kind: 'resident', id: id(0), name: text(64) }
  const largest: Record<Exclude<TopicKind, 'policy'>, Json> = {
    status: {
      ...example('status'),
      edgeId: id(0),
      softwareVersion: `1${long(63)}`,
      policyVersion: Number.MAX_SAFE_INTEGER,
      journalBacklog: Number.MAX_SAFE_INTEGER,
      devices: Object.fromEntries(
        Array.from({ length: 16 }, (_, d) => [
          id(d),
          {
            kind: 'qr-scanner',
            state: 'degraded',
            since: stamp,
            detail: text(160),
            errorCounts: Object.fromEntries(Array.from({ length: 16 }, (_, c) => [code(c), Number.MAX_SAFE_INTEGER])),
          },
        ]),
      ),
    },
    event: {
      ...example('event'),
      edgeId: id(1),
      doorId: id(2),
      personId: id(3),
      seq: Number.MAX_SAFE_INTEGER,
      lane: 'returnees',
      credential: { kind: 'manual', maskedReference: `${'*'.repeat(28)}XXXX` },
      decision: { granted: false, reason: 'PASS_HOLDER_MISMATCH' },
      temperature: { celsius: 37.123456789012345, isFever: false, remeasured: false },
      policyVersion: Number.MAX_SAFE_INTEGER,
      actor,
    },
    alarm: {
      ...example('alarm'),
      edgeId: id(1),
      doorId: id(2),
      device: id(3),
      seq: Number.MAX_SAFE_INTEGER,
      kind: 'JOURNAL_BACKLOG_HIGH',
      detail: text(160),
    },
    command: { ...example('command'), edgeId: id(1), doorId: id(2), actor, nonce: long(64), action: 'HOLD_OPEN' },
    commandReply: {
      ...example('commandReply'),
      edgeId: id(1),
      code: 'LIFETIME_TOO_LONG',
      denyReason: 'PASS_HOLDER_MISMATCH',
      detail: text(160),
    },
    policyApplied: {
      ...example('policyApplied'),
      edgeId: id(1),
      version: Number.MAX_SAFE_INTEGER,
      source: 'snapshot',
      lastFailure: { version: Number.MAX_SAFE_INTEGER, code: 'INVALID_SNAPSHOT', at: stamp },
    },
  }
  for (const [kind, value] of Object.entries(largest) as [Exclude<TopicKind, 'policy'>, Json][]) {
    const spec = MESSAGE_CATALOG[kind]
    t.ok(accepts(spec.schema, value), `${kind}: the largest value is valid`)
    const bytes = encodeMessage(spec.schema, value, { maxBytes: spec.maxPayloadBytes }).length
    t.ok(bytes <= spec.maxPayloadBytes, `${kind}: ${bytes} ≤ ${spec.maxPayloadBytes} bytes`)
  }
})
