import type { PolicyAccess } from '../../../../protocol/policy/policy-access.js'
import type { PolicyCredential } from '../../../../protocol/policy/policy-credential.js'
import type { PolicyPerson } from '../../../../protocol/policy/policy-person.js'
import type { PolicyPhoneKey } from '../../../../protocol/policy/policy-phone-key.js'
import type { AntiPassbackState } from '../../domain/policy-view.js'
import { POLICY_TABLE_SPECS, columnList } from './policy-table-specs.js'

const NONE: readonly never[] = []
const PHONE_PREFIX = 'phone:'

const CREDENTIAL = POLICY_TABLE_SPECS.credential
const PERSON = POLICY_TABLE_SPECS.person
const PHONE_KEY = POLICY_TABLE_SPECS['phone-key']
const PERSON_AT = CREDENTIAL.columns.length
const PHONE_KEY_AT = PERSON_AT + PERSON.columns.length
const ACCESS_AT = PHONE_KEY_AT + PHONE_KEY.columns.length
const ANTI_PASSBACK_AT = ACCESS_AT + 1

/**
 * One statement for a credential and what decideAccess asks about its holder next: the person,
 * the phone key the credential names (a phone credential's own key, or the key an entry pass is
 * bound to), every access row of the person and their anti-passback state in every group. Each
 * part is one index search inside SQLite; one call from JavaScript instead of four or five is
 * what keeps a decision within a few bare lookups. The access rows come in index order (door,
 * then rowid), so the rows of one door keep their snapshot order.
 */
export const CREDENTIAL_WITH_HOLDER_SQL = `
  SELECT ${columnList(CREDENTIAL, 'c')}, ${columnList(PERSON, 'p')}, ${columnList(PHONE_KEY, 'k')},
    (SELECT json_group_array(json_array(${columnList(POLICY_TABLE_SPECS.access, 'a')}))
       FROM policy_access AS a WHERE a.person_id = c.person_id),
    (SELECT json_group_array(json_array(s.group_id, s.direction, s.at_ms, s.door_id))
       FROM anti_passback_state AS s WHERE s.person_id = c.person_id)
  FROM policy_credential AS c
  LEFT JOIN policy_person AS p ON p.id = c.person_id
  LEFT JOIN policy_phone_key AS k ON k.id =
    CASE WHEN c.kind = 'phone' AND substr(c.lookup_key, 1, 6) = '${PHONE_PREFIX}' THEN substr(c.lookup_key, 7) ELSE c.bound_phone_key_id END
  WHERE c.lookup_key = ?`

/*
 * The rows of the decision path, mapped by hand in POLICY_TABLE_SPECS column order: an object
 * literal is several times cheaper than rowOf's loop of keyed stores, and a decision maps up to
 * four rows. The round-trip tests compare both with the snapshot's rows.
 */
function credentialOf(v: readonly unknown[]): PolicyCredential {
  return {
    id: v[0] as string,
    personId: v[1] as string,
    kind: v[2] as PolicyCredential['kind'],
    lookupKey: v[3] as string,
    status: v[4] as PolicyCredential['status'],
    validFromMs: v[5] as number | null,
    validUntilMs: v[6] as number | null,
    boundPhoneKeyId: v[7] as string | null,
    hostPersonId: v[8] as string | null,
    hostBuildingId: v[9] as string | null,
  }
}

function personOf(v: readonly unknown[], at: number): PolicyPerson {
  return {
    id: v[at] as string,
    displayName: v[at + 1] as string,
    role: v[at + 2] as PolicyPerson['role'],
    householdId: v[at + 3] as string | null,
    buildingId: v[at + 4] as string | null,
    photoId: v[at + 5] as string | null,
  }
}

function phoneKeyOf(v: readonly unknown[], at: number): PolicyPhoneKey {
  return {
    id: v[at] as string,
    personId: v[at + 1] as string,
    publicKey: v[at + 2] as string,
    passCredentialId: v[at + 3] as string | null,
    status: v[at + 4] as PolicyPhoneKey['status'],
  }
}

function accessOf(v: readonly unknown[]): PolicyAccess {
  return { id: v[0] as string, personId: v[1] as string, doorId: v[2] as string, scheduleId: v[3] as string | null, isLockdownExempt: v[4] === 1 }
}

/** The phone key decideAccess will ask for first, as the statement joins it. */
function prefetchedPhoneKeyId(credential: PolicyCredential): string | null {
  if (credential.kind === 'phone' && credential.lookupKey.startsWith(PHONE_PREFIX)) return credential.lookupKey.slice(PHONE_PREFIX.length)
  return credential.boundPhoneKeyId
}

/**
 * The holder of the credential looked up last, as one row of CREDENTIAL_WITH_HOLDER_SQL read it.
 * Valid until the next write: the view drops it at every commit and every recorded passage.
 */
export class CredentialHolder {
  readonly personId: string
  readonly person: PolicyPerson | null
  readonly #phoneKeyId: string | null
  readonly #phoneKey: PolicyPhoneKey | null
  readonly #accessJson: string
  readonly #antiPassbackJson: string
  #access: readonly PolicyAccess[] | undefined
  #antiPassback: ReadonlyMap<string, AntiPassbackState> | undefined

  constructor(
    personId: string,
    person: PolicyPerson | null,
    phoneKeyId: string | null,
    phoneKey: PolicyPhoneKey | null,
    accessJson: string,
    antiPassbackJson: string,
  ) {
    this.personId = personId
    this.person = person
    this.#phoneKeyId = phoneKeyId
    this.#phoneKey = phoneKey
    this.#accessJson = accessJson
    this.#antiPassbackJson = antiPassbackJson
  }

  /** The credential and its holder from one row of CREDENTIAL_WITH_HOLDER_SQL. */
  static read(values: readonly unknown[]): { credential: PolicyCredential; holder: CredentialHolder } {
    const credential = credentialOf(values)
    const person = values[PERSON_AT] === null ? null : personOf(values, PERSON_AT)
    const phoneKey = values[PHONE_KEY_AT] === null ? null : phoneKeyOf(values, PHONE_KEY_AT)
    const holder = new CredentialHolder(
      credential.personId,
      person,
      prefetchedPhoneKeyId(credential),
      phoneKey,
      values[ACCESS_AT] as string,
      values[ANTI_PASSBACK_AT] as string,
    )
    return { credential, holder }
  }

  /** The holder's access rows for one door, in snapshot order. */
  accessFor(doorId: string): readonly PolicyAccess[] {
    this.#access ??= this.#accessJson === '[]' ? NONE : (JSON.parse(this.#accessJson) as unknown[][]).map(accessOf)
    const rows = this.#access.filter((row) => row.doorId === doorId)
    return rows.length === 0 ? NONE : rows
  }

  antiPassbackState(groupId: string): AntiPassbackState | null {
    if (this.#antiPassback === undefined) {
      const rows = this.#antiPassbackJson === '[]' ? [] : (JSON.parse(this.#antiPassbackJson) as [string, AntiPassbackState['direction'], number, string][])
      this.#antiPassback = new Map(rows.map(([group, direction, atMs, doorId]) => [group, { direction, atMs, doorId }]))
    }
    return this.#antiPassback.get(groupId) ?? null
  }

  /** The phone key with this id if the statement fetched it (null: it does not exist), undefined otherwise. */
  phoneKey(keyId: string): PolicyPhoneKey | null | undefined {
    return keyId === this.#phoneKeyId ? this.#phoneKey : undefined
  }
}
