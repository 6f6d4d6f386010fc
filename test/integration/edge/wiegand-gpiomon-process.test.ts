import t from 'tap'
import { spawn } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { H10301 } from '../../../protocol/wiegand/wiegand-format.js'
import { systemClock } from '../../../edge/src/adapters/system-clock.js'
import { WiegandCaptureGpiomon, type SpawnProcess } from '../../../edge/src/adapters/gpio/wiegand-capture-gpiomon.js'
import { WiegandReader, type WiegandReaderEvent } from '../../../edge/src/services/wiegand-reader.js'
import { SilentLogger } from '../../fakes/silent-logger.js'

const FAKE_GPIOMON = fileURLToPath(new URL('../../fakes/fake-gpiomon.mjs', import.meta.url))

/** Runs the fake gpiomon script with the arguments the capture built; node's spawn, unchanged. */
function spawnFake(env: NodeJS.ProcessEnv = {}): SpawnProcess & { commands: string[] } {
  const commands: string[] = []
  const spawnProcess = (command: string, args: readonly string[]) => {
    commands.push([command, ...args].join(' '))
    return spawn(process.execPath, [FAKE_GPIOMON, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  }
  return Object.assign(spawnProcess, { commands })
}

function nextEvent(events: WiegandReaderEvent[], listeners: (() => void)[]): Promise<WiegandReaderEvent> {
  return new Promise((resolve) => {
    const check = (): void => {
      const event = events.shift()
      if (event !== undefined) resolve(event)
      else listeners.push(check)
    }
    check()
  })
}

function startReader(spawnProcess: SpawnProcess) {
  const capture = new WiegandCaptureGpiomon(spawnProcess, systemClock, new SilentLogger(), {
    chip: 'gpiochip0',
    d0Line: 14,
    d1Line: 15,
    restartInitialMs: 60_000,
  })
  const reader = new WiegandReader(capture, systemClock, new SilentLogger(), { readerId: 'gate-1-in', formats: [H10301], frameGapMs: 30 })
  const events: WiegandReaderEvent[] = []
  const waiting: (() => void)[] = []
  reader.start((event) => {
    events.push(event)
    waiting.splice(0).forEach((wake) => wake())
  })
  return { capture, reader, next: () => nextEvent(events, waiting) }
}

t.test('reads a card from a real child process speaking gpiomon 1.6 output', async (t) => {
  const spawnProcess = spawnFake()
  const { capture, reader, next } = startReader(spawnProcess)
  t.match(await next(), { kind: 'WiegandCardRead', format: 'H10301', facility: 212, card: 7041, bitCount: 26 })
  t.same(spawnProcess.commands, ['gpiomon -b -f -F %o %s.%n gpiochip0 14 15'])
  t.equal(capture.isCapturing, true)
  await reader.stop()
  t.equal(capture.isCapturing, false)
})

t.test('a stalled event loop delays edges from gpiomon but loses none: three queued cards all read', async (t) => {
  const { reader, next } = startReader(spawnFake({ FAKE_GPIOMON_CARDS: '3' }))
  // Keep the event loop busy while gpiomon prints: its lines queue in the pipe and arrive in one
  // late batch; the frames are cut on their own timestamps, 100 ms apart.
  const busyUntil = performance.now() + 300
  while (performance.now() < busyUntil);
  const cards = [await next(), await next(), await next()]
  t.match(cards, [
    { kind: 'WiegandCardRead', card: 7041 },
    { kind: 'WiegandCardRead', card: 7041 },
    { kind: 'WiegandCardRead', card: 7041 },
  ])
  t.same(reader.badFrames.toJSON(), {})
  await reader.stop()
})

t.test('reports a gpiomon that exits at once with its stderr', async (t) => {
  const { reader, next } = startReader(spawnFake({ FAKE_GPIOMON_FAIL: '1' }))
  t.match(await next(), {
    kind: 'WiegandCaptureFailed',
    code: 'GPIOMON_EXITED',
    message: /exited with code 1: gpiomon: error waiting for events: No such file or directory/,
  })
  await reader.stop()
})

t.test('reports a missing gpiomon binary with a hint', async (t) => {
  const capture = new WiegandCaptureGpiomon(
    (command, args) => spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }),
    systemClock,
    new SilentLogger(),
    { command: '/nonexistent/gpiomon', chip: 'gpiochip0', d0Line: 14, d1Line: 15, restartInitialMs: 60_000 },
  )
  const faults: unknown[] = []
  const failed = new Promise<void>((resolve) => {
    capture.start({ edges: () => undefined, fault: (fault) => (faults.push(fault), resolve()) })
  })
  await failed
  t.match(faults, [{ code: 'GPIOMON_SPAWN_FAILED', message: /ENOENT \(is the gpiod package installed\?\)/ }])
  await capture.stop()
})
