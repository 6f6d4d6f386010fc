/**
 * Renders the generated part of docs/mqtt-contract.md from the very topic builders, schemas,
 * examples and signing code the edge and hub run, so the document cannot drift from the code.
 * Pure: docs/write-mqtt-contract.ts writes the result into the file.
 */
import { commandSigningBytes } from './command-signature.js'
import { MESSAGE_CATALOG } from './message-catalog.js'
import { MESSAGE_EXAMPLES } from './message-examples.js'
import { STRING_FORMATS } from './messages/field-schemas.js'
import { schemaFieldRows, type FieldRow } from './render-schema-fields.js'
import {
  DEFAULT_BASE_TOPIC,
  EDGE_ID_PATTERN,
  edgeNamespaceFilter,
  edgeNamespacePattern,
  edgeSubscriptionTopics,
  hubSubscriptionFilters,
  TOPIC_KIND_NAMES,
  TOPIC_KINDS,
  topicPattern,
  type TopicKind,
} from './topics.js'

const EXAMPLE_EDGE_ID = 'gate-north'

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ]
}

function code(text: string): string {
  return text === '' ? '' : `\`${text}\``
}

function topicsSection(): string[] {
  const rows = TOPIC_KIND_NAMES.map((kind) => {
    const spec = TOPIC_KINDS[kind]
    const direction = spec.publisher === 'edge' ? 'edge → hub' : 'hub → edge'
    const message = MESSAGE_CATALOG[kind]
    return [
      code(topicPattern(kind)),
      direction,
      String(spec.qos),
      spec.retain ? 'yes' : 'never',
      `[${message.name}](#${message.name.toLowerCase()})`,
      String(message.maxPayloadBytes),
      spec.summary,
    ]
  })
  const quoted = (topics: readonly string[]) => topics.map(code).join(', ')
  const namespace = edgeNamespaceFilter(DEFAULT_BASE_TOPIC, EXAMPLE_EDGE_ID)
  return [
    '## Topics',
    '',
    ...table(['Topic', 'Direction', 'QoS', 'Retained', 'Payload', 'Max bytes', 'Purpose'], rows),
    '',
    `Edge ids (and every other id) match ${code(EDGE_ID_PATTERN)}.`,
    `An edge's namespace, the one filter the broker ACL grants it: ${code(edgeNamespacePattern())}.`,
    '',
    `With the default base ${code(DEFAULT_BASE_TOPIC)} and the edge ${code(EXAMPLE_EDGE_ID)}:`,
    '',
    `- the hub subscribes to ${quoted(hubSubscriptionFilters(DEFAULT_BASE_TOPIC))};`,
    `- the edge subscribes to ${quoted(edgeSubscriptionTopics(DEFAULT_BASE_TOPIC, EXAMPLE_EDGE_ID))};`,
    `- the broker lets the edge publish and subscribe only within ${code(namespace)}.`,
    '',
  ]
}

function formatsSection(): string[] {
  return [
    '## String formats',
    '',
    'A type such as "string (timestamp)" below means the string must match the pattern named here.',
    '',
    ...table(
      ['Format', 'Pattern', 'Meaning'],
      STRING_FORMATS.map((format) => [format.name, code(format.pattern), format.meaning]),
    ),
    '',
  ]
}

function fieldTable(rows: readonly FieldRow[]): string[] {
  return table(
    ['Field', 'Type', 'Required', 'Bounds', 'Description'],
    rows.map((row) => [code(row.field), row.type, row.required, row.constraints, row.description]),
  )
}

function messageSection(kind: TopicKind): string[] {
  const message = MESSAGE_CATALOG[kind]
  return [
    `### ${message.name}`,
    '',
    `On ${code(topicPattern(kind))}. ${message.schema.description ?? ''} At most ${message.maxPayloadBytes} bytes.`,
    '',
    ...fieldTable(schemaFieldRows(message.schema)),
    '',
    'Example:',
    '',
    '```json',
    JSON.stringify(MESSAGE_EXAMPLES[kind], null, 2),
    '```',
    '',
  ]
}

function signingSection(): string[] {
  return [
    '## Signing input of the example command',
    '',
    'The exact text whose UTF-8 bytes the example Command above is signed over: the domain tag,',
    'one line feed (0x0A), the canonical JSON; no trailing line feed.',
    '',
    '```text',
    commandSigningBytes(MESSAGE_EXAMPLES.command).toString('utf8'),
    '```',
    '',
  ]
}

/** The markdown between the generated-block markers of docs/mqtt-contract.md. */
export function renderMqttContract(): string {
  const lines = [
    '',
    '<!-- Written by `npm run docs:mqtt` from protocol/mqtt/ up to generated:end. Do not edit by hand. -->',
    '',
    ...topicsSection(),
    ...formatsSection(),
    '## Messages',
    '',
    ...TOPIC_KIND_NAMES.flatMap(messageSection),
    ...signingSection(),
  ]
  return lines.join('\n')
}
