/**
 * The phone app's service worker (served at /app/service-worker.js, scope /app/): keeps the app
 * itself — page, script modules, stylesheet, icon, manifest — on the phone, so the pass code opens
 * with no network at all. Network first (a new version is picked up at once when online), the
 * cached copy when offline. The hub's API is never cached: doors, reports and sessions are live.
 */

interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void
}

interface FetchEvent extends ExtendableEvent {
  readonly request: Request
  respondWith(response: Promise<Response>): void
}

interface WorkerScope {
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void
  skipWaiting(): Promise<void>
  readonly clients: { claim(): Promise<void> }
}

const worker = self as unknown as WorkerScope
const CACHE = 'gatehouse-app-v1'

/** The app's entry points; the modules they import are cached as they are fetched. */
const SHELL = [
  '/app/',
  '/app/manifest.webmanifest',
  '/assets/hub/web/shared/gatehouse.css',
  '/assets/hub/web/shared/gatehouse-icon.svg',
  '/assets/hub/web/phone/phone-main.js',
]

function isAppFile(url: URL): boolean {
  return url.origin === location.origin && (url.pathname === '/app/' || url.pathname.startsWith('/app/') || url.pathname.startsWith('/assets/')) && !url.pathname.startsWith('/api/')
}

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => worker.skipWaiting()),
  )
})

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => worker.clients.claim()),
  )
})

worker.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url)
  if (event.request.method !== 'GET' || !isAppFile(url)) return
  event.respondWith(networkFirst(event.request, url))
})

async function networkFirst(request: Request, url: URL): Promise<Response> {
  const cache = await caches.open(CACHE)
  // The page is one document whatever its hash; `/app/` stands for it.
  const key = url.pathname.startsWith('/app/') && !url.pathname.endsWith('.js') && !url.pathname.endsWith('.webmanifest') ? '/app/' : request
  try {
    const response = await fetch(request)
    if (response.ok) await cache.put(key, response.clone())
    return response
  } catch (error) {
    // Module scripts are CORS requests (an Origin header) and the hub may answer `Vary`; the copy is the same file.
    const cached = await cache.match(key, { ignoreVary: true, ignoreSearch: false })
    if (cached !== undefined) return cached
    throw error
  }
}
