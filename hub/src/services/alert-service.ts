import type { AccessEvent } from '../../../protocol/mqtt/messages/access-event.js'
import type { Alarm } from '../../../protocol/mqtt/messages/alarm.js'
import type { EdgeStatus } from '../../../protocol/mqtt/messages/edge-status.js'
import type { AlertIntent } from '../domain/ledger/alert-intent.js'
import { alertsFromAlarm, alertsFromEvent, credentialKeyOf, DEFAULT_REPEATED_DENIAL_RULE, type RepeatedDenialRule } from '../domain/ledger/alerts-from-reports.js'
import { alertsFromStatus, DEFAULT_BACKLOG_GROWTH_RULE, type BacklogGrowthRule, type PreviousStatus } from '../domain/ledger/alerts-from-status.js'
import type { AlertChange, AlertStore } from '../ports/alert-store.js'
import type { LedgerStore } from '../ports/ledger-store.js'

export interface AlertRules {
  readonly repeatedDenials: RepeatedDenialRule
  readonly backlogGrowth: BacklogGrowthRule
}

export const DEFAULT_ALERT_RULES: AlertRules = {
  repeatedDenials: DEFAULT_REPEATED_DENIAL_RULE,
  backlogGrowth: DEFAULT_BACKLOG_GROWTH_RULE,
}

/**
 * Derives alerts from what ingest stores and applies them to the alert store. Called by the
 * dispatcher inside the transaction that stores the event, alarm or status, so an alert and its
 * cause are committed together; the returned changes go to the live feed after the commit.
 */
export class AlertService {
  readonly #store: AlertStore
  readonly #ledger: LedgerStore
  readonly #rules: AlertRules

  constructor(store: AlertStore, ledger: LedgerStore, rules: AlertRules = DEFAULT_ALERT_RULES) {
    this.#store = store
    this.#ledger = ledger
    this.#rules = rules
  }

  /** For a newly stored event (never for a duplicate). */
  onEvent(event: AccessEvent, occurredAtMs: number): AlertChange[] {
    const rule = this.#rules.repeatedDenials
    const denials = event.decision.granted
      ? 0
      : this.#ledger.countDenials(event.edgeId, credentialKeyOf(event), occurredAtMs - rule.windowMs, occurredAtMs)
    return this.#apply(alertsFromEvent(event, occurredAtMs, denials, rule))
  }

  onAlarm(alarm: Alarm, atMs: number): AlertChange[] {
    return this.#apply(alertsFromAlarm(alarm, atMs))
  }

  /** Returns the changes and the backlog-rise count to keep with the status. */
  onStatus(status: EdgeStatus, atMs: number, previous: PreviousStatus | null): { changes: AlertChange[]; backlogRises: number } {
    const { intents, backlogRises } = alertsFromStatus(
      {
        status,
        atMs,
        previous,
        openOfflineDevices: this.#store.openOfflineDevices(status.edgeId),
        missingEntries: this.#ledger.missingEntries(status.edgeId),
      },
      this.#rules.backlogGrowth,
    )
    return { changes: this.#apply(intents), backlogRises }
  }

  #apply(intents: readonly AlertIntent[]): AlertChange[] {
    return intents.map((intent) => this.#store.apply(intent)).filter((change): change is AlertChange => change !== null)
  }
}
