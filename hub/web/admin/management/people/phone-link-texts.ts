import type { TextSet } from '../../../shared/i18n.js'

/** The person page's phone enrolment panel. */
export const PHONE_LINK_TEXTS: TextSet = {
  zh: {
    'people.phoneLink.title': '手机绑定',
    'people.phoneLink.intro': '生成一次性链接，让居民用自己的手机扫码绑定（链接只能用一次，24 小时内有效）。',
    'people.phoneLink.issue': '生成手机绑定二维码',
    'people.phoneLink.expires': '有效期至 {time}，只能使用一次',
  },
  en: {
    'people.phoneLink.title': 'Phone',
    'people.phoneLink.intro': 'Make a one-time link for the resident to scan with their own phone (it works once, within 24 hours).',
    'people.phoneLink.issue': 'Make a phone enrolment QR code',
    'people.phoneLink.expires': 'Valid until {time}, once',
  },
}
