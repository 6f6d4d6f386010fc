import t from 'tap'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { extractGeneratedBlock, replaceGeneratedBlock } from '../../../protocol/mqtt/contract-generated-block.js'
import { renderMqttContract } from '../../../protocol/mqtt/render-mqtt-contract.js'
import { MESSAGE_CATALOG } from '../../../protocol/mqtt/message-catalog.js'
import { TOPIC_KIND_NAMES, topicPattern } from '../../../protocol/mqtt/topics.js'

const documentPath = fileURLToPath(new URL('../../../docs/mqtt-contract.md', import.meta.url))
const FIX = 'the generated block of docs/mqtt-contract.md is out of date: run `npm run build && npm run docs:mqtt`'

t.test('docs/mqtt-contract.md carries exactly what the renderer produces', async (t) => {
  const block = extractGeneratedBlock(readFileSync(documentPath, 'utf8'))
  t.not(block, null, 'docs/mqtt-contract.md has <!-- generated:start --> and <!-- generated:end --> markers')
  if (block === renderMqttContract()) t.pass('the generated block matches the renderer')
  else t.fail(FIX)
})

t.test('the rendered contract names every topic and every message', async (t) => {
  const rendered = renderMqttContract()
  for (const kind of TOPIC_KIND_NAMES) {
    t.ok(rendered.includes(`\`${topicPattern(kind)}\``), topicPattern(kind))
    t.ok(rendered.includes(`### ${MESSAGE_CATALOG[kind].name}\n`), MESSAGE_CATALOG[kind].name)
  }
  t.equal(renderMqttContract(), rendered, 'rendering is deterministic')
})

t.test('the generated block can be extracted and replaced, and missing markers are reported', async (t) => {
  const document = 'intro\n<!-- generated:start -->\nold\n<!-- generated:end -->\noutro\n'
  t.equal(extractGeneratedBlock(document), '\nold\n')
  t.equal(replaceGeneratedBlock(document, '\nnew\n'), 'intro\n<!-- generated:start -->\nnew\n<!-- generated:end -->\noutro\n')
  t.equal(extractGeneratedBlock('no markers'), null)
  t.equal(replaceGeneratedBlock('<!-- generated:end --> <!-- generated:start -->', 'x'), null)
})
