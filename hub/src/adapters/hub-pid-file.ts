import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'

/** Another live process holds the data folder. */
export class HubRunningError extends Error {
  readonly code = 'HUB_RUNNING' as const
  readonly pid: number

  constructor(path: string, pid: number) {
    super(`a hub (pid ${pid}) is running on this data folder (${path}); stop it first (systemctl stop gatehouse-hub)`)
    this.name = 'HubRunningError'
    this.pid = pid
  }
}

/** Whether a process with this id exists (EPERM: it does, under another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * `<dataDir>/hub.pid` while a hub runs on the folder: a second hub on the same folder, or a
 * restore under a running hub, is refused. A file left by a crash names a dead process and is
 * ignored. The owner is the process: acquiring twice from one process (a restart in place) is allowed.
 */
export class HubPidFile {
  readonly path: string
  #isHeld = false

  constructor(path: string) {
    this.path = path
  }

  /** The pid of a live process named in the file, or null (no file, unreadable, a dead process). */
  runningPid(): number | null {
    let text: string
    try {
      text = readFileSync(this.path, 'utf8').trim()
    } catch {
      return null
    }
    if (!/^\d{1,10}$/.test(text)) return null
    const pid = Number(text)
    return pid > 0 && isAlive(pid) ? pid : null
  }

  /** Writes this process's pid; throws HubRunningError when another live process holds the folder. */
  acquire(): void {
    const pid = this.runningPid()
    if (pid !== null && pid !== process.pid) throw new HubRunningError(this.path, pid)
    const temporary = `${this.path}.${process.pid}.tmp`
    writeFileSync(temporary, `${process.pid}\n`, { mode: 0o600 })
    renameSync(temporary, this.path)
    this.#isHeld = true
  }

  release(): void {
    if (!this.#isHeld) return
    this.#isHeld = false
    if (this.runningPid() === process.pid) rmSync(this.path, { force: true })
  }
}
