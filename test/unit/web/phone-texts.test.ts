import t from 'tap'
import { PHONE_TEXTS } from '../../../hub/web/phone/phone-texts.js'

t.test('every phone app text exists in Chinese and in English, and none is empty', async (t) => {
  const zh = Object.keys(PHONE_TEXTS.zh).sort()
  const en = Object.keys(PHONE_TEXTS.en).sort()
  t.same(zh, en)
  t.ok(zh.length > 40)
  for (const key of zh) {
    t.not(PHONE_TEXTS.zh[key]!.trim(), '', `zh ${key}`)
    t.not(PHONE_TEXTS.en[key]!.trim(), '', `en ${key}`)
    const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort()
    t.same(params(PHONE_TEXTS.zh[key]!), params(PHONE_TEXTS.en[key]!), `${key} takes the same parameters in both languages`)
  }
})
