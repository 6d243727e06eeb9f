/**
 * SQLite failures a user can act on (a locked, full, read-only or vanished database) turned into
 * one InputError sentence; anything else is left as it is (a bug to report).
 */
import Database from 'better-sqlite3'
import { InputError } from '../common/input-error.js'
import { term } from '../common/wording.js'

/** Returns an InputError for actionable SQLite errors, else `err` unchanged. */
export function storeErrorToInputError(err: unknown, file: string): unknown {
  if (!(err instanceof Database.SqliteError)) return err
  const code = err.code
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new InputError(`The database ${file} is busy with another import or delete (in this or another window); wait for it to finish and try again.`, file)
  }
  if (code === 'SQLITE_FULL') return new InputError(`The disk holding the database ${file} is full; free some space and try again.`, file)
  if (code === 'SQLITE_READONLY' || code.startsWith('SQLITE_READONLY_')) {
    return new InputError(`The database ${file} is read-only; check its permissions${term('or-other-db')}.`, file)
  }
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN') {
    return new InputError(`Reading or writing the database ${file} failed (${code}); check the disk and its permissions${term('or-other-db')}.`, file)
  }
  return err
}
