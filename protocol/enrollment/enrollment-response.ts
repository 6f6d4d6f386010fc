import { Type, type Static } from '@sinclair/typebox'
import { EDGE_ID_PATTERN } from '../mqtt/topics.js'

/**
 * The enrollment exchange between `gatehouse-edge enroll` and the hub (`POST /api/enrollment`):
 * a one-time token in, the edge's MQTT credential, the hub's public key and a draft edge config
 * out. Both sides validate with these schemas where the message enters.
 */
export const EnrollmentRequest = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 100, description: 'The one-time enrollment token the admin issued (dashes and case do not matter).' }) },
  { additionalProperties: false },
)

export type EnrollmentRequest = Static<typeof EnrollmentRequest>

export const EnrollmentResponse = Type.Object(
  {
    edgeId: Type.String({ pattern: EDGE_ID_PATTERN }),
    mqtt: Type.Object(
      {
        urls: Type.Array(Type.String({ pattern: '^(mqtts?|wss?)://' }), { minItems: 1, description: 'Where the edge may connect, preferred first.' }),
        baseTopic: Type.String({ minLength: 1 }),
        username: Type.String({ minLength: 1 }),
        password: Type.String({ minLength: 32, description: 'Shown once; the hub keeps only its hash. Goes into the password file (mode 0600).' }),
        clientId: Type.String({ minLength: 1, description: 'The client id the broker binds to this credential.' }),
      },
      { additionalProperties: false },
    ),
    hubHttpUrl: Type.String({ pattern: '^https?://' }),
    hubPublicKey: Type.String({ pattern: '^[A-Za-z0-9+/]{43}=$', description: 'The hub Ed25519 public key, base64 of the 32 raw bytes.' }),
    caPem: Type.Union([Type.String({ minLength: 1 }), Type.Null()], { description: 'The CA of the hub\'s TLS certificate when it is a private one.' }),
    config: Type.Record(Type.String(), Type.Unknown(), {
      description:
        'A draft edge config (edge/src/config/edge-config.ts) with the doors and the wiring the admin entered. ' +
        '`hub.passwordFile` and `hub.caFile` are file names the enroll command replaces with the paths it writes.',
    }),
    missingWiring: Type.Array(Type.String(), { description: 'Doors whose device wiring the installer still has to fill in before the edge starts.' }),
  },
  { additionalProperties: false },
)

export type EnrollmentResponse = Static<typeof EnrollmentResponse>
