import { createHash } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

/** A file of the web apps, ready to send. */
export interface WebAsset {
  readonly body: Buffer
  readonly contentType: string
  /** Strong validator: the content's hash, so a reload after an upgrade never mixes versions. */
  readonly etag: string
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
}

/** The folder holding package.json, found by walking up from this file (runs from dist/ and from source). */
export function findPackageRoot(fromUrl: string = import.meta.url): string {
  let folder = dirname(fileURLToPath(fromUrl))
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder)
    if (parent === folder) throw new Error('no package.json above ' + fileURLToPath(fromUrl))
    folder = parent
  }
  return folder
}

/**
 * The web apps' files: scripts compiled by `tsc -p hub/web/tsconfig.json` into dist/web (same
 * paths as the sources), pages, styles, icons and manifests from hub/web itself. Only those
 * two trees, only known file types; `..` never leaves them. Contents are cached by mtime.
 */
export class WebAssetFiles {
  readonly #packageRoot: string
  readonly #cache = new Map<string, { readonly mtimeMs: number; readonly asset: WebAsset }>()

  constructor(packageRoot: string) {
    this.#packageRoot = packageRoot
  }

  /** A file by its path below the package root as the browser names it (`hub/web/shared/gatehouse.css`). */
  asset(relativePath: string): WebAsset | null {
    const clean = normalize(relativePath).replace(/^([/\\])+/, '')
    if (clean.startsWith('..') || clean.split(sep).includes('..')) return null
    const type = CONTENT_TYPES[extname(clean)]
    if (type === undefined) return null
    const isScript = extname(clean) === '.js'
    // Scripts may come from pure code only (the domain folders and protocol/: no I/O, checked by test/architecture).
    const isPureScript = isScript && [`edge${sep}src${sep}domain${sep}`, `hub${sep}src${sep}domain${sep}`, `protocol${sep}`].some((folder) => clean.startsWith(folder))
    if (!clean.startsWith(`hub${sep}web${sep}`) && !isPureScript) return null
    const path = isScript ? join(this.#packageRoot, 'dist', 'web', clean) : join(this.#packageRoot, clean)
    return this.#read(path, type)
  }

  #read(path: string, contentType: string): WebAsset | null {
    let mtimeMs: number
    try {
      const stats = statSync(path)
      if (!stats.isFile()) return null
      mtimeMs = stats.mtimeMs
    } catch {
      return null
    }
    const cached = this.#cache.get(path)
    if (cached !== undefined && cached.mtimeMs === mtimeMs) return cached.asset
    const body = readFileSync(path)
    const asset = { body, contentType, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` }
    this.#cache.set(path, { mtimeMs, asset })
    return asset
  }
}
