import { h, replaceChildren } from '../shared/dom.js'
import { errorText } from '../shared/error-text.js'
import { formatCelsius, formatTime } from '../shared/format.js'
import { formView } from '../shared/form-view.js'
import type { ScreenContext } from '../shared/screen-module.js'
import { showToast } from '../shared/toast.js'
import type { StaffSite } from './staff-checkpoint.js'
import type { PendingStaffCheck } from './staff-check-watch.js'

/** docs/mqtt-contract.md "Staff acts": the contact reading is 30–45 °C, one decimal. */
const CONTACT_RANGE = { min: 30, max: 45 } as const

/** Gate staff always say why they act; the kiosk notes the reading and the outcome itself. */
const CHECK_REASON = '手持体温计复测 contact thermometer check'

type CheckAction = 'CONFIRM_FEVER' | 'CLEAR_FEVER'

/**
 * Confirm or clear a suspected fever with the contact thermometer, in two steps a volunteer
 * cannot get wrong: type the reading; then the one button that fits it (at or above the site's
 * threshold: confirm, below: clear), with what it will do in words. The gate decides again with
 * the reading and journals it with the volunteer's name; what it answers is shown in words.
 */
export function feverCheckPanel(context: ScreenContext, check: PendingStaffCheck, site: StaffSite | null, onSettled: () => void): HTMLElement {
  const { i18n } = context
  const body = h('div', {})
  const door = check.doorName ?? check.doorId
  const time = formatTime(i18n, Date.parse(check.raisedAt))
  const intro =
    check.kioskReading === null ? i18n.t('staff.fever.introNoReading', { door, time }) : i18n.t('staff.fever.intro', { door, time, reading: check.kioskReading })
  const panel = h('section', { class: 'card staff-fever', role: 'alert', 'data-staff-check': check.alarmId, 'data-door': check.doorId }, h('h2', {}, i18n.t('staff.fever.title')), h('p', {}, intro), body)

  const askReading = (typed: number | null) => {
    const form = formView(i18n, {
      fields: [
        {
          name: 'contactCelsius',
          label: 'staff.fever.reading',
          kind: 'number',
          isRequired: true,
          min: CONTACT_RANGE.min,
          max: CONTACT_RANGE.max,
          hint: 'staff.fever.readingHint',
          value: typed,
        },
      ],
      submitLabel: 'staff.fever.next',
      onSubmit: async (values) => chooseAction(Math.round(Number(values.contactCelsius) * 10) / 10),
    })
    replaceChildren(body, form.element)
  }

  const chooseAction = (celsius: number) => {
    const threshold = site?.feverThresholdCelsius ?? null
    const reading = formatCelsius(celsius)
    const isFever = threshold !== null && celsius >= threshold
    const verdict =
      threshold === null
        ? i18n.t('staff.fever.noThreshold', { reading })
        : i18n.t(isFever ? 'staff.fever.isFever' : 'staff.fever.isNormal', { reading, threshold: formatCelsius(threshold) })
    const actions: CheckAction[] = threshold === null ? ['CONFIRM_FEVER', 'CLEAR_FEVER'] : [isFever ? 'CONFIRM_FEVER' : 'CLEAR_FEVER']
    const message = h('p', { class: 'form-error', role: 'alert', hidden: true })
    const buttons = actions.map((action) =>
      h(
        'button',
        { type: 'button', class: action === 'CONFIRM_FEVER' ? 'huge danger' : 'huge ok', 'data-action': action === 'CONFIRM_FEVER' ? 'confirm-fever' : 'clear-fever', onclick: () => void send(action, celsius, buttons, message) },
        i18n.t(action === 'CONFIRM_FEVER' ? 'staff.fever.confirm' : 'staff.fever.clear'),
      ),
    )
    replaceChildren(
      body,
      h('p', { class: isFever ? 'staff-check-verdict fever' : 'staff-check-verdict' }, verdict),
      buttons,
      message,
      h('button', { type: 'button', class: 'big quiet', 'data-action': 'again', onclick: () => askReading(celsius) }, i18n.t('staff.fever.again')),
    )
  }

  const send = async (action: CheckAction, celsius: number, buttons: readonly HTMLButtonElement[], message: HTMLElement) => {
    for (const button of buttons) button.disabled = true
    message.hidden = true
    try {
      await context.api.post(`/api/doors/${encodeURIComponent(check.doorId)}/open`, { action, contactCelsius: celsius, reason: CHECK_REASON })
    } catch (error) {
      message.textContent = errorText(i18n, error)
      message.hidden = false
      for (const button of buttons) button.disabled = false
      return
    }
    const done = i18n.t(action === 'CONFIRM_FEVER' ? 'staff.fever.confirmed' : 'staff.fever.cleared')
    replaceChildren(body, h('p', { class: action === 'CONFIRM_FEVER' ? 'staff-check-done denied' : 'staff-check-done granted', role: 'status' }, done))
    showToast(done)
    onSettled()
  }

  askReading(null)
  return panel
}
