import t from 'tap'
import { readFileSync } from 'node:fs'
import { renderMosquittoAcl } from '../../../hub/src/domain/broker/mosquitto-acl.js'

t.test('docs/external-broker.md shows the ACL the code renders for the default base topic', async (t) => {
  const doc = readFileSync(new URL('../../../docs/external-broker.md', import.meta.url), 'utf8')
  const block = /<!-- generated:start renderMosquittoAcl\('gatehouse'\) -->\n```conf\n([\s\S]*?)```\n<!-- generated:end -->/.exec(doc)
  t.ok(block, 'the generated block is there')
  t.equal(block?.[1], renderMosquittoAcl('gatehouse'))
})

t.test('the ACL follows the base topic and refuses a base that is not one', async (t) => {
  t.match(renderMosquittoAcl('city/community-7'), /^pattern read city\/community-7\/edge\/%u\/command$/m)
  t.throws(() => renderMosquittoAcl('$SYS'), { code: 'BAD_TOPIC_SEGMENT' })
})
