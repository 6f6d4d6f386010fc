import t from 'tap'
import { DEFAULT_SCRYPT_PARAMETERS, ScryptPasswordHasher } from '../../../hub/src/adapters/crypto/scrypt-password-hasher.js'
import { TEST_SCRYPT } from './accounts-fixture.js'

t.test('the default parameters hash and verify (32 MiB of scrypt fits the memory limit)', async (t) => {
  const hasher = new ScryptPasswordHasher()
  const hash = await hasher.hash('correct horse battery')
  t.match(hash, /^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/)
  t.same(await hasher.verify('correct horse battery', hash), { isMatch: true, needsRehash: false })
  t.same(await hasher.verify('correct horse batterY', hash), { isMatch: false, needsRehash: false })
  t.equal(DEFAULT_SCRYPT_PARAMETERS.log2N, 15)
})

t.test('the same password hashes differently each time (salted)', async (t) => {
  const hasher = new ScryptPasswordHasher(TEST_SCRYPT)
  const first = await hasher.hash('same password')
  const second = await hasher.hash('same password')
  t.not(first, second)
  t.equal((await hasher.verify('same password', first)).isMatch, true)
  t.equal((await hasher.verify('same password', second)).isMatch, true)
})

t.test('a hash with other parameters verifies and asks to be rehashed', async (t) => {
  const old = await new ScryptPasswordHasher(TEST_SCRYPT).hash('pass phrase here')
  const current = new ScryptPasswordHasher({ ...TEST_SCRYPT, log2N: 11 })
  t.same(await current.verify('pass phrase here', old), { isMatch: true, needsRehash: true })
  t.same(await current.verify('wrong phrase', old), { isMatch: false, needsRehash: false })
})

t.test('a missing or unreadable hash never matches', async (t) => {
  const hasher = new ScryptPasswordHasher(TEST_SCRYPT)
  for (const stored of [null, '', 'plain-text-password', 'scrypt$40$8$1$AAAA$AAAA', 'scrypt$10$8$1$c2FsdA==$a2V5']) {
    t.same(await hasher.verify('plain-text-password', stored), { isMatch: false, needsRehash: false }, String(stored))
  }
})

t.test('passwords are compared after Unicode normalisation, so the same Chinese passphrase typed two ways matches', async (t) => {
  const hasher = new ScryptPasswordHasher(TEST_SCRYPT)
  const composed = 'caf\u00e9 门禁 口令 十个字'
  const decomposed = 'cafe\u0301 门禁 口令 十个字'
  t.equal((await hasher.verify(decomposed, await hasher.hash(composed))).isMatch, true)
})
