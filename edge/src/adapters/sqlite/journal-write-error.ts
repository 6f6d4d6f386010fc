import { JournalError } from '../../ports/journal.js'

/** Turns what SQLite threw during a journal write into the coded error the caller branches on. */
export function journalWriteError(error: unknown): JournalError {
  if (error instanceof JournalError) return error
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'UNKNOWN'
  if (code === 'SQLITE_FULL') {
    return new JournalError('JOURNAL_FULL', 'the journal cannot grow: the disk or its page limit is full', { cause: error })
  }
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return new JournalError('JOURNAL_DUPLICATE_ID', 'an entry with this id is already in the journal', { cause: error })
  }
  return new JournalError('JOURNAL_WRITE_FAILED', `the journal write failed (${code})`, { cause: error })
}
