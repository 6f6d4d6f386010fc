import type { Caller } from '../../../domain/caller.js'
import { appendAudit, auditActorOf } from '../../sqlite/append-audit.js'
import type { PeopleRouteDeps } from './people-route-deps.js'

/** Handed to the work of one change: its instant, its audit rows, and whether it touches access. */
export interface PeopleChange {
  readonly nowMs: number
  /** An audit row in the same transaction. Never a full phone or ID number in `detail`. */
  audit(action: string, subject: { readonly kind: string; readonly id: string | null }, detail?: Readonly<Record<string, unknown>>): void
  /** The change can alter a door's decision: the policy distributor is told once it is committed. */
  affectsAccess(why: string): void
}

/**
 * Runs `work` in one IMMEDIATE transaction with its audit rows; a thrown error (a HubHttpError
 * refusal included) rolls everything back. After the commit, the policy change listener hears
 * each distinct reason the work gave.
 */
export function commitPeopleChange<T>(deps: PeopleRouteDeps, caller: Caller, work: (change: PeopleChange) => T): T {
  const { connection } = deps.repositories
  const nowMs = deps.clock.now()
  const actor = auditActorOf(caller)
  const reasons = new Set<string>()
  const change: PeopleChange = {
    nowMs,
    audit: (action, subject, detail = {}) =>
      appendAudit(connection, { actor, action, subjectKind: subject.kind, subjectId: subject.id, detail, atMs: nowMs }),
    affectsAccess: (why) => void reasons.add(why),
  }
  const value = connection.transaction(() => work(change)).immediate()
  for (const why of reasons) deps.policyChanges.modelChanged(why)
  return value
}
