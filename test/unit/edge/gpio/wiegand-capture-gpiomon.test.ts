import t from 'tap'
import { EventEmitter } from 'node:events'
import { WiegandCaptureGpiomon, type ChildProcessLike } from '../../../../edge/src/adapters/gpio/wiegand-capture-gpiomon.js'
import type { WiegandEdge } from '../../../../edge/src/domain/wiegand-frame-assembler.js'
import type { WiegandCaptureFault } from '../../../../edge/src/ports/wiegand-capture.js'
import { ManualClock } from '../../../fakes/manual-clock.js'
import { SilentLogger } from '../../../fakes/silent-logger.js'

class FakeChild extends EventEmitter implements ChildProcessLike {
  readonly stdout = new EventEmitter()
  readonly stderr = new EventEmitter()
  readonly signals: string[] = []

  constructor(readonly command: string, readonly args: readonly string[]) {
    super()
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signals.push(signal)
    return true
  }

  print(text: string): void {
    this.stdout.emit('data', Buffer.from(text))
  }
}

function setUp(options: { spawnError?: Error } = {}) {
  const children: FakeChild[] = []
  const spawn = (command: string, args: readonly string[]): FakeChild => {
    if (options.spawnError !== undefined) throw options.spawnError
    const child = new FakeChild(command, args)
    children.push(child)
    return child
  }
  const clock = new ManualClock(0)
  const capture = new WiegandCaptureGpiomon(spawn, clock, new SilentLogger(), {
    chip: 'gpiochip0',
    d0Line: 14,
    d1Line: 15,
    restartInitialMs: 1000,
    restartMaxMs: 4000,
  })
  const edges: WiegandEdge[] = []
  const faults: WiegandCaptureFault[] = []
  capture.start({ edges: (batch) => edges.push(...batch), fault: (fault) => faults.push(fault) })
  return { children, clock, capture, edges, faults }
}

t.test('starts gpiomon with the reference command line and passes its edges on', async (t) => {
  const { children, capture, edges, faults } = setUp()
  t.equal(children.length, 1)
  t.equal(children[0]!.command, 'gpiomon')
  t.same(children[0]!.args, ['-b', '-f', '-F', '%o %s.%n', 'gpiochip0', '14', '15'])
  t.equal(capture.description, 'gpiomon gpiochip0 14 15')
  t.equal(capture.isCapturing, true)
  children[0]!.print('14 5.1000000\n15 5.3')
  children[0]!.print('000000\n')
  t.same(edges, [{ line: 0, atMs: 5001 }, { line: 1, atMs: 5003 }])
  t.same(faults, [])
})

t.test('reports a line it cannot parse as a fault and keeps going', async (t) => {
  const { children, edges, faults } = setUp()
  children[0]!.print('27 5.1\n14 5.2\n')
  t.match(faults, [{ code: 'UNKNOWN_OFFSET' }])
  t.equal(edges.length, 1)
})

t.test('restarts gpiomon after it exits, backing off, and says why it exited', async (t) => {
  const { children, clock, capture, faults } = setUp()
  children[0]!.stderr.emit('data', Buffer.from('gpiomon: error waiting for events: No such file or directory\n'))
  children[0]!.print('14 1.')
  children[0]!.emit('exit', 1, null)
  t.equal(capture.isCapturing, false)
  t.match(faults, [
    { code: 'PARTIAL_TIMEOUT' },
    { code: 'GPIOMON_EXITED', message: 'gpiomon exited with code 1: gpiomon: error waiting for events: No such file or directory' },
  ])
  clock.advance(999)
  t.equal(children.length, 1)
  clock.advance(1)
  t.equal(children.length, 2, 'restarted after 1 s')
  children[1]!.emit('exit', null, 'SIGSEGV')
  clock.advance(2000)
  t.equal(children.length, 3, 'then after 2 s')
  children[2]!.emit('exit', 1, null)
  clock.advance(4000)
  children[3]!.emit('exit', 1, null)
  clock.advance(3999)
  t.equal(children.length, 4, 'the delay stops growing at restartMaxMs')
  clock.advance(1)
  t.equal(children.length, 5)
  t.match(faults[2], { message: 'gpiomon exited with signal SIGSEGV' })
  t.equal(capture.restarts, 4)
})

t.test('a gpiomon that ran for a while restarts quickly again', async (t) => {
  const { children, clock } = setUp()
  children[0]!.emit('exit', 1, null)
  clock.advance(1000)
  children[1]!.emit('exit', 1, null)
  clock.advance(2000)
  clock.advance(60_000)
  children[2]!.emit('exit', 1, null)
  clock.advance(1000)
  t.equal(children.length, 4)
})

t.test('says the gpiod package is missing when gpiomon cannot be found', async (t) => {
  const { children, faults } = setUp()
  children[0]!.emit('error', Object.assign(new Error('spawn gpiomon ENOENT'), { code: 'ENOENT' }))
  children[0]!.emit('exit', -2, null)
  t.same(faults, [{ code: 'GPIOMON_SPAWN_FAILED', message: 'gpiomon: spawn gpiomon ENOENT (is the gpiod package installed?)' }])
})

t.test('reports a spawn that throws, and retries', async (t) => {
  const { faults, clock, capture } = setUp({ spawnError: new Error('EAGAIN') })
  t.match(faults, [{ code: 'GPIOMON_SPAWN_FAILED', message: /EAGAIN/ }])
  clock.advance(1000)
  t.equal(faults.length, 2)
  await capture.stop()
  clock.advance(10_000)
  t.equal(faults.length, 2)
})

t.test('stop terminates gpiomon, kills it if it lingers, and does not restart it', async (t) => {
  const { children, clock, capture, faults } = setUp()
  const stopped = capture.stop()
  t.same(children[0]!.signals, ['SIGTERM'])
  clock.advance(1000)
  t.same(children[0]!.signals, ['SIGTERM', 'SIGKILL'])
  children[0]!.emit('exit', null, 'SIGKILL')
  await stopped
  clock.advance(60_000)
  t.equal(children.length, 1)
  t.same(faults, [])
  t.equal(clock.pendingTimers, 0)
  await capture.stop()
})

t.test('two stops at once both finish when gpiomon exits', async (t) => {
  const { children, capture } = setUp()
  const first = capture.stop()
  const second = capture.stop()
  t.same(children[0]!.signals, ['SIGTERM'], 'terminated once')
  children[0]!.emit('exit', 0, null)
  await Promise.all([first, second])
  t.equal(capture.isCapturing, false)
})
