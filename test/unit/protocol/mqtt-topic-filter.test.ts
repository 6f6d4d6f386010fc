import t from 'tap'
import {
  isFilterCoveredBy,
  isValidTopicFilter,
  isValidTopicName,
  topicMatchesFilter,
} from '../../../protocol/mqtt/topic-filter.js'

t.test('multi-level wildcard, MQTT 3.1.1 §4.7.1.2 examples', async (t) => {
  const filter = 'sport/tennis/player1/#'
  t.ok(topicMatchesFilter(filter, 'sport/tennis/player1'))
  t.ok(topicMatchesFilter(filter, 'sport/tennis/player1/ranking'))
  t.ok(topicMatchesFilter(filter, 'sport/tennis/player1/score/wimbledon'))
  t.notOk(topicMatchesFilter(filter, 'sport/tennis/player2'))
  t.ok(topicMatchesFilter('sport/#', 'sport'), '"sport/#" also matches the singular "sport"')
  t.ok(topicMatchesFilter('#', 'sport/tennis/player1'), '"#" matches every message')
  t.ok(isValidTopicFilter('#'))
  t.ok(isValidTopicFilter('sport/tennis/#'))
  t.notOk(isValidTopicFilter('sport/tennis#'), '"sport/tennis#" is not valid')
  t.notOk(isValidTopicFilter('sport/tennis/#/ranking'), '"sport/tennis/#/ranking" is not valid')
  t.notOk(topicMatchesFilter('sport/tennis#', 'sport/tennis'), 'an invalid filter matches nothing')
})

t.test('single-level wildcard, MQTT 3.1.1 §4.7.1.3 examples', async (t) => {
  t.ok(topicMatchesFilter('sport/tennis/+', 'sport/tennis/player1'))
  t.ok(topicMatchesFilter('sport/tennis/+', 'sport/tennis/player2'))
  t.notOk(topicMatchesFilter('sport/tennis/+', 'sport/tennis/player1/ranking'))
  t.notOk(topicMatchesFilter('sport/+', 'sport'), '"sport/+" does not match "sport"')
  t.ok(topicMatchesFilter('sport/+', 'sport/'), '"sport/+" matches "sport/"')
  for (const filter of ['+', '+/tennis/#', 'sport/+/player1']) t.ok(isValidTopicFilter(filter), filter)
  t.notOk(isValidTopicFilter('sport+'), '"sport+" is not valid')
  t.ok(topicMatchesFilter('+/+', '/finance'))
  t.ok(topicMatchesFilter('/+', '/finance'))
  t.notOk(topicMatchesFilter('+', '/finance'))
})

t.test('topics beginning with $, MQTT 3.1.1 §4.7.2 examples', async (t) => {
  t.notOk(topicMatchesFilter('#', '$SYS/broker/clients'), '"#" does not reach $SYS topics [MQTT-4.7.2-1]')
  t.notOk(topicMatchesFilter('+/monitor/Clients', '$SYS/monitor/Clients'))
  t.ok(topicMatchesFilter('$SYS/#', '$SYS/monitor/Clients'))
  t.ok(topicMatchesFilter('$SYS/monitor/+', '$SYS/monitor/Clients'))
  t.ok(topicMatchesFilter('+/$x', 'a/$x'), 'only a leading $ is special')
})

t.test('topic names and filters are case sensitive and may contain spaces (§4.7.3)', async (t) => {
  t.notOk(topicMatchesFilter('ACCOUNTS', 'Accounts'))
  t.ok(topicMatchesFilter('Accounts payable', 'Accounts payable'))
  t.ok(isValidTopicName('/'), 'a single "/" is a valid topic name')
  t.ok(topicMatchesFilter('+/+', '/'))
})

t.test('rejects empty, NUL, wildcard-bearing, unpaired-surrogate and oversized names', async (t) => {
  t.notOk(isValidTopicName(''))
  t.notOk(isValidTopicFilter(''))
  t.notOk(isValidTopicName('a\u0000b'))
  t.notOk(isValidTopicFilter('a\u0000b'))
  t.notOk(isValidTopicName('a/+/b'))
  t.notOk(isValidTopicName('a/#'))
  t.notOk(isValidTopicName('a\ud800'))
  t.ok(isValidTopicName('a/\u{1F600}'), 'a surrogate pair is a valid character')
  t.ok(isValidTopicName('x'.repeat(65_535)))
  t.notOk(isValidTopicName('x'.repeat(65_536)))
  t.notOk(isValidTopicName('é'.repeat(32_768)), 'the limit is in UTF-8 bytes')
  t.notOk(topicMatchesFilter('#', 'a/+'), 'a topic name with a wildcard matches nothing')
})

t.test('a filter is covered only when every topic it matches is matched by the cover', async (t) => {
  const cases: [string, string, boolean][] = [
    ['a/b/c', 'a/b/#', true],
    ['a/b', 'a/b/#', true],
    ['a/b/+', 'a/b/#', true],
    ['a/b/#', 'a/b/#', true],
    ['a/+/c', 'a/b/#', false],
    ['a/#', 'a/b/#', false],
    ['#', 'a/b/#', false],
    ['a', 'a/b/#', false],
    ['a/b/c', 'a/+/c', true],
    ['a/+/c', 'a/+/c', true],
    ['a/#', 'a/+', false],
    ['a/b', 'a/+', true],
    ['a/b/c', 'a/+', false],
    ['x/y', '#', true],
    ['+/y', '#', true],
    ['$SYS/x', '#', false],
    ['$SYS/x', '+/x', false],
    ['$SYS/x', '$SYS/#', true],
    ['a/b#', '#', false],
    ['a/b', 'a/b#', false],
  ]
  for (const [filter, cover, expected] of cases) {
    t.equal(isFilterCoveredBy(filter, cover), expected, `${filter} covered by ${cover}: ${expected}`)
  }
})

t.test('coverage agrees with matching on every topic of a small universe', async (t) => {
  const levels = ['a', 'b', '$s', '']
  const topics: string[] = []
  for (const x of levels) {
    topics.push(x)
    for (const y of levels) {
      topics.push(`${x}/${y}`)
      for (const z of levels) topics.push(`${x}/${y}/${z}`)
    }
  }
  const validTopics = topics.filter(isValidTopicName)
  const filters = ['#', '+', 'a/#', 'a/+', '+/+', 'a/b', '+/b/#', '$s/#', 'a/+/#', '+/+/+', 'a']
  for (const filter of filters) {
    for (const cover of filters) {
      if (!isFilterCoveredBy(filter, cover)) continue
      for (const topic of validTopics) {
        if (topicMatchesFilter(filter, topic) && !topicMatchesFilter(cover, topic)) {
          t.fail(`${filter} claimed covered by ${cover} but ${topic} escapes`)
        }
      }
    }
  }
  t.pass('no covered filter matched a topic its cover does not')
})
