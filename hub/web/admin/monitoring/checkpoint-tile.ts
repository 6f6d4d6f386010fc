import { h } from '../../shared/dom.js'
import { formatDateTime, formatTime } from '../../shared/format.js'
import type { I18n } from '../../shared/i18n.js'
import { outcomeBadge, personLabel } from './event-labels.js'
import type { Checkpoint, CheckpointDoor, DayCounts, DeviceView } from './ledger-types.js'

/** Open alerts that describe a door's state (held open, forced), by door id. */
export type DoorAlertKinds = ReadonlyMap<string, readonly string[]>

function figures(i18n: I18n, counts: DayCounts, className: string): HTMLElement {
  const figure = (key: string, value: number, extra: string) => h('div', { class: `figure ${extra}`, 'data-figure': key }, h('span', { class: 'figure-value' }, String(value)), h('span', { class: 'figure-label' }, i18n.t(`mon.today.${key}`)))
  return h('div', { class: className }, figure('passes', counts.passes, ''), figure('denials', counts.denials, counts.denials > 0 ? 'warn' : ''), figure('fevers', counts.fevers, counts.fevers > 0 ? 'bad' : ''))
}

function stateBadge(i18n: I18n, checkpoint: Checkpoint): HTMLElement {
  const tone = checkpoint.state === 'online' ? 'ok' : 'bad'
  return h('span', { class: `badge ${tone} state-badge`, 'data-state-badge': checkpoint.state }, i18n.t(`mon.state.${checkpoint.state}`))
}

function deviceBadge(i18n: I18n, device: DeviceView): HTMLElement {
  const tone = device.state === 'ok' ? 'ok' : device.state === 'degraded' || device.state === 'unknown' ? 'warn' : 'bad'
  const kind = i18n.has(`mon.device.${device.kind}`) ? i18n.t(`mon.device.${device.kind}`) : device.kind
  const state = i18n.has(`mon.deviceState.${device.state}`) ? i18n.t(`mon.deviceState.${device.state}`) : device.state
  return h('span', { class: `badge ${tone}`, 'data-device': device.id, title: device.detail ?? device.id }, i18n.t('mon.device.health', { kind, state }))
}

function policyText(i18n: I18n, checkpoint: Checkpoint): string {
  const { appliedVersion, latestVersion, lag } = checkpoint.policy
  if (appliedVersion === null) return i18n.t('mon.policy.none')
  if (lag === null || latestVersion === null) return i18n.t('mon.policy.version', { version: appliedVersion })
  return lag === 0 ? i18n.t('mon.policy.current', { version: appliedVersion }) : i18n.t('mon.policy.behind', { version: appliedVersion, lag })
}

function doorRow(i18n: I18n, door: CheckpointDoor, alertKinds: readonly string[]): HTMLElement {
  const last = door.lastEvent
  const lane = door.lane === null ? null : h('span', { class: 'muted' }, i18n.t(`mon.lane.${door.lane}`))
  return h(
    'li',
    { class: 'tile-door', 'data-door': door.id },
    h('div', { class: 'door-head' }, h('strong', {}, door.name), lane, alertKinds.map((kind) => h('span', { class: 'badge bad', 'data-door-alert': kind }, i18n.t(`mon.alert.${kind}`)))),
    h('div', { class: 'door-counts muted' }, i18n.t('mon.door.counts', { passes: door.today.passes, denials: door.today.denials, fevers: door.today.fevers })),
    last === null
      ? h('div', { class: 'muted door-last' }, i18n.t('mon.door.noEvents'))
      : h('div', { class: 'door-last', 'data-last-event': last.id }, `${i18n.t('mon.door.last')} ${formatTime(i18n, Date.parse(last.occurredAt))} ${personLabel(i18n, last)} `, outcomeBadge(i18n, last)),
  )
}

/** Policy, backlog, devices and doors: open on a desktop, a tap away on a phone. */
function tileDetails(i18n: I18n, checkpoint: Checkpoint, doorAlerts: DoorAlertKinds): HTMLElement {
  const backlog = checkpoint.journalBacklog
  return h(
    'details',
    { class: 'tile-more', open: isWideScreen() },
    h('summary', {}, i18n.t('mon.tile.details')),
    h(
      'dl',
      { class: 'tile-facts' },
      h('dt', {}, i18n.t('mon.tile.policy')),
      h('dd', { 'data-policy': checkpoint.policy.appliedVersion ?? '' }, policyText(i18n, checkpoint)),
      h('dt', {}, i18n.t('mon.tile.backlog')),
      h('dd', { 'data-backlog': backlog ?? '' }, backlog === null ? '—' : backlog === 0 ? i18n.t('mon.tile.backlogNone') : i18n.t('mon.tile.backlogCount', { count: backlog })),
      h('dt', {}, i18n.t('mon.tile.devices')),
      h('dd', { class: 'tile-devices' }, checkpoint.devices.length === 0 ? '—' : checkpoint.devices.map((device) => deviceBadge(i18n, device))),
    ),
    h('ul', { class: 'tile-doors' }, checkpoint.doors.map((door) => doorRow(i18n, door, doorAlerts.get(door.id) ?? []))),
  )
}

/** Devices not OK and doors held open or forced, always in sight (even with the details closed). */
function tileTrouble(i18n: I18n, checkpoint: Checkpoint, doorAlerts: DoorAlertKinds): HTMLElement | null {
  const devices = checkpoint.devices.filter((device) => device.state !== 'ok')
  const doors = checkpoint.doors.flatMap((door) => (doorAlerts.get(door.id) ?? []).map((kind) => i18n.t('mon.door.trouble', { door: door.name, alert: i18n.t(`mon.alert.${kind}`) })))
  if (devices.length === 0 && doors.length === 0) return null
  return h('p', { class: 'tile-trouble' }, devices.map((device) => deviceBadge(i18n, device)), doors.map((text) => h('span', { class: 'badge bad' }, text)))
}

/**
 * One gate or building door at a glance: online or not, today's passes, denials and fevers,
 * what is wrong right now, then the policy it decides with, the journal backlog, each device's
 * health, and each door with its state and last event. Offline is red, in words as well as colour.
 */
export function checkpointTile(i18n: I18n, checkpoint: Checkpoint, doorAlerts: DoorAlertKinds): HTMLElement {
  const openAlerts = checkpoint.openAlerts > 0 ? h('span', { class: 'badge warn', 'data-open-alerts': checkpoint.openAlerts }, i18n.t('mon.tile.openAlerts', { count: checkpoint.openAlerts })) : null
  const seen = checkpoint.lastSeenAt === null ? i18n.t('mon.tile.neverSeen') : i18n.t('mon.tile.lastSeen', { at: formatDateTime(i18n, Date.parse(checkpoint.lastSeenAt)) })
  return h(
    'article',
    { class: `checkpoint-tile ${checkpoint.state}`, 'data-checkpoint': checkpoint.edgeId, 'data-state': checkpoint.state },
    h('header', { class: 'tile-head' }, h('h3', {}, checkpoint.name), stateBadge(i18n, checkpoint), openAlerts),
    h('p', { class: 'muted tile-seen' }, seen),
    figures(i18n, checkpoint.today, 'tile-figures'),
    tileTrouble(i18n, checkpoint, doorAlerts),
    tileDetails(i18n, checkpoint, doorAlerts),
  )
}

/** On a desktop the secretary sees every door at once; on a phone a tile opens on a tap. */
function isWideScreen(): boolean {
  return window.matchMedia('(min-width: 701px)').matches
}
