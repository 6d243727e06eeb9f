/**
 * The windows table: inserting windows as an import produces them, paging their metadata, and
 * streaming them (with samples) for an export.
 */
import type Database from 'better-sqlite3'
import type { WindowFlag, WindowFlagFilter, WindowQuality } from '../contracts/datasets.js'
import { blobToFloat32, float32ToBlob } from './float32-blob.js'
import { TRAINABLE_WINDOW_CONDITION } from './window-flags-repo.js'

export type WindowQualityValue = WindowQuality

/** One window to insert. */
export interface NewWindow {
  readonly recordingId: number
  readonly subjectId: number
  readonly trial: string
  readonly startS: number
  /** Labels as JSON text (the recording's labels, shared by all its windows). */
  readonly labelsJson: string
  readonly quality: WindowQualityValue
  readonly excluded: boolean
  readonly samples: Float32Array
}

/** A windows row without its samples. */
export interface WindowMetaRow {
  readonly id: number
  readonly idx: number
  readonly subject: string
  readonly trial: string
  readonly start_s: number
  readonly labels_json: string
  readonly quality: WindowQualityValue
  readonly excluded: number
  /** The annotator's flag (schema version 2), NULL while not reviewed. */
  readonly flag: WindowFlag | null
}

/** A window's metadata with its samples decoded. */
export interface WindowWithSamples extends WindowMetaRow {
  readonly samples: Float32Array
}

/**
 * Inserts the windows of one dataset with one prepared statement, numbering them 0, 1, 2, … in
 * insertion order (the `idx` column, which is their row in an export).
 */
export class WindowWriter {
  private readonly stmt: Database.Statement
  private nextIdx = 0

