import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { renderBenchmarksDoc } from './render-benchmarks-doc.js'

/**
 * Rewrites docs/benchmarks.md from bench/results.json as it stands (after `npm run chaos`, or
 * by hand); `npm run bench` does this itself.
 */
export function writeBenchmarksDoc(): void {
  const results: unknown = JSON.parse(readFileSync(fileURLToPath(new URL('../../bench/results.json', import.meta.url)), 'utf8'))
  if (typeof results !== 'object' || results === null || Array.isArray(results)) throw new Error('bench/results.json is not an object')
  writeFileSync(fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url)), renderBenchmarksDoc(results as Record<string, unknown>))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) writeBenchmarksDoc()
