/** C0 controls and DEL: refused by the policy rows' `printableText` fields. */
const CONTROL_CHARACTERS = /[\u0000-\u001F\u007F]/g

/**
 * Free text from the model made fit for a policy row's `printableText(maxLength)` field: control
 * characters become spaces, the text is cut to `maxLength` UTF-16 code units without splitting a
 * surrogate pair, and an empty result becomes `fallback`. The hub's forms already refuse such
 * text; this keeps one odd row from making a whole edge's policy invalid.
 */
export function printablePolicyText(text: string, maxLength: number, fallback: string): string {
  let printable = text.replace(CONTROL_CHARACTERS, ' ').trim()
  if (printable.length > maxLength) {
    const lastKept = printable.charCodeAt(maxLength - 1)
    const cut = lastKept >= 0xd800 && lastKept <= 0xdbff ? maxLength - 1 : maxLength
    printable = printable.slice(0, cut)
  }
  return printable.length > 0 ? printable : fallback.slice(0, maxLength)
}
