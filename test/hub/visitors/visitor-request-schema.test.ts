import t from 'tap'
import { join } from 'node:path'
import { openHubDatabase } from '../../../hub/src/adapters/sqlite/open-hub-database.js'

t.test('schema step 8 keeps an approved request tied to its pass and a pending one undecided', async (t) => {
  const database = openHubDatabase({ path: join(t.testdir(), 'hub.db') })
  t.teardown(() => database.close())
  const { connection } = database
  connection.pragma('foreign_keys = OFF')
  const insert = (status: string, decidedAtMs: number | null, passId: string | null) =>
    connection
      .prepare(
        `INSERT INTO visitor_requests (id, token_hash, gate_edge_id, household_id, matched_by, visitor_name, visitor_phone, purpose,
           expected_at_ms, submitted_at_ms, lapses_at_ms, status, decided_at_ms, pass_credential_id, ends_at_ms)
         VALUES (?, ?, 'e', 'h', 'room', 'n', '13800000000', 'p', 1, 1, 2, ?, ?, ?, 2)`,
      )
      .run(`vrq-${status}-${String(decidedAtMs)}-${String(passId)}`, `${status}${String(decidedAtMs)}${String(passId)}`, status, decidedAtMs, passId)
  t.doesNotThrow(() => insert('pending', null, null))
  t.doesNotThrow(() => insert('approved', 5, 'cred-1'))
  t.doesNotThrow(() => insert('declined', 5, null))
  t.throws(() => insert('approved', 5, null), /CHECK/, 'approved without a pass')
  t.throws(() => insert('declined', 5, 'cred-1'), /CHECK/, 'declined with a pass')
  t.throws(() => insert('pending', 5, null), /CHECK/, 'pending yet decided')
  t.throws(() => insert('lapsed', null, null), /CHECK/, 'lapsed is computed, never stored')
})
