/**
 * Lines from a serial QR/barcode scanner: printable ASCII text ended by CR, LF or CR LF, as the
 * scanner's "suffix" setting chooses. Our scanners are configured for ASCII output, which also
 * covers the signed QR payloads (base64url text) that phones show.
 */
export const QR_LINE_MAX_LENGTH = 512

export type QrLineTerminator = '\r' | '\n' | '\r\n'

const TERMINATORS: readonly string[] = ['\r', '\n', '\r\n']

/** Printable ASCII 0x20–0x7E: the only bytes a line may hold. */
export function isQrLineByte(byte: number): boolean {
  return byte >= 0x20 && byte <= 0x7e
}

/**
 * Encodes one scanned line. Throws a coded error (a caller bug, not line noise): EMPTY_LINE,
 * NON_PRINTABLE, LINE_TOO_LONG, or BAD_TERMINATOR.
 */
export function encodeQrLine(
  text: string,
  terminator: QrLineTerminator = '\r\n',
  maxLength: number = QR_LINE_MAX_LENGTH,
): Buffer {
  if (!TERMINATORS.includes(terminator)) {
    throw codedError('BAD_TERMINATOR', 'a QR line ends with CR, LF or CR LF')
  }
  if (text.length === 0) throw codedError('EMPTY_LINE', 'a QR line holds at least one character')
  for (let i = 0; i < text.length; i++) {
    if (!isQrLineByte(text.charCodeAt(i))) {
      throw codedError('NON_PRINTABLE', `character ${i} of the line is outside printable ASCII 0x20–0x7E`)
    }
  }
  if (text.length > maxLength) throw codedError('LINE_TOO_LONG', `line of ${text.length} > ${maxLength} characters`)
  return Buffer.from(text + terminator, 'latin1')
}

function codedError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code })
}
