import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { fromHex } from '../../protocol/hex.js'

/** Reads a `name: HEX BYTES` fixture file from test/fixtures; `#` starts a comment line. */
export function loadHexFixtures(relativePath: string): Map<string, Buffer> {
  const path = fileURLToPath(new URL(`../fixtures/${relativePath}`, import.meta.url))
  const fixtures = new Map<string, Buffer>()
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const colon = trimmed.indexOf(':')
    fixtures.set(trimmed.slice(0, colon).trim(), fromHex(trimmed.slice(colon + 1)))
  }
  return fixtures
}

export function fixture(fixtures: Map<string, Buffer>, name: string): Buffer {
  const bytes = fixtures.get(name)
  if (bytes === undefined) throw new Error(`no fixture named ${name}`)
  return bytes
}
