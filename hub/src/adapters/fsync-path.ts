import { closeSync, fsyncSync, openSync } from 'node:fs'

/** Flushes a file, or a folder's entries after a rename, to disk before the caller goes on. */
export function fsyncPath(path: string): void {
  const descriptor = openSync(path, 'r')
  try {
    fsyncSync(descriptor)
  } finally {
    closeSync(descriptor)
  }
}
