/**
 * Rewrites the generated block of docs/mqtt-contract.md from protocol/mqtt/.
 *
 *   npm run docs:mqtt              rewrite the block
 *   npm run docs:mqtt -- --check   exit 1 if the block is out of date (for CI)
 *
 * Run from the repository root (npm does that), after `npm run build`.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { extractGeneratedBlock, replaceGeneratedBlock } from '../protocol/mqtt/contract-generated-block.js'
import { renderMqttContract } from '../protocol/mqtt/render-mqtt-contract.js'

const documentPath = resolve(process.cwd(), 'docs/mqtt-contract.md')
const isCheck = process.argv.includes('--check')

const current = readFileSync(documentPath, 'utf8')
const generated = renderMqttContract()

if (isCheck) {
  if (extractGeneratedBlock(current) !== generated) {
    console.error(`${documentPath}: the generated block is out of date; run: npm run build && npm run docs:mqtt`)
    process.exitCode = 1
  }
} else {
  const updated = replaceGeneratedBlock(current, generated)
  if (updated === null) {
    console.error(`${documentPath}: missing <!-- generated:start --> / <!-- generated:end --> markers`)
    process.exitCode = 1
  } else if (updated !== current) {
    writeFileSync(documentPath, updated)
    console.log(`${documentPath}: generated block rewritten`)
  } else {
    console.log(`${documentPath}: generated block already up to date`)
  }
}
