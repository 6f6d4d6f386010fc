import { REASON_TEXTS } from '../../../edge/src/domain/reason-texts.js'
import type { TextSet } from './i18n.js'

/** `reason.QUARANTINED` etc.: the very words the kiosk at the gate shows, so screens agree. */
export const REASON_TEXT_SET: TextSet = {
  zh: Object.fromEntries(Object.entries(REASON_TEXTS).map(([reason, text]) => [`reason.${reason}`, text.zh])),
  en: Object.fromEntries(Object.entries(REASON_TEXTS).map(([reason, text]) => [`reason.${reason}`, text.en])),
}
