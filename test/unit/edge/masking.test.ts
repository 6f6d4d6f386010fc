import t from 'tap'
import { maskCredentialKey, maskTail } from '../../../edge/src/domain/masking.js'

t.test('credential keys keep at most their last four characters, and PINs nothing', async (t) => {
  t.equal(maskCredentialKey('card:h10301:212:7041'), '***7041')
  t.equal(maskCredentialKey('card:wiegand-34-uid:2312379265'), '******9265')
  t.equal(maskCredentialKey('pin:482913'), '****')
  t.equal(maskCredentialKey('pass:SZ2020001234'), '********1234')
  t.equal(maskTail('13800138000'), '*******8000')
  t.equal(maskTail('12'), '**', 'very short values show nothing')
})
