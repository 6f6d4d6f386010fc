/**
 * Child process for the journal durability test: `node journal-crash-child.js DB_PATH PRODUCERS`.
 * Opens the journal, prints "ready", then appends forever from PRODUCERS concurrent producers and
 * prints "durable SEQ ID" for each append only after it resolved. Stdout is a pipe, and pipe
 * writes are synchronous on Linux, so a printed line was printed after the commit. The parent
 * kills it with SIGKILL at a random moment.
 */
import { systemClock } from '../../edge/src/adapters/system-clock.js'
import { openEdgeDatabase } from '../../edge/src/adapters/sqlite/open-edge-database.js'
import { SqliteJournal } from '../../edge/src/adapters/sqlite/sqlite-journal.js'
import { accessEventEntry, alarmEntry } from './journal-entries.js'
import { SilentLogger } from './silent-logger.js'

const [path, producersArgument] = process.argv.slice(2)
if (path === undefined) throw new Error('usage: journal-crash-child DB_PATH [PRODUCERS]')
const journal = new SqliteJournal(openEdgeDatabase({ path }), systemClock, new SilentLogger())
journal.start()
process.stdout.write('ready\n')

async function produce(producer: number): Promise<void> {
  for (let count = 0; ; count++) {
    const entry = (count + producer) % 5 === 0 ? alarmEntry(systemClock.now()) : accessEventEntry(systemClock.now())
    const receipt = await journal.append(entry)
    process.stdout.write(`durable ${receipt.seq} ${receipt.id}\n`)
  }
}

for (let producer = 0; producer < Number(producersArgument ?? 4); producer++) void produce(producer)
