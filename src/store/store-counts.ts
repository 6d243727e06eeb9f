/**
 * What `ecg-ssl doctor` tells about a store file, read without changing it: the schema version
 * and how many datasets, windows and runs it holds. Opened read-only (a missing file is not
 * created, no migration runs), so an older or newer store can be inspected as it is.
 */
import Database from 'better-sqlite3'

/** The counts of a store; null where its table does not exist (yet). */
export interface StoreCounts {
  readonly schemaVersion: number
  readonly datasets: number | null
  readonly windows: number | null
  readonly runs: number | null
}

/** Reads the counts of the store file at `file`; throws better-sqlite3's error when it cannot. */
export function readStoreCounts(file: string): StoreCounts {
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 2000 })
  try {
    const has = (table: string): boolean => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined
    const count = (sql: string): number => db.prepare<[], { n: number | null }>(sql).get()?.n ?? 0
    return {
      schemaVersion: has('schema_migrations') ? count('SELECT MAX(version) AS n FROM schema_migrations') : 0,
      datasets: has('datasets') ? count('SELECT COUNT(*) AS n FROM datasets') : null,
      windows: has('datasets') ? count('SELECT SUM(window_count) AS n FROM datasets') : null,
      runs: has('runs') ? count('SELECT COUNT(*) AS n FROM runs') : null,
    }
  } finally {
    db.close()
  }
}
