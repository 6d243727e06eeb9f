/**
 * Opening the workbench's SQLite database: folders, pragmas, migrations.
 *
 * Pragmas (docs/ARCHITECTURE.md "Store"): WAL so readers never block the importer; foreign keys on so
 * deleting a dataset cascades to everything it owns; a busy timeout so a second process waits for
 * a writer instead of failing at once; synchronous=FULL because the commits this connection makes
 * (a whole import, a delete) must survive a power cut once reported as done.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { InputError } from '../common/input-error.js'
import { migrate } from './migrations/index.js'

/** An open workbench database. */
export interface Store {
  readonly db: Database.Database
  /** The database file ( ':memory:' for an in-memory store). */
  readonly path: string
  close(): void
}

/** Milliseconds a connection waits for another process's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 10_000

/**
 * Opens (creating when missing, with its folders) and migrates the database at `file`.
 * `busyTimeoutMs` (default BUSY_TIMEOUT_MS) is how long a write waits for another process's lock.
 * Throws InputError when the file is not a workbench database or was written by a newer app.
 */
export function openStore(file: string, options: { readonly busyTimeoutMs?: number } = {}): Store {
  const busyTimeoutMs = options.busyTimeoutMs ?? BUSY_TIMEOUT_MS
  const memory = file === ':memory:'
  const resolved = memory ? file : path.resolve(file)
  let db: Database.Database
  try {
    if (!memory) {
      if (fs.existsSync(resolved) && fs.statSync(resolved).isDirectory()) {
        throw new InputError(`The database path ${resolved} is a folder; pass a file name with --db (e.g. ${path.join(resolved, 'workbench.sqlite')}).`, resolved)
      }
      fs.mkdirSync(path.dirname(resolved), { recursive: true })
    }
    db = new Database(resolved, { timeout: busyTimeoutMs })
  } catch (err) {
    if (err instanceof InputError) throw err
    throw new InputError(`Cannot open the database ${resolved} (${errorText(err)}); check the path and its permissions or pass another --db.`, resolved)
  }
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`)
    if (!memory) db.pragma('journal_mode = WAL')
    db.pragma('foreign_keys = ON')
    db.pragma('synchronous = FULL')
    migrate(db, resolved)
  } catch (err) {
    db.close()
    if (err instanceof InputError) throw err
    throw new InputError(`The file ${resolved} is not a usable workbench database (${errorText(err)}); pass another file with --db.`, resolved)
  }
  return {
    db,
    path: resolved,
    close: () => {
      if (db.open) db.close()
    },
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
