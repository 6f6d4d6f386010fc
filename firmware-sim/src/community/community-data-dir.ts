import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Value } from '@sinclair/typebox/value'
import type { TSchema, Static } from '@sinclair/typebox'
import { CommunityCast, DemoSignIns, type DemoSignIn } from './community-files.js'

/** A file of the data dir that is not what the launcher wrote (edited, truncated). */
export class CommunityFileError extends Error {
  readonly code = 'COMMUNITY_FILE_INVALID'
}

/**
 * What `npm start` keeps under its data dir (./data by default), so a second start reuses it:
 *
 *   hub/                 the hub's data dir (hub.db, its signing key), mode 0700
 *   hub.json             the hub's config
 *   edges/<id>/etc/      each edge's edge.json and hub-password, as `gatehouse-edge enroll` wrote them
 *   edges/<id>/data/     each edge's journal, policy cache and reader keys
 *   demo-sign-ins.json   the demo accounts' generated passwords (mode 0600)
 *   community.json       who is who (written last: its presence says the seed completed)
 *
 * `--reset` removes exactly these, nothing else the directory may hold.
 */
export class CommunityDataDir {
  readonly root: string

  constructor(root: string) {
    this.root = resolve(root)
  }

  get hubDataDir(): string {
    return join(this.root, 'hub')
  }

  get hubDbPath(): string {
    return join(this.hubDataDir, 'hub.db')
  }

  get hubConfigPath(): string {
    return join(this.root, 'hub.json')
  }

  get castPath(): string {
    return join(this.root, 'community.json')
  }

  get signInsPath(): string {
    return join(this.root, 'demo-sign-ins.json')
  }

  edgeEtcDir(edgeId: string): string {
    return join(this.root, 'edges', edgeId, 'etc')
  }

  edgeDataDir(edgeId: string): string {
    return join(this.root, 'edges', edgeId, 'data')
  }

  edgeConfigPath(edgeId: string): string {
    return join(this.edgeEtcDir(edgeId), 'edge.json')
  }

  isSeeded(): boolean {
    return existsSync(this.castPath)
  }

  /** A hub database without community.json: a seed that did not finish, or some other hub's data. */
  hasUnfinishedHub(): boolean {
    return !this.isSeeded() && existsSync(this.hubDbPath)
  }

  readCast(): CommunityCast {
    return this.#read(this.castPath, CommunityCast)
  }

  readSignIns(): DemoSignIn[] {
    return this.#read(this.signInsPath, DemoSignIns)
  }

  /** The sign-ins first, then the cast: community.json only exists once everything is written. */
  writeSeed(cast: CommunityCast, signIns: readonly DemoSignIn[]): void {
    this.#writePrivate(this.signInsPath, signIns)
    this.#writePrivate(this.castPath, cast)
  }

  writeHubConfig(config: Record<string, unknown>): void {
    this.#writePrivate(this.hubConfigPath, config)
  }

  /** Removes what the launcher keeps here (see above) and nothing else. */
  reset(): void {
    for (const path of [this.castPath, this.signInsPath, this.hubConfigPath, this.hubDataDir, join(this.root, 'edges')]) rmSync(path, { recursive: true, force: true })
  }

  #read<S extends TSchema>(path: string, schema: S): Static<S> {
    let parsed: unknown
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'))
    } catch (error) {
      throw new CommunityFileError(`${path}: ${(error as Error).message} (start afresh with --reset)`)
    }
    const problems = [...Value.Errors(schema, parsed)].slice(0, 5).map((problem) => `${problem.path || '/'} ${problem.message}`)
    if (problems.length > 0) throw new CommunityFileError(`${path} is not what npm start wrote: ${problems.join('; ')} (start afresh with --reset)`)
    return parsed as Static<S>
  }

  /** Mode 0600 from the start, written via a temporary file and a rename. */
  #writePrivate(path: string, content: unknown): void {
    mkdirSync(this.root, { recursive: true })
    const temporary = `${path}.tmp-${process.pid}`
    writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 })
    chmodSync(temporary, 0o600)
    renameSync(temporary, path)
  }
}
