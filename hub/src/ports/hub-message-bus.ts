/**
 * How the hub publishes to edges: the embedded aedes broker in-process, or an mqtt.js client of
 * an external broker (Mosquitto, EMQX). Topics come from protocol/mqtt/topics.ts only.
 */
export interface HubMessageBus {
  /** Resolves once the broker has taken the message (QoS 1: acknowledged). */
  publish(topic: string, payload: Buffer, options: { readonly qos: 0 | 1; readonly retain: boolean }): Promise<void>
}
