import { Type, type Static } from '@sinclair/typebox'
import { SCRAPE_TOKEN_SHA256_PATTERN } from '../../../protocol/metrics/scrape-authorization.js'
import { DEFAULT_DISCOVERY_PREFIX, DEFAULT_HOME_ASSISTANT_STATE_BASE } from '../../../protocol/mqtt/home-assistant-topics.js'

const Port = (fallback: number, description: string) => Type.Integer({ minimum: 0, maximum: 65_535, default: fallback, description })
const FilePath = (description: string) => Type.String({ minLength: 1, maxLength: 1024, description })

const Tls = Type.Object(
  {
    keyFile: FilePath('PEM private key.'),
    certFile: FilePath('PEM certificate chain.'),
    caFile: Type.Optional(FilePath('PEM of the CA that signed certFile (a community CA, docs/tls.md); handed to edges at enrollment so they trust it.')),
  },
  { additionalProperties: false, description: 'Serve over TLS with this key and certificate.' },
)

/**
 * The hub's configuration. Every field has a default, so an empty file (or none) gives the
 * embedded single-box setup: data under ./data, HTTP on 8080, MQTT on 1883, both on localhost.
 */
export const HubConfig = Type.Object(
  {
    dataDir: Type.String({ minLength: 1, default: './data', description: 'Where hub.db and the hub key live (created 0700).' }),
    baseTopic: Type.String({ minLength: 1, maxLength: 200, default: 'gatehouse', description: 'MQTT base topic, shared with every edge.' }),
    http: Type.Object(
      {
        host: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Listen address; 0.0.0.0 to serve the LAN.' }),
        port: Port(8080, 'HTTP(S) port of the API and the web apps.'),
        publicUrl: Type.Optional(Type.String({ minLength: 1, description: 'URL people and edges reach the hub at, e.g. https://hub.example.lan:8443.' })),
        tls: Type.Optional(Tls),
        isCookieSecure: Type.Optional(Type.Boolean({ description: 'Mark cookies Secure; defaults to true when tls is set.' })),
      },
      { additionalProperties: false, default: {} },
    ),
    mqtt: Type.Object(
      {
        mode: Type.Union([Type.Literal('embedded'), Type.Literal('external')], { default: 'embedded' }),
        host: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Embedded: listen address. External: the broker host.' }),
        port: Port(1883, 'Embedded: MQTT listen port. External: the broker port.'),
        tls: Type.Optional(Tls),
        webSocketPort: Type.Optional(Type.Integer({ minimum: 1, maximum: 65_535, description: 'Embedded: also serve MQTT over WebSocket on this port.' })),
        externalUsername: Type.Optional(Type.String({ minLength: 1, description: 'External mode: the hub user at the broker.' })),
        externalPasswordFile: Type.Optional(FilePath('External mode: file holding the hub user password.')),
        externalCaFile: Type.Optional(FilePath('External mode: CA to verify the broker with.')),
        mosquittoPasswordFile: Type.Optional(FilePath("External mode with mosquitto: the broker's password_file, where the hub writes each enrolled edge's credential (docs/external-broker.md).")),
        mosquittoPidFile: Type.Optional(FilePath("External mode with mosquitto: its pid_file; the hub sends SIGHUP after each credential change so it reloads.")),
      },
      { additionalProperties: false, default: {} },
    ),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace'].map((level) => Type.Literal(level)), { default: 'info' }),
    homeAssistant: Type.Object(
      {
        enabled: Type.Boolean({ default: false, description: 'Announce doors, thermometers and alarms to Home Assistant by MQTT discovery (docs/home-assistant.md).' }),
        brokerUrl: Type.Optional(Type.String({ pattern: '^(mqtts?|wss?)://', description: "Home Assistant's MQTT broker, e.g. mqtt://homeassistant.lan:1883; required when enabled." })),
        username: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The hub user at that broker.' })),
        passwordFile: Type.Optional(FilePath('File holding that user password (mode 0600).')),
        caFile: Type.Optional(FilePath('CA to verify that broker with (mqtts, wss).')),
        clientId: Type.String({ minLength: 1, maxLength: 64, default: 'gatehouse-hub-ha' }),
        discoveryPrefix: Type.String({ minLength: 1, maxLength: 200, default: DEFAULT_DISCOVERY_PREFIX, description: "Home Assistant's discovery prefix." }),
        stateBase: Type.String({ minLength: 1, maxLength: 200, default: DEFAULT_HOME_ASSISTANT_STATE_BASE, description: 'Where the hub publishes states, availability and lock command topics.' }),
        shareTemperatures: Type.Boolean({ default: false, description: 'Also announce a temperature sensor per door that measures; readings leave the hub without names.' }),
        unlockedDisplayMs: Type.Integer({ minimum: 1000, maximum: 60_000, default: 5000, description: 'How long a door shows unlocked after a grant.' }),
      },
      { additionalProperties: false, default: {} },
    ),
    metrics: Type.Object(
      {
        enabled: Type.Boolean({ default: false, description: 'Serve GET /metrics (Prometheus) on the HTTP port (docs/metrics.md).' }),
        bearerTokenSha256: Type.Optional(
          Type.String({ pattern: SCRAPE_TOKEN_SHA256_PATTERN, description: 'SHA-256 (lower-case hex) of the scrape token; required when enabled.' }),
        ),
      },
      { additionalProperties: false, default: {} },
    ),
    backup: Type.Object(
      {
        enabled: Type.Boolean({ default: true, description: 'Back the database up on a schedule (docs/backups.md).' }),
        dir: Type.Optional(FilePath('Where backups go (created 0700); default <dataDir>/backups. Another disk is better.')),
        intervalMinutes: Type.Integer({ minimum: 5, maximum: 10_080, default: 360, description: 'Time between scheduled backups.' }),
        keep: Type.Integer({ minimum: 1, maximum: 1000, default: 28, description: 'Backups kept; older ones are deleted after each good backup.' }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
)

export type HubConfig = Static<typeof HubConfig>
