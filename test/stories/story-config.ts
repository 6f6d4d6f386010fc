import { generateKeyPairSync } from 'node:crypto'
import type { EdgeConfig } from '../../edge/src/config/edge-config.js'
import { loadEdgeConfig } from '../../edge/src/config/load-edge-config.js'

export const STORY_EDGE_ID = 'gate-1'
export const STORY_EDGE_USERNAME = 'edge-gate-1'
/** The community hub's Ed25519 key: it signs the edge's policy snapshot and its commands. */
export const STORY_HUB_KEYS = generateKeyPairSync('ed25519')
const STORY_HUB_PUBLIC_KEY = Buffer.from(STORY_HUB_KEYS.publicKey.export({ format: 'jwk' }).x!, 'base64url').toString('base64')

type Json = Record<string, unknown>

/** The parts of an edge config a story varies; edgeId and the hub get working defaults. */
export interface StoryConfigParts {
  readonly osdpBuses?: readonly Json[]
  readonly thermometers?: readonly Json[]
  readonly qrScanners?: readonly Json[]
  readonly doors: readonly Json[]
  readonly hub?: Json
}

/** An edge config as the daemon loads it (schema defaults applied); throws with every violation. */
export function storyConfig(parts: StoryConfigParts): EdgeConfig {
  const { hub, ...rest } = parts
  const text = JSON.stringify({
    edgeId: STORY_EDGE_ID,
    hub: {
      url: 'mqtt://127.0.0.1:1',
      httpUrl: 'http://127.0.0.1:1',
      username: STORY_EDGE_USERNAME,
      passwordFile: '/dev/null',
      hubPublicKey: STORY_HUB_PUBLIC_KEY,
      ...hub,
    },
    ...rest,
  })
  const loaded = loadEdgeConfig(text)
  if (!loaded.ok) throw new Error(`story config invalid:\n${loaded.violations.join('\n')}`)
  return loaded.value
}

/** An OSDP bus on the simulated line `sim://<id>`, with plaintext readers at their addresses. */
export function osdpBus(id: string, readers: Record<string, number>): Json {
  return {
    id,
    link: `sim://${id}`,
    pollIntervalMs: 5,
    readers: Object.entries(readers).map(([name, address]) => ({ name, address, security: 'plain' })),
  }
}
