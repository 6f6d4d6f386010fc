import type { TextSet } from '../shared/i18n.js'

/** The admin console's own texts (each screen adds its keys here, zh and en side by side). */
export const ADMIN_TEXTS: TextSet = {
  zh: {
    'admin.title': '社区管理后台',
    'nav.dashboard': '卡点总览',
  },
  en: {
    'admin.title': 'Community admin',
    'nav.dashboard': 'Checkpoints',
  },
}
