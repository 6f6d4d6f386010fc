import { Type, type Static } from '@sinclair/typebox'
import { SCRAPE_TOKEN_SHA256_PATTERN } from '../../../protocol/metrics/scrape-authorization.js'

const Id = (description: string) => Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,62}$', description })
const Link = Type.String({
  minLength: 1,
  maxLength: 256,
  description: 'A serial device path ("/dev/ttyUSB0", "/dev/serial0") or "tcp://HOST:PORT" for a serial server.',
})
const Baud = Type.Union([9600, 19200, 38400, 57600, 115200, 230400].map((rate) => Type.Literal(rate)), { default: 115200 })
const GpioLine = Type.Integer({ minimum: 0, maximum: 63, description: 'BCM line number on the header (not the sysfs number).' })

const OsdpReader = Type.Object(
  {
    name: Id('Name events carry, e.g. "gate-1-in".'),
    address: Type.Integer({ minimum: 0, maximum: 126 }),
    security: Type.Union([Type.Literal('plain'), Type.Literal('secure'), Type.Literal('secure-only')], { default: 'secure-only' }),
    isInstallAllowed: Type.Boolean({ default: false, description: 'Give a reader still on SCBK-D its own key (commissioning).' }),
  },
  { additionalProperties: false },
)

const OsdpBus = Type.Object(
  {
    id: Id('Name of the RS-485 bus.'),
    link: Link,
    baudRate: Baud,
    pollIntervalMs: Type.Integer({
      minimum: 2,
      maximum: 1000,
      default: 5,
      description: 'Idle gap between exchanges; a card waits at most this plus one exchange to be seen.',
    }),
    readers: Type.Array(OsdpReader, { minItems: 1, maxItems: 32 }),
  },
  { additionalProperties: false },
)

const Thermometer = Type.Object(
  {
    id: Id('Name of the thermometer.'),
    link: Link,
    baudRate: Type.Union([Type.Literal(9600), Type.Literal(115200)], { default: 9600 }),
    mode: Type.Union([Type.Literal('continuous'), Type.Literal('query')], { default: 'continuous' }),
    staleAfterMs: Type.Integer({ minimum: 100, maximum: 60_000, default: 1000 }),
  },
  { additionalProperties: false },
)

const QrScanner = Type.Object(
  { id: Id('Name of the scanner.'), link: Link, baudRate: Baud, maxLineLength: Type.Integer({ minimum: 16, maximum: 4096, default: 512 }) },
  { additionalProperties: false },
)

const WiegandFormatName = Type.Union([Type.Literal('H10301'), Type.Literal('WIEGAND_34'), Type.Literal('WIEGAND_34_UID')])