  constructor(db: Database.Database, private readonly datasetId: number) {
    this.stmt = db.prepare(
      `INSERT INTO windows (dataset_id, recording_id, subject_id, trial, idx, start_s, labels_json, quality, excluded, samples)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
  }

  /** Number of windows written so far. */
  get count(): number {
    return this.nextIdx
  }

  /** Inserts one window; returns its dataset-wide index. */
  insert(w: NewWindow): number {
    const idx = this.nextIdx
    this.stmt.run(this.datasetId, w.recordingId, w.subjectId, w.trial, idx, w.startS, w.labelsJson, w.quality, w.excluded ? 1 : 0, float32ToBlob(w.samples))
    this.nextIdx++
    return idx
  }
}

/** The columns of WindowMetaRow, on windows `w` joined with subjects `s`. */
export const META_COLUMNS = `w.id, w.idx, s.code AS subject, w.trial, w.start_s, w.labels_json, w.quality, w.excluded, w.flag`

/** Number of windows of a dataset, or of one of its subjects. */
export function countWindows(db: Database.Database, datasetId: number, subjectId?: number): number {
  const row = subjectId === undefined
    ? db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM windows WHERE dataset_id = ?').get(datasetId)
    : db.prepare<[number], { n: number }>('SELECT COUNT(*) AS n FROM windows WHERE subject_id = ?').get(subjectId)
  return row?.n ?? 0
}

/**
 * One page of window metadata in index order. Without a subject the page is found by index range
 * (no OFFSET scan), since indices are 0..n-1 without gaps.
 */
export function pageWindowRows(db: Database.Database, datasetId: number, offset: number, limit: number, subjectId?: number): WindowMetaRow[] {
  if (subjectId === undefined) {
    return db
      .prepare<[number, number, number], WindowMetaRow>(
        `SELECT ${META_COLUMNS} FROM windows w JOIN subjects s ON s.id = w.subject_id
          WHERE w.dataset_id = ? AND w.idx >= ? ORDER BY w.idx LIMIT ?`,
      )
      .all(datasetId, offset, limit)
  }
  return db
    .prepare<[number, number, number], WindowMetaRow>(
      `SELECT ${META_COLUMNS} FROM windows w JOIN subjects s ON s.id = w.subject_id
        WHERE w.subject_id = ? ORDER BY w.idx LIMIT ? OFFSET ?`,
    )
    .all(subjectId, limit, offset)
}

/** Conditions on a dataset's windows (window review filters); all given ones must hold. */
export interface WindowFilter {
  readonly subjectId?: number
  readonly trial?: string
  /** Windows whose labels have this key with a non-null value, or with labelValue when given. */
  readonly labelKey?: string
  readonly labelValue?: number | string
  /** A flag, or 'unreviewed' for windows without one. */
  readonly flag?: WindowFlagFilter
  /** Only windows with a larger index. */
  readonly afterIndex?: number
}

function filterSql(datasetId: number, f: WindowFilter): { where: string; params: unknown[] } {
  const parts = ['w.dataset_id = ?']
  const params: unknown[] = [datasetId]
  if (f.subjectId !== undefined) {
    parts.push('w.subject_id = ?')
    params.push(f.subjectId)
  }
  if (f.trial !== undefined) {
    parts.push('w.trial = ?')
    params.push(f.trial)
  }
  if (f.labelKey !== undefined) {
    // json_each compares the key as plain text, so any label name works (a JSON path would need
    // quoting rules for dots, quotes and brackets); a JSON null is SQL NULL, i.e. no label.
    if (f.labelValue === undefined) {
      parts.push('EXISTS (SELECT 1 FROM json_each(w.labels_json) j WHERE j.key = ? AND j.value IS NOT NULL)')
      params.push(f.labelKey)
    } else {
      parts.push('EXISTS (SELECT 1 FROM json_each(w.labels_json) j WHERE j.key = ? AND j.value = ?)')
      params.push(f.labelKey, f.labelValue)
    }
  }
  if (f.afterIndex !== undefined) {
    parts.push('w.idx > ?')
    params.push(f.afterIndex)
  }
  if (f.flag === 'unreviewed') parts.push('w.flag IS NULL')
  else if (f.flag !== undefined) {
    parts.push('w.flag = ?')
    params.push(f.flag)
  }
  return { where: parts.join(' AND '), params }
}

/** Number of a dataset's windows matching `filter`. */
export function countFilteredWindows(db: Database.Database, datasetId: number, filter: WindowFilter): number {
  const { where, params } = filterSql(datasetId, filter)
  return db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM windows w WHERE ${where}`).get(...params)?.n ?? 0
}

/** One page (in index order) of a dataset's windows matching `filter`. */
export function pageFilteredWindowRows(db: Database.Database, datasetId: number, filter: WindowFilter, offset: number, limit: number): WindowMetaRow[] {
  const { where, params } = filterSql(datasetId, filter)
  return db
    .prepare<unknown[], WindowMetaRow>(`SELECT ${META_COLUMNS} FROM windows w JOIN subjects s ON s.id = w.subject_id WHERE ${where} ORDER BY w.idx LIMIT ? OFFSET ?`)
    .all(...params, limit, offset)
}

/** A window found by time: its dataset index and how many filtered windows come before it. */
export interface WindowPlaceRow {
  readonly idx: number
  readonly position: number
}

/**
 * The window of recording `recordingId` matching `filter` whose span [start, start + windowS]
 * holds `timeS`, or else the one nearest to it; of several that hold it (overlapping windows), the
 * one centred closest. With its position in the filtered list (index order, as pageFilteredWindowRows
 * pages it). Undefined when no window of the recording matches.
 */
export function findFilteredWindowAt(db: Database.Database, datasetId: number, filter: WindowFilter, recordingId: number, timeS: number, windowS: number): WindowPlaceRow | undefined {
  const { where, params } = filterSql(datasetId, filter)
  const found = db
    .prepare<unknown[], { idx: number }>(
      `SELECT w.idx FROM windows w WHERE ${where} AND w.recording_id = ?
        ORDER BY MAX(0, w.start_s - ?, ? - (w.start_s + ?)), ABS(w.start_s + ? - ?), w.idx LIMIT 1`,
    )
    .get(...params, recordingId, timeS, timeS, windowS, windowS / 2, timeS)
  if (found === undefined) return undefined
  const before = db.prepare<unknown[], { n: number }>(`SELECT COUNT(*) AS n FROM windows w WHERE ${where} AND w.idx < ?`).get(...params, found.idx)
  return { idx: found.idx, position: before?.n ?? 0 }
}

/**
 * Windows `fromIdx` … `fromIdx + limit - 1` of a dataset with their samples decoded. Exports read
 * in such batches rather than through an open iterator, so other statements may run in between.
 */
export function readWindowBatch(db: Database.Database, datasetId: number, fromIdx: number, limit: number): WindowWithSamples[] {
  return db
    .prepare<[number, number, number], WindowMetaRow & { samples: Buffer }>(
      `SELECT ${META_COLUMNS}, w.samples FROM windows w JOIN subjects s ON s.id = w.subject_id
        WHERE w.dataset_id = ? AND w.idx >= ? ORDER BY w.idx LIMIT ?`,
    )
    .all(datasetId, fromIdx, limit)
    .map((row) => ({ ...row, samples: blobToFloat32(row.samples) }))
}

/** The samples of window `idx` of a dataset (a fresh copy), or undefined when there is none. */
export function readWindowSamples(db: Database.Database, datasetId: number, idx: number): Float32Array | undefined {
  const row = db.prepare<[number, number], { samples: Buffer }>('SELECT samples FROM windows WHERE dataset_id = ? AND idx = ?').get(datasetId, idx)
  return row === undefined ? undefined : blobToFloat32(row.samples)
}

/** Subject and labels (JSON) of every trainable window of a dataset, in store order: enough to plan a task. */
export function trainableWindowLabels(db: Database.Database, datasetId: number): { subject: string; labels_json: string }[] {
  return db
    .prepare<[number], { subject: string; labels_json: string }>(
      `SELECT s.code AS subject, w.labels_json FROM windows w JOIN subjects s ON s.id = w.subject_id WHERE w.dataset_id = ? AND ${TRAINABLE_WINDOW_CONDITION} ORDER BY w.idx`,
    )
    .all(datasetId)
}
