import { h, replaceChildren } from '../shared/dom.js'
import { errorText } from '../shared/error-text.js'
import { formView } from '../shared/form-view.js'
import type { Screen, ScreenContext } from '../shared/screen-module.js'
import { showStaffScreen, type StaffCheckpoint, type StaffDoor } from './staff-checkpoint.js'

/**
 * One-tap reasons (story 4's assisted lane). The gate log gets both languages, so the office
 * reads it whichever language the volunteer uses.
 */
const QUICK_REASONS = [
  { key: 'elderly', log: '老人 elderly' },
  { key: 'wheelchair', log: '轮椅 wheelchair' },
  { key: 'sick', log: '病人 sick' },
  { key: 'pregnant', log: '孕妇 pregnant' },
  { key: 'child', log: '抱小孩 carrying a child' },
] as const

/** The command's reason is at most 120 printable characters (docs/mqtt-contract.md). */
const REASON_MAX_CHARS = 120

/** The assisted lane's door first, then the others in the hub's order. */
function doorsByLane(doors: readonly StaffDoor[]): StaffDoor[] {
  return [...doors].sort((a, b) => Number(b.lane === 'assisted') - Number(a.lane === 'assisted'))
}

/**
 * Opening the assisted lane by hand: pick the door (the assisted one is preselected), tap a
 * reason — or type one — and the gate opens; the gate journals the opening with the volunteer's
 * name and the reason (MANUAL_OVERRIDE), and the answer is shown in words.
 */
function renderAssistedOpen(context: ScreenContext, checkpoint: StaffCheckpoint): HTMLElement {
  const { i18n, api } = context
  const doors = doorsByLane(checkpoint.doors)
  if (doors.length === 0) return h('p', { class: 'notice' }, i18n.t('staff.checkpoint.noDoors'))
  let door = doors[0]!
  const outcome = h('div', { class: 'staff-open-outcome', role: 'status', 'aria-live': 'polite' })
  const doorButtons = doors.map((candidate) =>
    h('button', { type: 'button', class: 'big staff-door', 'data-door': candidate.id, 'aria-pressed': candidate === door ? 'true' : 'false', onclick: () => pickDoor(candidate) }, candidate.name),
  )
  const pickDoor = (picked: StaffDoor) => {
    door = picked
    for (const button of doorButtons) button.setAttribute('aria-pressed', button.dataset.door === picked.id ? 'true' : 'false')
  }

  /** The outcome, good or bad, is shown above the buttons, where the volunteer looks. */
  const open = async (reason: string, shown: string): Promise<void> => {
    const target = door
    replaceChildren(outcome, h('p', { class: 'muted' }, i18n.t('staff.open.opening')))
    for (const button of quick) button.disabled = true
    try {
      await api.post(`/api/doors/${encodeURIComponent(target.id)}/open`, { action: 'UNLOCK', reason })
      replaceChildren(outcome, h('p', { class: 'staff-open-result granted', 'data-opened': target.id }, '✓ ', i18n.t('staff.open.opened', { door: target.name, reason: shown })))
    } catch (error) {
      replaceChildren(outcome, h('p', { class: 'staff-open-result denied form-error', role: 'alert' }, '✗ ', i18n.t('staff.open.failed', { error: errorText(i18n, error) })))
    } finally {
      for (const button of quick) button.disabled = false
    }
  }

  const quick = QUICK_REASONS.map((reason) =>
    h(
      'button',
      { type: 'button', class: 'huge primary staff-reason', 'data-reason': reason.key, onclick: () => void open(reason.log, i18n.t(`staff.open.reason.${reason.key}`)) },
      i18n.t(`staff.open.reason.${reason.key}`),
    ),
  )
  const other = formView(i18n, {
    fields: [{ name: 'reason', label: 'staff.open.reasonField', isRequired: true, maxLength: REASON_MAX_CHARS, hint: 'staff.open.reasonHint' }],
    submitLabel: 'staff.open.submit',
    onSubmit: async (values) => open(String(values.reason), String(values.reason)),
  })
  return h(
    'div',
    { class: 'staff-open' },
    h('h1', {}, i18n.t('staff.open.title')),
    outcome,
    doors.length > 1 ? h('div', { class: 'card' }, h('h2', {}, i18n.t('staff.open.door')), h('div', { class: 'staff-choices' }, doorButtons)) : null,
    h('div', { class: 'card' }, h('h2', {}, i18n.t('staff.open.quick')), h('div', { class: 'staff-reasons' }, quick)),
    h('div', { class: 'card' }, h('h2', {}, i18n.t('staff.open.other')), other.element),
  )
}

export const assistedOpenScreen: Screen = {
  route: '/open',
  render: (context) => showStaffScreen(context, 'staff-open', (checkpoint) => renderAssistedOpen(context, checkpoint)),
}
