/** Command and reply codes, OSDP v2.2 (libosdp `src/osdp_common.h`). */
export const OsdpCommandCode = {
  POLL: 0x60,
  ID: 0x61,
  CAP: 0x62,
  LSTAT: 0x64,
  ISTAT: 0x65,
  OSTAT: 0x66,
  RSTAT: 0x67,
  OUT: 0x68,
  LED: 0x69,
  BUZ: 0x6a,
  TEXT: 0x6b,
  COMSET: 0x6e,
  KEYSET: 0x75,
  CHLNG: 0x76,
  SCRYPT: 0x77,
} as const
export type OsdpCommandName = keyof typeof OsdpCommandCode

export const OsdpReplyCode = {
  ACK: 0x40,
  NAK: 0x41,
  PDID: 0x45,
  PDCAP: 0x46,
  LSTATR: 0x48,
  ISTATR: 0x49,
  OSTATR: 0x4a,
  RSTATR: 0x4b,
  RAW: 0x50,
  KEYPAD: 0x53,
  COM: 0x54,
  CCRYPT: 0x76,
  RMAC_I: 0x78,
  BUSY: 0x79,
} as const
export type OsdpReplyName = keyof typeof OsdpReplyCode

/** osdp_NAK reason codes (libosdp `osdp_pd_nak_code_e`). */
export const OsdpNakReason = {
  NONE: 0x00,
  CHECK_CHARACTER: 0x01,
  COMMAND_LENGTH: 0x02,
  UNKNOWN_COMMAND: 0x03,
  SEQUENCE_NUMBER: 0x04,
  SC_UNSUPPORTED: 0x05,
  SC_CONDITIONS: 0x06,
  BIO_TYPE: 0x07,
  BIO_FORMAT: 0x08,
  RECORD: 0x09,
} as const
export type OsdpNakReasonName = keyof typeof OsdpNakReason

/** Security Control Block types (OSDP v2.2 Annex D). */
export const ScbType = {
  SCS_11: 0x11,
  SCS_12: 0x12,
  SCS_13: 0x13,
  SCS_14: 0x14,
  SCS_15: 0x15,
  SCS_16: 0x16,
  SCS_17: 0x17,
  SCS_18: 0x18,
} as const

export const OSDP_BROADCAST_ADDRESS = 0x7f
export const OSDP_MARK = 0xff
export const OSDP_SOM = 0x53

export function nameOf<T extends Record<string, number>>(table: T, code: number): keyof T | undefined {
  for (const [name, value] of Object.entries(table)) if (value === code) return name as keyof T
  return undefined
}
