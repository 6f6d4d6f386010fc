import type { TextSet } from '../shared/i18n.js'

/** The staff app's own texts (zh and en side by side). */
export const STAFF_TEXTS: TextSet = {
  zh: {
    'staff.title': '卡点值守',
  },
  en: {
    'staff.title': 'Checkpoint',
  },
}
