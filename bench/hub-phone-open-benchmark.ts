import http from 'node:http'
import { performance } from 'node:perf_hooks'
import mqtt from 'mqtt'
import { createLogger } from '../edge/src/adapters/create-logger.js'
import { startRemoteOpenRig } from '../test/fakes/hub-remote-open-rig.js'
import { plainAedes } from './plain-aedes.js'

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN
}

const round1 = (value: number) => Math.round(value * 10) / 10

/**
 * `hub.phone_open.p99_ms`: a real HTTP request (keep-alive, loopback) to POST
 * /api/doors/:doorId/open as a resident → rights check with the edge's decision over its policy
 * → signed command stored and published by the EmbeddedBroker → the edge's MqttHubLink →
 * CommandReceiver (signature, expiry, nonce in its SQLite replay cache) → RemoteOpenExecutor
 * (policy, journal entry durable, simulated relay pulse) → reply → ingest records it → HTTP
 * response. `hub.phone_open.ratio_vs_mqtt_rtt`: that p99 over a bare MQTT QoS 1 request/reply
 * round trip p99 between two clients through aedes in the same process, same run.
 */
export async function hubPhoneOpenBenchmarks(isQuick: boolean): Promise<Record<string, number>> {
  const requests = isQuick ? 150 : 1_000
  const rig = await startRemoteOpenRig({ log: createLogger('silent'), remoteOpen: { rateLimit: { limit: 1_000_000, windowMs: 60_000 } } })
  const address = await rig.app.listen({ port: 0, host: '127.0.0.1' })
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  const latencies: number[] = []
  try {
    for (let index = 0; index < requests + 20; index++) {
      const start = performance.now()
      const status = await post(agent, `${address}/api/doors/b1-door/open`)
      if (status !== 200) throw new Error(`phone open answered ${status}`)
      if (index >= 20) latencies.push(performance.now() - start)
    }
  } finally {
    agent.destroy()
    await rig.stop()
  }
  const rtt = await mqttRoundTrips(requests)
  const p99 = percentile(latencies, 0.99)
  const rttP99 = percentile(rtt, 0.99)
  return {
    'hub.phone_open.p50_ms': round1(percentile(latencies, 0.5)),
    'hub.phone_open.p99_ms': round1(p99),
    'hub.phone_open.mqtt_rtt_p99_ms': round1(rttP99),
    'hub.phone_open.ratio_vs_mqtt_rtt': round1(p99 / rttP99),
  }
}

function post(agent: http.Agent, url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode ?? 0))
    })
    request.on('error', reject)
    request.end('{}')
  })
}

/** QoS 1 request on one topic, QoS 1 reply on another, one at a time; milliseconds each. */
async function mqttRoundTrips(count: number): Promise<number[]> {
  const broker = await plainAedes()
  const url = `mqtt://127.0.0.1:${broker.port}`
  const requester = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: 'rtt-requester' })
  const responder = await mqtt.connectAsync(url, { protocolVersion: 4, clientId: 'rtt-responder' })
  for (const client of [requester, responder]) (client.stream as { setNoDelay?: (isNoDelay: boolean) => void }).setNoDelay?.(true)
  await responder.subscribeAsync('rtt/request', { qos: 1 })
  await requester.subscribeAsync('rtt/reply', { qos: 1 })
  responder.on('message', (_topic, payload) => void responder.publish('rtt/reply', payload, { qos: 1 }))
  let answer: (() => void) | undefined
  requester.on('message', () => answer?.())
  const payload = Buffer.from(JSON.stringify({ v: 1, id: '00000000-0000-4000-8000-000000000000', doorId: 'b1-door', action: 'UNLOCK', signature: 'A'.repeat(88) }))
  const samples: number[] = []
  for (let index = 0; index < count + 20; index++) {
    const start = performance.now()
    await new Promise<void>((resolve) => {
      answer = resolve
      requester.publish('rtt/request', payload, { qos: 1 })
    })
    if (index >= 20) samples.push(performance.now() - start)
  }
  await requester.endAsync()
  await responder.endAsync()
  await broker.stop()
  return samples
}
