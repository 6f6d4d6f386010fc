import type { Migration } from '../../../../edge/src/adapters/sqlite/run-migrations.js'
import { accountsAndAuditUp } from './migrations/m001-accounts-and-audit.js'
import { peopleAndPlacesUp } from './migrations/m002-people-and-places.js'
import { accessModelUp } from './migrations/m003-access-model.js'
import { edgeCredentialsAndEnrollmentUp } from './migrations/m004-edge-credentials-and-enrollment.js'
import { policyVersionsUp } from './migrations/m005-policy-versions.js'
import { ledgerAndAlertsUp } from './migrations/m006-ledger-and-alerts.js'
import { remoteCommandsUp } from './migrations/m007-remote-commands.js'
import { visitorRequestsUp } from './migrations/m008-visitor-requests.js'
import { phoneEnrolmentUp } from './migrations/m009-phone-enrolment.js'

/** The hub database's schema, step by step. Append new steps; never edit a released one. */
export const HUB_MIGRATIONS: readonly Migration[] = [
  { version: 1, description: 'accounts and the audit log', up: accountsAndAuditUp },
  { version: 2, description: 'people and places: sites, buildings, units, households, grids, residents', up: peopleAndPlacesUp },
  { version: 3, description: 'access model: edges, doors, rules, schedules, credentials, observation, lockdowns', up: accessModelUp },
  { version: 4, description: 'edge credentials and enrollment tokens', up: edgeCredentialsAndEnrollmentUp },
  { version: 5, description: 'policy versions per edge', up: policyVersionsUp },
  { version: 6, description: 'ledger of events, alarms, alerts and edge status', up: ledgerAndAlertsUp },
  { version: 7, description: 'remote commands', up: remoteCommandsUp },
  { version: 8, description: 'visitor requests from the gate poster', up: visitorRequestsUp },
  { version: 9, description: 'phone enrolment links, phone sessions and signed-request nonces', up: phoneEnrolmentUp },
]
