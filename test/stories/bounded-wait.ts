/** How long a story waits for any one thing before it fails with what it waited for. */
export const STORY_WAIT_MS = 5_000

/**
 * Resolves once `watch` calls `done`; rejects after `timeoutMs` of real time, naming what was
 * awaited. `watch` subscribes to whatever it watches (and may call `done` at once) and returns its
 * unsubscribe, which runs either way.
 */
export function boundedWait<T = void>(what: string, watch: (done: (value: T) => void) => () => void, timeoutMs = STORY_WAIT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let unsubscribe: (() => void) | undefined
    let isSettled = false
    const timer = setTimeout(() => {
      isSettled = true
      unsubscribe?.()
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`))
    }, timeoutMs)
    unsubscribe = watch((value) => {
      if (isSettled) return
      isSettled = true
      clearTimeout(timer)
      // `done` may run inside `watch`, before its unsubscribe exists.
      queueMicrotask(() => unsubscribe?.())
      resolve(value)
    })
  })
}
