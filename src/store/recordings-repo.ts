/**
 * Subjects and recordings tables: typed rows and the statements on them.
 */
import type Database from 'better-sqlite3'

/** A new subject with the statistics of its per-subject z-score (METHOD §2). */
export interface NewSubject {
  readonly datasetId: number
  readonly code: string
  readonly zscoreMean: number
  readonly zscoreSd: number
  readonly zscoreSamples: number
}

/** A new recording (one trial / block of a subject). */
export interface NewRecording {
  readonly datasetId: number
  readonly subjectId: number
  readonly trial: string
  readonly channel: string
  readonly fsOriginal: number
  readonly sampleCount: number
  readonly durationS: number
  readonly labels: object
  readonly sourceFiles: readonly string[]
}

/** Windows per subject of a dataset. */
export interface SubjectCountRow {
  readonly subject: string
  readonly recordings: number
  readonly windows: number
  readonly excluded: number
  readonly flagged: number
}

/** Inserts a subject and returns its id. */
export function insertSubject(db: Database.Database, s: NewSubject): number {
  const info = db
    .prepare('INSERT INTO subjects (dataset_id, code, zscore_mean, zscore_sd, zscore_samples) VALUES (?, ?, ?, ?, ?)')
    .run(s.datasetId, s.code, s.zscoreMean, s.zscoreSd, s.zscoreSamples)
  return Number(info.lastInsertRowid)
}

/** Inserts a recording and returns its id. */
export function insertRecording(db: Database.Database, r: NewRecording): number {
  const info = db
    .prepare(
      `INSERT INTO recordings (dataset_id, subject_id, trial, channel, fs_original, sample_count, duration_s, labels_json, source_files_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(r.datasetId, r.subjectId, r.trial, r.channel, r.fsOriginal, r.sampleCount, r.durationS, JSON.stringify(r.labels), JSON.stringify(r.sourceFiles))
  return Number(info.lastInsertRowid)
}

/** Stores how many windows (and excluded windows) a recording produced. */
export function setRecordingCounts(db: Database.Database, recordingId: number, windows: number, excluded: number): void {
  db.prepare('UPDATE recordings SET window_count = ?, excluded_count = ? WHERE id = ?').run(windows, excluded, recordingId)
}

/** Recordings, windows, excluded and flagged windows per subject, in subject insertion order. */
export function subjectCounts(db: Database.Database, datasetId: number): SubjectCountRow[] {
  return db
    .prepare<[number], SubjectCountRow>(
      `SELECT s.code AS subject, COUNT(r.id) AS recordings,
              COALESCE(SUM(r.window_count), 0) AS windows, COALESCE(SUM(r.excluded_count), 0) AS excluded,
              (SELECT COUNT(*) FROM windows w WHERE w.subject_id = s.id AND w.quality <> 'ok') AS flagged
         FROM subjects s LEFT JOIN recordings r ON r.subject_id = s.id
        WHERE s.dataset_id = ? GROUP BY s.id ORDER BY s.id`,
    )
    .all(datasetId)
}

/** The id of subject `code` in a dataset, or undefined. */
export function findSubjectId(db: Database.Database, datasetId: number, code: string): number | undefined {
  return db.prepare<[number, string], { id: number }>('SELECT id FROM subjects WHERE dataset_id = ? AND code = ?').get(datasetId, code)?.id
}

/** Removes a subject row (used when none of its recordings produced a window). */
export function deleteSubject(db: Database.Database, subjectId: number): void {
  db.prepare('DELETE FROM subjects WHERE id = ?').run(subjectId)
}
