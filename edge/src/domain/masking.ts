/**
 * Personal data never reaches a log, a screen for the wrong role or an MQTT payload in full:
 * card numbers, phones and ID numbers keep at most their last four characters.
 */
export function maskTail(value: string, visible = 4): string {
  const shown = Math.min(visible, Math.max(0, value.length - 2))
  return `${'*'.repeat(Math.max(1, Math.min(28, value.length - shown)))}${value.slice(value.length - shown)}`
}

/**
 * What of a credential lookup key may appear in logs and events: "card:h10301:212:7041" →
 * "***7041". A PIN is a secret, not an identifier: nothing of it is shown.
 */
export function maskCredentialKey(key: string): string {
  const [prefix = '', ...rest] = key.split(':')
  if (prefix === 'pin') return '****'
  const identifying = prefix === 'card' ? rest.slice(1) : rest
  return maskTail(identifying.join('').replace(/[^0-9A-Za-z]/g, ''))
}
