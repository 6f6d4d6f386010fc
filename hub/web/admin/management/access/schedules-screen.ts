import { dataTable } from '../../../shared/data-table.js'
import { h, replaceChildren } from '../../../shared/dom.js'
import type { FormValues } from '../../../shared/form-view.js'
import type { I18n } from '../../../shared/i18n.js'
import type { ScreenContext } from '../../../shared/screen-module.js'
import { showToast } from '../../../shared/toast.js'
import { openFormDialog } from '../shared/form-dialog.js'
import { loadScreen } from '../shared/screen-frame.js'
import type { HolidayView, ScheduleView } from './access-views.js'
import { badWindowLines, windowInWords, windowLines } from './window-words.js'
import { ACCESS_TABS } from './access-tabs.js'
import { sectionTabs } from '../shared/section-tabs.js'
import { openDeleteDialog } from '../shared/delete-dialog.js'

interface Page<T> {
  readonly items: readonly T[]
}

/** Windows as a list in words, the grammar text small beside each (what the gates read). */
export function windowsInWords(i18n: I18n, windows: readonly string[], emptyKey: string): HTMLElement {
  if (windows.length === 0) return h('span', { class: 'muted' }, i18n.t(emptyKey))
  return h('ul', { class: 'windows' }, windows.map((window) => h('li', {}, windowInWords(i18n, window), ' ', h('span', { class: 'window-text' }, window))))
}

function windowProblems(values: FormValues): Record<string, string> | null {
  const problems: Record<string, string> = {}
  for (const field of ['windows', 'holidayWindows']) {
    if (badWindowLines(String(values[field] ?? '')) !== null) problems[field] = 'schedules.badWindow'
  }
  return Object.keys(problems).length === 0 ? null : problems
}

/** Shows, under each windows box, what its lines mean in words as they are typed. */
function previewWindows(i18n: I18n, form: HTMLElement): void {
  for (const field of ['windows', 'holidayWindows']) {
    const input = form.querySelector<HTMLTextAreaElement>(`textarea[name="${field}"]`)
    if (input === null) continue
    const preview = h('div', { class: 'window-preview', 'data-preview': field, 'aria-live': 'polite' })
    const render = () => replaceChildren(preview, windowsInWords(i18n, windowLines(input.value).filter((line) => badWindowLines(line) === null), 'schedules.previewEmpty'))
    input.addEventListener('input', render)
    input.closest('.field')?.appendChild(preview)
    render()
  }
}

function openScheduleDialog(context: ScreenContext, schedule: ScheduleView | null, onSaved: () => void): void {
  const { i18n, api } = context
  const dialog = openFormDialog(i18n, {
    name: schedule === null ? 'new-schedule' : 'edit-schedule',
    title: schedule === null ? 'schedules.new' : 'schedules.edit',
    intro: h('p', { class: 'muted' }, i18n.t('schedules.grammar')),
    fields: [
      { name: 'name', label: 'schedules.name', isRequired: true, maxLength: 64, value: schedule?.name ?? null, placeholder: i18n.t('schedules.name.example') },
      { name: 'windows', label: 'schedules.windows', kind: 'textarea', value: schedule?.windows.join('\n') ?? 'mon-fri 07:00-22:00', hint: 'schedules.windows.hint' },
      { name: 'holidayWindows', label: 'schedules.holidayWindows', kind: 'textarea', value: schedule?.holidayWindows.join('\n') ?? null, hint: 'schedules.holidayWindows.hint' },
    ],
    submitLabel: 'action.save',
    errorFields: { BAD_WINDOW: 'windows', NAME_TAKEN: 'name' },
    check: windowProblems,
    onSubmit: async (values) => {
      const body = { name: values.name, windows: windowLines(String(values.windows ?? '')), holidayWindows: windowLines(String(values.holidayWindows ?? '')) }
      if (schedule === null) await api.post('/api/schedules', body)
      else await api.patch(`/api/schedules/${encodeURIComponent(schedule.id)}`, body)
      showToast(i18n.t('state.saved'))
      onSaved()
    },
  })
  const form = dialog.querySelector('form')
  if (form !== null) previewWindows(i18n, form)
}

