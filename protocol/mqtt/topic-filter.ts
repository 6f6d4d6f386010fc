/**
 * MQTT 3.1.1 topic names, topic filters and wildcard matching (§4.7). Pure, and it never throws:
 * the broker's ACL hooks and the clients feed it topics straight off the wire.
 */

/** MQTT 3.1.1 §1.5.3: a UTF-8 string is at most 65,535 bytes long. */
const MAX_TOPIC_BYTES = 65_535

/** A UTF-16 surrogate that is not half of a pair cannot be encoded as UTF-8 (§1.5.3, [MQTT-1.5.3-1]). */
const LONE_SURROGATE = /\p{Cs}/u

function isWellFormedMqttString(text: string): boolean {
  if (text.length === 0) return false // [MQTT-4.7.3-1] topic names and filters are at least one character
  if (text.includes('\u0000')) return false // [MQTT-1.5.3-2] U+0000 is forbidden
  if (LONE_SURROGATE.test(text)) return false
  return utf8ByteLength(text) <= MAX_TOPIC_BYTES
}

/** UTF-8 length of a string without lone surrogates; no Buffer, so browser code may import this file. */
function utf8ByteLength(text: string): number {
  let bytes = 0
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0
    bytes += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4
  }
  return bytes
}

/** A topic name as a PUBLISH carries it: no wildcard characters ([MQTT-3.3.2-2]). */
export function isValidTopicName(topic: string): boolean {
  return isWellFormedMqttString(topic) && !topic.includes('+') && !topic.includes('#')
}

/**
 * A topic filter as a SUBSCRIBE carries it. `#` must stand alone as the last level
 * ([MQTT-4.7.1-2]); `+` must fill a whole level ([MQTT-4.7.1-3]).
 */
export function isValidTopicFilter(filter: string): boolean {
  if (!isWellFormedMqttString(filter)) return false
  const levels = filter.split('/')
  return levels.every((level, index) => {
    if (level.includes('#')) return level === '#' && index === levels.length - 1
    if (level.includes('+')) return level === '+'
    return true
  })
}

function isWildcard(level: string | undefined): boolean {
  return level === '+' || level === '#'
}

/**
 * Whether `topic` matches `filter` under MQTT 3.1.1 §4.7. `sport/#` also matches `sport`
 * (§4.7.1.2), `+` matches one level including an empty one (§4.7.1.3), and a filter that starts
 * with a wildcard does not match a topic that starts with `$` ([MQTT-4.7.2-1]). An invalid
 * filter or topic matches nothing.
 */
export function topicMatchesFilter(filter: string, topic: string): boolean {
  if (!isValidTopicFilter(filter) || !isValidTopicName(topic)) return false
  const filterLevels = filter.split('/')
  const topicLevels = topic.split('/')
  if (topic.startsWith('$') && isWildcard(filterLevels[0])) return false
  for (let index = 0; index < filterLevels.length; index++) {
    const level = filterLevels[index]
    if (level === '#') return true
    const topicLevel = topicLevels[index]
    if (topicLevel === undefined) return false
    if (level !== '+' && level !== topicLevel) return false
  }
  return filterLevels.length === topicLevels.length
}

/**
 * Whether every topic that `filter` can match is also matched by `coveringFilter`. The broker's
 * subscribe ACL uses it: an edge may subscribe to `filter` only if its namespace filter
 * (`<base>/edge/<id>/#`) covers it. Invalid filters are never covered.
 */
export function isFilterCoveredBy(filter: string, coveringFilter: string): boolean {
  if (!isValidTopicFilter(filter) || !isValidTopicFilter(coveringFilter)) return false
  const levels = filter.split('/')
  const coveringLevels = coveringFilter.split('/')
  // [MQTT-4.7.2-1]: a leading wildcard never reaches `$` topics, so it cannot cover a `$` filter.
  if (levels[0]?.startsWith('$') === true && isWildcard(coveringLevels[0])) return false
  for (let index = 0; index < coveringLevels.length; index++) {
    const coveringLevel = coveringLevels[index]
    if (coveringLevel === '#') return true
    const level = levels[index]
    if (level === undefined || level === '#') return false
    if (coveringLevel === '+') continue
    if (level !== coveringLevel) return false
  }
  return levels.length === coveringLevels.length
}
