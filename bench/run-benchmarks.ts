import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { edgeCardToRelayBenchmarks } from './edge-card-to-relay-benchmark.js'
import { edgeJournalBenchmarks } from './edge-journal-benchmark.js'
import { edgePolicyBenchmarks } from './edge-policy-benchmarks.js'
import { hubIngestBenchmarks } from './hub-ingest-benchmarks.js'
import { hubPeopleBenchmarks } from './hub-people-benchmarks.js'
import { hubPolicyBenchmarks } from './hub-policy-benchmarks.js'
import { protocolBenchmarks } from './protocol-benchmarks.js'
import { renderBenchmarksDoc } from './render-benchmarks-doc.js'
import { wiegandBenchmarks } from './wiegand-benchmarks.js'

/**
 * `npm run bench [-- --quick]`: runs every benchmark, prints a table and writes
 * bench/results.json, a flat object of metric → number (plus one "machine" description), and
 * regenerates docs/benchmarks.md with the targets beside the figures.
 * Keys already in the file from other benchmarks are kept; ours are replaced.
 */
const isQuick = process.argv.includes('--quick')
const durationMs = isQuick ? 500 : 3000
const resultsPath = fileURLToPath(new URL('../../bench/results.json', import.meta.url))
const docPath = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url))

const figures: Record<string, number> = {
  ...protocolBenchmarks(durationMs),
  ...(await edgeJournalBenchmarks(durationMs, isQuick)),
  ...(await wiegandBenchmarks(durationMs, isQuick)),
  ...(await edgePolicyBenchmarks(durationMs, isQuick)),
  ...(await edgeCardToRelayBenchmarks(isQuick)),
  ...(await hubIngestBenchmarks(isQuick)),
  ...(await hubPolicyBenchmarks(isQuick)),
  ...(await hubPeopleBenchmarks(isQuick)),
}

const previous: Record<string, unknown> = existsSync(resultsPath) ? JSON.parse(readFileSync(resultsPath, 'utf8')) : {}
const cpu = cpus()[0]?.model ?? 'unknown CPU'
const machine = `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${process.platform}-${process.arch}${isQuick ? ', quick run' : ''}`
const results = { ...previous, ...figures, machine }
writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`)
writeFileSync(docPath, renderBenchmarksDoc(results))

const width = Math.max(...Object.keys(figures).map((key) => key.length))
console.log(`${'metric'.padEnd(width)}  value`)
for (const [key, value] of Object.entries(figures)) console.log(`${key.padEnd(width)}  ${value.toLocaleString('en-US')}`)
console.log(`\n${machine}\nwritten to bench/results.json and docs/benchmarks.md`)