/**
 * Schedules (when a rule applies, in the edge's window grammar, shown in words) and the
 * holiday calendar (on a holiday the holiday windows apply instead). Admin changes, staff read.
 */
export async function schedulesScreen(context: ScreenContext): Promise<void> {
  const { i18n, api, account } = context
  const isAdmin = account.role === 'admin'
  const rerender = () => void schedulesScreen(context)
  await loadScreen(
    context,
    'schedules',
    i18n.t('schedules.title'),
    async () => {
      const [schedules, holidays] = await Promise.all([api.get<Page<ScheduleView>>('/api/schedules', { limit: 200 }), api.get<Page<HolidayView>>('/api/holidays', { limit: 200 })])
      return { schedules: schedules.items, holidays: holidays.items }
    },
    ({ schedules, holidays }) => {
      const removeSchedule = (schedule: ScheduleView) =>
        openDeleteDialog(context, { name: 'delete-schedule', title: 'schedules.delete', what: schedule.name, path: `/api/schedules/${encodeURIComponent(schedule.id)}`, onDeleted: rerender })
      const addHoliday = () =>
        openFormDialog(i18n, {
          name: 'new-holiday',
          title: 'schedules.holiday.new',
          fields: [
            { name: 'localDate', label: 'schedules.holiday.date', kind: 'date', isRequired: true },
            { name: 'name', label: 'schedules.holiday.name', isRequired: true, maxLength: 64, placeholder: i18n.t('schedules.holiday.example') },
          ],
          submitLabel: 'action.save',
          errorFields: { BAD_DATE: 'localDate' },
          onSubmit: async (values) => {
            await api.put(`/api/holidays/${encodeURIComponent(String(values.localDate))}`, { name: values.name })
            rerender()
          },
        })
      const removeHoliday = (holiday: HolidayView) =>
        openDeleteDialog(context, { name: 'delete-holiday', title: 'schedules.holiday.delete', what: `${holiday.localDate} ${holiday.name}`, path: `/api/holidays/${encodeURIComponent(holiday.localDate)}`, onDeleted: rerender })
      return [
        sectionTabs(context, ACCESS_TABS),
        isAdmin ? h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'big primary', 'data-action': 'new-schedule', onclick: () => openScheduleDialog(context, null, rerender) }, i18n.t('schedules.new'))) : null,
        dataTable(i18n, {
          columns: [
            { label: 'schedules.name', cell: (schedule) => schedule.name },
            { label: 'schedules.windows', cell: (schedule) => windowsInWords(i18n, schedule.windows, 'schedules.neverOpen') },
            { label: 'schedules.holidayWindows', cell: (schedule) => windowsInWords(i18n, schedule.holidayWindows, 'schedules.closedOnHolidays') },
            {
              label: 'management.actions',
              cell: (schedule) =>
                isAdmin
                  ? [
                      h('button', { type: 'button', 'data-action': 'edit-schedule', onclick: () => openScheduleDialog(context, schedule, rerender) }, i18n.t('action.edit')),
                      h('button', { type: 'button', class: 'quiet', onclick: () => removeSchedule(schedule) }, i18n.t('action.delete')),
                    ]
                  : null,
            },
          ],
          rows: schedules,
          rowKey: (schedule) => schedule.id,
        }),
        h('h2', {}, i18n.t('schedules.holidays')),
        isAdmin ? h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'big', 'data-action': 'new-holiday', onclick: addHoliday }, i18n.t('schedules.holiday.new'))) : null,
        dataTable(i18n, {
          columns: [
            { label: 'schedules.holiday.date', cell: (holiday) => holiday.localDate },
            { label: 'schedules.holiday.name', cell: (holiday) => holiday.name },
            { label: 'management.actions', cell: (holiday) => (isAdmin ? h('button', { type: 'button', class: 'quiet', onclick: () => removeHoliday(holiday) }, i18n.t('action.delete')) : null) },
          ],
          rows: holidays,
          rowKey: (holiday) => holiday.localDate,
        }),
      ]
    },
  )
}
