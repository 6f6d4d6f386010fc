import type { TextSet } from '../shared/i18n.js'

/** The admin console's own texts (the app's title; each area brings its own texts in its ScreenModule). */
export const ADMIN_TEXTS: TextSet = {
  zh: {
    'admin.title': '社区管理后台',
  },
  en: {
    'admin.title': 'Community admin',
  },
}
