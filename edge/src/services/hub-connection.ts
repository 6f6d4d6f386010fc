import type { EdgeStatus } from '../../../protocol/mqtt/messages/edge-status.js'

/** One message the hub sent to this edge. */
export interface HubMessage {
  readonly topic: string
  readonly payload: Buffer
  /**
   * The RETAIN flag as delivered. A broker sets it only for a message sent from its retained
   * store because of a new subscription (MQTT 3.1.1 [MQTT-3.3.1-8], [MQTT-3.3.1-9]).
   */
  readonly isRetained: boolean
}

export interface HubPublishOptions {
  /** Must match the topic kind's retain flag in `TOPIC_KINDS`; the broker ACL refuses anything else. */
  readonly retain: boolean
}

/**
 * The edge's link to the hub as the services see it: QoS 1 publishing, incoming messages on the
 * edge's own topics, and the connection state. `MqttHubLink` implements it; tests may fake it.
 */
export interface HubConnection {
  readonly edgeId: string
  readonly baseTopic: string
  readonly isConnected: boolean
  /**
   * Publishes at QoS 1 and resolves on PUBACK. While the link is down the client holds the
   * message in memory and sends it after the reconnect, so a caller that must not lose it keeps
   * its own durable copy until this resolves (the journal does).
   */
  publish(topic: string, payload: Buffer, options: HubPublishOptions): Promise<void>
  /** Called with true after every CONNACK (and after the subscriptions were sent), false on every loss. Returns an unsubscribe. */
  onConnectionChanged(listener: (isConnected: boolean) => void): () => void
  /** Every message on a topic the edge subscribed to. Returns an unsubscribe. */
  onMessage(listener: (message: HubMessage) => void): () => void
}

/** Composes the retained status the link publishes on connect, registers as its last will, and publishes on stop. */
export interface EdgeStatusSource {
  compose(state: EdgeStatus['state']): EdgeStatus
}
