import t from 'tap'
import { chaosTally, countKey, maskedCard } from '../../../bench/chaos-tally.js'

const counts = (entries: Record<string, number>) => new Map(Object.entries(entries))

t.test('a read missing from the ledger is lost; a row beyond the reads is a duplicate, key by key', async (t) => {
  const tally = chaosTally({
    delivered: counts({ [countKey('bld-1-door', maskedCard(10_001))]: 2, [countKey('bld-2-door', maskedCard(10_002))]: 1 }),
    ledgerRows: counts({ [countKey('bld-1-door', maskedCard(10_001))]: 1, [countKey('bld-2-door', maskedCard(10_002))]: 2 }),
    lockPulses: new Map(),
    grantedRows: new Map(),
  })
  t.match(tally, { presented: 3, lost: 1, duplicates: 1, unintendedRelayPulses: 0 })
  t.same(tally.mismatches, ['bld-1-door|****0001 2→1', 'bld-2-door|****0002 1→2'], 'says where')
})

t.test('every read in the ledger once: nothing lost, nothing doubled', async (t) => {
  const same = counts({ 'bld-3-door|****0042': 3 })
  t.match(chaosTally({ delivered: same, ledgerRows: same, lockPulses: new Map(), grantedRows: new Map() }), { presented: 3, lost: 0, duplicates: 0, mismatches: [] })
})

t.test('lock openings beyond the granted rows of that door are unintended; fewer are not', async (t) => {
  const tally = chaosTally({
    delivered: new Map(),
    ledgerRows: new Map(),
    lockPulses: counts({ 'gate-residents': 3, 'bld-1-door': 1, 'bld-2-door': 2 }),
    grantedRows: counts({ 'gate-residents': 3, 'bld-1-door': 2 }),
  })
  t.equal(tally.unintendedRelayPulses, 2, 'building 2 opened twice with no grant')
})

t.test('the ledger masks a card to its last four digits', async (t) => {
  t.equal(maskedCard(10_042), '****0042')
  t.equal(maskedCard(7), '****0007')
})
