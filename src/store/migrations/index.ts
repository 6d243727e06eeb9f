/**
 * The ordered list of migrations and the runner that applies the missing ones, each in its own
 * transaction, recording them in `schema_migrations`.
 */
import type Database from 'better-sqlite3'
import { InputError } from '../../common/input-error.js'
import { migration001 } from './001-initial.js'
import { migration002 } from './002-window-flags.js'
import { migration003 } from './003-runs.js'
import { migration004 } from './004-pretext-data.js'
import type { Migration } from './migration.js'

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004]

/** Highest schema version this build knows. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((v, m) => Math.max(v, m.version), 0)

/** Current schema version of an opened database (0 for a new one). */
export function schemaVersion(db: Database.Database): number {
  const row = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get()
  return row?.v ?? 0
}

/**
 * Brings the database to LATEST_SCHEMA_VERSION. Refuses a database written by a newer version of
 * the app, because its schema may hold things this build would misread or destroy.
 */
export function migrate(db: Database.Database, file: string): void {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
  const current = schemaVersion(db)
  if (current > LATEST_SCHEMA_VERSION) {
    throw new InputError(
      `The database ${file} has schema version ${current} but this version of ECG SSL Workbench knows only up to ${LATEST_SCHEMA_VERSION}; update the workbench or use another database with --db.`,
      file,
    )
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)')
  for (const m of [...MIGRATIONS].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue
    db.transaction(() => {
      db.exec(m.sql)
      record.run(m.version, m.name, new Date().toISOString())
    }).immediate()
  }
}
