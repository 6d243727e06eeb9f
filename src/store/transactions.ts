/**
 * Transactions a service spans over awaits, and a shorter lock wait for one call. better-sqlite3's
 * db.transaction() runs a synchronous function only; an import reads files between its writes, so
 * it opens and ends its one transaction with these (all or nothing, issue 2).
 */
import type Database from 'better-sqlite3'

/** Opens a write transaction now (BEGIN IMMEDIATE), so a competing writer fails here, not later. */
export function beginImmediate(db: Database.Database): void {
  db.exec('BEGIN IMMEDIATE')
}

/** Commits the open transaction. */
export function commit(db: Database.Database): void {
  db.exec('COMMIT')
}

/** Rolls back the open transaction, if SQLite has not already ended it. */
export function rollbackIfOpen(db: Database.Database): void {
  if (db.inTransaction) db.exec('ROLLBACK')
}

/** Runs `fn` with the connection's wait for another process's write lock set to `ms`, then restores it. */
export function withBusyTimeout<T>(db: Database.Database, ms: number, fn: () => T): T {
  const previous = db.pragma('busy_timeout', { simple: true }) as number
  db.pragma(`busy_timeout = ${ms}`)
  try {
    return fn()
  } finally {
    db.pragma(`busy_timeout = ${previous}`)
  }
}
