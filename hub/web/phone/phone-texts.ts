import type { TextSet } from '../shared/i18n.js'

/** The phone app's own texts (zh and en side by side). */
export const PHONE_TEXTS: TextSet = {
  zh: {
    'phone.title': '居民',
  },
  en: {
    'phone.title': 'Resident',
  },
}
