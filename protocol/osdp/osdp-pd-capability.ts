/** osdp_PDCAP function codes, OSDP v2.2 Annex B. */
export const PdCapabilityFunction = {
  CONTACT_STATUS_MONITORING: 1,
  OUTPUT_CONTROL: 2,
  CARD_DATA_FORMAT: 3,
  READER_LED_CONTROL: 4,
  READER_AUDIBLE_OUTPUT: 5,
  READER_TEXT_OUTPUT: 6,
  TIME_KEEPING: 7,
  CHECK_CHARACTER_SUPPORT: 8,
  COMMUNICATION_SECURITY: 9,
  RECEIVE_BUFFER_SIZE: 10,
  LARGEST_COMBINED_MESSAGE_SIZE: 11,
  SMART_CARD_SUPPORT: 12,
  READERS: 13,
  BIOMETRICS: 14,
  SECURE_PIN_ENTRY: 15,
  OSDP_VERSION: 16,
} as const

export interface PdCapability {
  readonly functionCode: number
  readonly compliance: number
  readonly count: number
}

export function findCapability(capabilities: readonly PdCapability[], functionCode: number): PdCapability | undefined {
  return capabilities.find((capability) => capability.functionCode === functionCode)
}

/** Function 8: compliance 1 means the PD checks and sends CRC-16, 0 means checksum only. */
export function supportsCrc(capabilities: readonly PdCapability[]): boolean {
  return findCapability(capabilities, PdCapabilityFunction.CHECK_CHARACTER_SUPPORT)?.compliance === 1
}

/** Function 9: bit 0 of compliance says the PD supports the Secure Channel (AES-128). */
export function supportsSecureChannel(capabilities: readonly PdCapability[]): boolean {
  return ((findCapability(capabilities, PdCapabilityFunction.COMMUNICATION_SECURITY)?.compliance ?? 0) & 1) === 1
}

/** Function 10: the PD's receive buffer, compliance = LSB and count = MSB. */
export function receiveBufferBytes(capabilities: readonly PdCapability[]): number | undefined {
  const capability = findCapability(capabilities, PdCapabilityFunction.RECEIVE_BUFFER_SIZE)
  return capability === undefined ? undefined : capability.compliance | (capability.count << 8)
}
