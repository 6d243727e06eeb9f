/**
 * Reads for window review: one window by its dataset index (with its row and recording ids), a
 * dataset's recordings, and a recording's windows in time order for the overview.
 */
import type Database from 'better-sqlite3'
import { META_COLUMNS, type WindowMetaRow } from './windows-repo.js'

/** A window's metadata with the ids review needs to flag it and to find its recording. */
export interface WindowRefRow extends WindowMetaRow {
  readonly recording_id: number
}

/** Window `idx` of a dataset, or undefined when there is none. */
export function findWindowByIndex(db: Database.Database, datasetId: number, idx: number): WindowRefRow | undefined {
  return db
    .prepare<[number, number], WindowRefRow>(
      `SELECT ${META_COLUMNS}, w.recording_id FROM windows w JOIN subjects s ON s.id = w.subject_id WHERE w.dataset_id = ? AND w.idx = ?`,
    )
    .get(datasetId, idx)
}

/** One recording with what review shows of it. */
export interface RecordingListRow {
  readonly id: number
  readonly subject: string
  readonly trial: string
  readonly channel: string
  readonly duration_s: number
  readonly window_count: number
  readonly excluded_count: number
  readonly first_idx: number | null
}

/** The recordings of a dataset in the order of their first window. */
export function listRecordingRows(db: Database.Database, datasetId: number): RecordingListRow[] {
  return db
    .prepare<[number], RecordingListRow>(
      `SELECT r.id, s.code AS subject, r.trial, r.channel, r.duration_s, r.window_count, r.excluded_count,
              (SELECT MIN(w.idx) FROM windows w WHERE w.recording_id = r.id) AS first_idx
         FROM recordings r JOIN subjects s ON s.id = r.subject_id
        WHERE r.dataset_id = ? ORDER BY first_idx IS NULL, first_idx, r.id`,
    )
    .all(datasetId)
}

/** Whether recording `recordingId` belongs to the dataset. */
export function recordingInDataset(db: Database.Database, datasetId: number, recordingId: number): boolean {
  return db.prepare<[number, number], { id: number }>('SELECT id FROM recordings WHERE id = ? AND dataset_id = ?').get(recordingId, datasetId) !== undefined
}

/** Start (s) and samples of one stored window. */
export interface TimedSamplesRow {
  readonly start_s: number
  readonly samples: Buffer
}

/**
 * The windows of a recording that overlap [fromS, toS) (`windowS` is the window length in
 * seconds), in time order, with their samples as stored. Iterated so that an hour-long recording
 * is never held twice in memory.
 */
export function iterateRecordingWindows(db: Database.Database, recordingId: number, fromS: number, toS: number, windowS: number): IterableIterator<TimedSamplesRow> {
  return db
    .prepare<[number, number, number], TimedSamplesRow>(
      'SELECT start_s, samples FROM windows WHERE recording_id = ? AND start_s < ? AND start_s > ? ORDER BY start_s, idx',
    )
    .iterate(recordingId, toS, fromS - windowS)
}

/** Seconds from the recording start to the end of its last window (0 without windows). */
export function recordingWindowsEndS(db: Database.Database, recordingId: number, windowS: number): number {
  const row = db.prepare<[number], { s: number | null }>('SELECT MAX(start_s) AS s FROM windows WHERE recording_id = ?').get(recordingId)
  return row?.s === null || row?.s === undefined ? 0 : row.s + windowS
}
