import type { I18n } from '../shared/i18n.js'

/** One person under observation, as GET /api/temperature-reports/observation-status lists them. */
export interface ObservedPerson {
  readonly personId: string
  readonly personName: string
  readonly observationEndsAtMs: number
  readonly daysLeft: number
  readonly hasMorningReport: boolean
  readonly hasEveningReport: boolean
  readonly isOverdue: boolean
}

export type ReportSlot = 'morning' | 'evening'

const NOON_MS = 12 * 60 * 60_000
const REMINDED_KEY = 'gatehouse.reminded'

/**
 * Which report is due now (hub/src/domain/people/twice-daily-report.ts: morning is the site's
 * local 00:00–12:00, evening 12:00–24:00), or null when this half-day's report is in.
 */
export function reportSlotDue(person: ObservedPerson, dayStartMs: number, nowMs: number): ReportSlot | null {
  if (nowMs < dayStartMs + NOON_MS) return person.hasMorningReport ? null : 'morning'
  return person.hasEveningReport ? null : 'evening'
}

/** A system notification once per half-day when a report is due and the resident allowed them. */
export function remindIfDue(i18n: I18n, slot: ReportSlot): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return
  const halfDay = `${new Date().toDateString()} ${slot}`
  if (localStorage.getItem(REMINDED_KEY) === halfDay) return
  localStorage.setItem(REMINDED_KEY, halfDay)
  const slotText = i18n.t(`phone.health.${slot}`)
  const options = { body: i18n.t('phone.health.reminderBody', { slot: slotText }), tag: 'temperature-report', icon: '/assets/hub/web/shared/gatehouse-icon.svg' }
  const title = i18n.t('phone.health.reminderTitle')
  // A service worker's notification survives the page; without one, the page's own.
  void navigator.serviceWorker?.getRegistration('/app/').then((registration) => {
    if (registration === undefined) new Notification(title, options)
    else void registration.showNotification(title, options)
  })
}
