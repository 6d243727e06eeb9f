/**
 * Annotator flags on windows (schema version 2): setting or clearing a window's flag with its
 * history event, reading the history, and the SQL condition training uses to skip flagged windows.
 */
import type Database from 'better-sqlite3'
import type { WindowFlag } from '../contracts/datasets.js'

/** The verdicts an annotator can give a window (contracts/datasets.ts). NULL in the store means "not reviewed". */
export type WindowFlagValue = WindowFlag

/**
 * SQL condition on a windows row aliased `w` that holds for windows training may use: not excluded
 * by the import's quality check, and either not reviewed or reviewed as good. Noisy, artifact and
 * unusable windows are left out (issue 4 "Window review").
 */
export const TRAINABLE_WINDOW_CONDITION = `w.excluded = 0 AND (w.flag IS NULL OR w.flag = 'good')`

/** One row of a window's flag history. */
export interface FlagEventRow {
  readonly id: number
  readonly flag: WindowFlagValue | null
  readonly annotator: string
  readonly at: string
}

/**
 * Sets (or clears, with null) the flag of the window with row id `windowId` and records who did it
 * and when, in one transaction so the history never disagrees with the current flag.
 */
export function setWindowFlag(db: Database.Database, windowId: number, flag: WindowFlagValue | null, annotator: string, at: string): void {
  db.transaction(() => {
    db.prepare('UPDATE windows SET flag = ? WHERE id = ?').run(flag, windowId)
    db.prepare('INSERT INTO window_flag_events (window_id, flag, annotator, at) VALUES (?, ?, ?, ?)').run(windowId, flag, annotator, at)
  }).immediate()
}

/** The flag history of one window, oldest first. */
export function windowFlagHistory(db: Database.Database, windowId: number): FlagEventRow[] {
  return db
    .prepare<[number], FlagEventRow>('SELECT id, flag, annotator, at FROM window_flag_events WHERE window_id = ? ORDER BY id')
    .all(windowId)
}
