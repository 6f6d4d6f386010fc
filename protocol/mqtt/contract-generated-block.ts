/** The generated part of a hand-written document lives between these two lines. */
export const GENERATED_START = '<!-- generated:start -->'
export const GENERATED_END = '<!-- generated:end -->'

/** The text between the markers (without them), or null if the markers are missing or out of order. */
export function extractGeneratedBlock(document: string): string | null {
  const start = document.indexOf(GENERATED_START)
  const end = document.indexOf(GENERATED_END)
  if (start === -1 || end === -1 || end < start) return null
  return document.slice(start + GENERATED_START.length, end)
}

/** The document with the text between the markers replaced, or null if the markers are missing. */
export function replaceGeneratedBlock(document: string, generated: string): string | null {
  const start = document.indexOf(GENERATED_START)
  const end = document.indexOf(GENERATED_END)
  if (start === -1 || end === -1 || end < start) return null
  return document.slice(0, start + GENERATED_START.length) + generated + document.slice(end)
}
