/**
 * The hub's connection to the community's Home Assistant broker (docs/home-assistant.md): a
 * separate MQTT client, never the edges' broker. Publishes are retained; its last will marks the
 * hub unavailable.
 */
export interface HomeAssistantLink {
  readonly isConnected: boolean
  /** Every (re)connection: the broker may have lost what was retained, so everything is published again. */
  onConnected(listener: () => void): void
  /** Messages on the subscribed command filter. */
  onMessage(listener: (topic: string, payload: Buffer, isRetained: boolean) => void): void
  publish(topic: string, payload: string): Promise<void>
  start(): void
  stop(): Promise<void>
}
