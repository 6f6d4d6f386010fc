/**
 * Host-to-module commands of the GY-MCU90614 IR thermometer (reference §3): three bytes,
 * `A5 <command> <(0xA5 + command) & 0xFF>`.
 */
export const THERMOMETER_COMMAND_HEADER = 0xa5

export const THERMOMETER_COMMAND_BYTES = {
  /** Continuous output, the power-up default (~14 frames a second). */
  continuous: 0x45,
  /** Query mode: the module sends one frame per query command. */
  query: 0x15,
  /** Baud rate settings are stored and take effect after a power cycle. */
  baud9600: 0xae,
  baud115200: 0xaf,
  autoOutputOn: 0x51,
  autoOutputOff: 0x52,
} as const

export type ThermometerCommandName = keyof typeof THERMOMETER_COMMAND_BYTES

export const THERMOMETER_COMMAND_LENGTH = 3

export function thermometerCommandSum(commandByte: number): number {
  return (THERMOMETER_COMMAND_HEADER + commandByte) & 0xff
}

/** The command name for a command byte, or undefined for a byte the module does not know. */
export function thermometerCommandName(commandByte: number): ThermometerCommandName | undefined {
  for (const [name, byte] of Object.entries(THERMOMETER_COMMAND_BYTES)) {
    if (byte === commandByte) return name as ThermometerCommandName
  }
  return undefined
}

export function encodeThermometerCommand(name: ThermometerCommandName): Buffer {
  const commandByte: number | undefined = THERMOMETER_COMMAND_BYTES[name]
  if (commandByte === undefined) {
    throw Object.assign(new Error(`unknown thermometer command "${String(name)}"`), { code: 'UNKNOWN_COMMAND' })
  }
  return Buffer.from([THERMOMETER_COMMAND_HEADER, commandByte, thermometerCommandSum(commandByte)])
}