/** A Wiegand reader wired to two GPIO inputs (docs/wiegand-on-gpio.md). */
const WiegandReader = Type.Object(
  {
    id: Id('Name entries refer to, e.g. "side-gate-in".'),
    d0Line: Type.Integer({ minimum: 0, maximum: 63, description: 'BCM line of D0 (a 0 bit is a low pulse here).' }),
    d1Line: Type.Integer({ minimum: 0, maximum: 63, description: 'BCM line of D1 (a 1 bit).' }),
    capture: Type.Union([Type.Literal('gpiomon'), Type.Literal('onoff')], {
      default: 'gpiomon',
      description: 'gpiomon (package gpiod): kernel-timestamped edges, none lost to a busy event loop. onoff: sysfs, may merge bits under load.',
    }),
    formats: Type.Array(WiegandFormatName, {
      minItems: 1,
      maxItems: 3,
      default: ['H10301', 'WIEGAND_34'],
      description: 'Layouts tried in order; WIEGAND_34 and WIEGAND_34_UID look alike on the wire: list only the one the site uses.',
    }),
    frameGapMs: Type.Integer({ minimum: 25, maximum: 100, default: 30, description: 'Silence that ends a frame.' }),
    gpiomon: Type.Object(
      {
        command: Type.String({ minLength: 1, default: 'gpiomon' }),
        chip: Type.String({ pattern: '^gpiochip[0-9]{1,3}$', default: 'gpiochip0', description: 'Character-device chip of the header (gpiodetect): gpiochip0 on a Pi 4 and a Pi 5 with kernel 6.6+.' }),
        cliVersion: Type.Union([Type.Literal(1), Type.Literal(2)], { default: 1, description: '1: libgpiod 1.6 (Bookworm); 2: libgpiod 2 (Trixie).' }),
        bias: Type.Union([Type.Literal('pull-up'), Type.Literal('pull-down'), Type.Literal('disabled'), Type.Null()], {
          default: null,
          description: 'null: leave the lines as they are (pull-ups on the reader side or the level shifter).',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
)

const OsdpOutput = Type.Object(
  { kind: Type.Literal('osdp'), reader: Id('Reader whose output drives the lock.'), output: Type.Integer({ minimum: 0, maximum: 15, default: 0 }) },
  { additionalProperties: false },
)
const OsdpInput = Type.Object(
  { kind: Type.Literal('osdp'), reader: Id('Reader whose input this is.'), input: Type.Integer({ minimum: 0, maximum: 15 }) },
  { additionalProperties: false },
)
const GpioPin = Type.Object(
  { kind: Type.Literal('gpio'), line: GpioLine, isActiveLow: Type.Boolean({ default: false }) },
  { additionalProperties: false },
)

const Entry = Type.Object(
  {
    reader: Id('An OSDP reader, a Wiegand reader (or a QR scanner) where people present credentials.'),
    direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
    lane: Type.Union([Type.Literal('residents'), Type.Literal('returnees'), Type.Literal('assisted'), Type.Literal('none')], { default: 'none' }),
  },
  { additionalProperties: false },
)

const Door = Type.Object(
  {
    id: Id('The door id in the hub policy.'),
    failMode: Type.Union([Type.Literal('fail-secure'), Type.Literal('fail-safe')], {
      description: 'fail-secure: locked without power (strike); fail-safe: unlocked without power (maglock).',
    }),
    lock: Type.Union([OsdpOutput, GpioPin]),
    pulseMs: Type.Integer({ minimum: 200, maximum: 30_000, default: 3000 }),
    heldOpenAfterMs: Type.Integer({ minimum: 1000, maximum: 600_000, default: 30_000 }),
    contact: Type.Union([OsdpInput, GpioPin, Type.Null()], { default: null }),
    exitButton: Type.Union([OsdpInput, GpioPin, Type.Null()], { default: null }),
    entries: Type.Array(Entry, { minItems: 1, maxItems: 8 }),
    thermometer: Type.Union([Id('Thermometer that screens this door.'), Type.Null()], { default: null }),
    qrScanner: Type.Union([Id('QR scanner for phones without signal.'), Type.Null()], { default: null }),
    kioskOrder: Type.Union([Type.Literal('credential-first'), Type.Literal('temperature-first')], { default: 'credential-first' }),
    thermometerOfflineFallback: Type.Union([Type.Literal('see-staff'), Type.Literal('assisted-lane')], {
      default: 'see-staff',
      description:
        'While the thermometer is offline, people who must be measured are refused at once (TEMPERATURE_REQUIRED); the screen sends them to the staff here, or to the assisted lane.',
    }),
  },
  { additionalProperties: false },
)

export const EdgeConfig = Type.Object(
  {
    edgeId: Id('This edge, as enrolled at the hub.'),
    dataDir: Type.String({ minLength: 1, default: './data/edge', description: 'Journal and policy cache live here.' }),
    secretsFile: Type.String({ minLength: 1, default: './data/edge/secrets.json', description: 'Reader keys; mode 0600.' }),
    logLevel: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace'].map((level) => Type.Literal(level)), { default: 'info' }),
    hub: Type.Object(
      {
        url: Type.String({ pattern: '^(mqtts?|wss?)://', description: 'mqtt://host:1883 or mqtts://host:8883.' }),
        httpUrl: Type.String({ pattern: '^https?://', description: 'The hub over HTTP(S), for full policy snapshots.' }),
        baseTopic: Type.String({ default: 'gatehouse' }),
        username: Type.String({ minLength: 1 }),
        passwordFile: Type.String({ minLength: 1, description: 'File holding this edge\'s hub credential (mode 0600), from enrollment.' }),
        caFile: Type.Union([Type.String(), Type.Null()], { default: null }),
        hubPublicKey: Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', description: 'The hub Ed25519 public key, base64 of the 32 raw bytes.' }),
        keepaliveSeconds: Type.Integer({ minimum: 2, maximum: 300, default: 10 }),
      },
      { additionalProperties: false },
    ),
    gpio: Type.Object(
      {
        backend: Type.Union([Type.Literal('sysfs'), Type.Literal('simulated')], { default: 'sysfs' }),
        chipLabels: Type.Array(Type.String({ minLength: 1 }), {
          default: ['pinctrl-rp1', 'pinctrl-bcm2711', 'pinctrl-bcm2835'],
          description: 'gpiochip labels of the 40-pin header, in order of preference; its base is found at run time.',
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    osdpBuses: Type.Array(OsdpBus, { default: [], maxItems: 8 }),
    thermometers: Type.Array(Thermometer, { default: [], maxItems: 8 }),
    qrScanners: Type.Array(QrScanner, { default: [], maxItems: 8 }),
    wiegandReaders: Type.Array(WiegandReader, { default: [], maxItems: 8 }),
    doors: Type.Array(Door, { minItems: 1, maxItems: 16 }),
    kiosk: Type.Object(
      { host: Type.String({ default: '127.0.0.1' }), port: Type.Integer({ minimum: 0, maximum: 65535, default: 8080 }) },
      { additionalProperties: false, default: {} },
    ),
    metrics: Type.Object(
      {
        enabled: Type.Boolean({ default: false, description: 'Serve GET /metrics (Prometheus) on its own listener (docs/metrics.md).' }),
        host: Type.String({ minLength: 1, default: '127.0.0.1', description: 'Listen address; the LAN address for a Prometheus elsewhere.' }),
        port: Type.Integer({ minimum: 0, maximum: 65535, default: 9480 }),
        bearerTokenSha256: Type.Optional(
          Type.String({ pattern: SCRAPE_TOKEN_SHA256_PATTERN, description: 'SHA-256 (lower-case hex) of the scrape token; required when enabled.' }),
        ),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
)

export type EdgeConfig = Static<typeof EdgeConfig>
export type DoorConfig = EdgeConfig['doors'][number]
export type WiegandReaderSettings = EdgeConfig['wiegandReaders'][number]
