/**
 * The datasets table and its provenance (import_sources): typed rows and the statements on them.
 */
import type Database from 'better-sqlite3'

/** A datasets row as stored. JSON columns stay strings here; services parse them. */
export interface DatasetRow {
  readonly id: number
  readonly name: string
  readonly kind: string
  readonly created_at: string
  readonly source_path: string
  readonly fs: number
  readonly window_samples: number
  readonly overlap_percent: number
  readonly preprocessing_json: string
  readonly label_names_json: string
  readonly label_scales_json: string
  readonly label_ranges_json: string
  readonly notes_json: string
  readonly skipped_json: string
  readonly options_json: string
  readonly app_version: string
  readonly content_hash: string
  readonly subject_count: number
  readonly recording_count: number
  readonly window_count: number
  readonly excluded_count: number
  readonly duration_s: number
}

/** What an import knows before it processes any recording. */
export interface NewDataset {
  readonly name: string
  readonly kind: string
  readonly createdAt: string
  readonly sourcePath: string
  readonly fs: number
  readonly windowSamples: number
  readonly overlapPercent: number
  readonly preprocessing: object
  readonly labelNames: readonly string[]
  readonly labelScales: object
  readonly notes: readonly string[]
  readonly options: object
  readonly appVersion: string
  readonly contentHash: string
}

/** Totals written when an import finishes. */
export interface DatasetTotals {
  readonly subjects: number
  readonly recordings: number
  readonly windows: number
  readonly excluded: number
  readonly durationS: number
  readonly labelRanges: object
  readonly skipped: readonly object[]
  readonly notes: readonly string[]
}

/** A provenance row: one source file with its size and sha256. */
export interface SourceRow {
  readonly path: string
  readonly bytes: number
  readonly sha256: string
}

/** Inserts a dataset row and returns its id. */
export function insertDataset(db: Database.Database, d: NewDataset): number {
  const info = db
    .prepare(
      `INSERT INTO datasets (name, kind, created_at, source_path, fs, window_samples, overlap_percent,
        preprocessing_json, label_names_json, label_scales_json, notes_json, options_json, app_version, content_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      d.name, d.kind, d.createdAt, d.sourcePath, d.fs, d.windowSamples, d.overlapPercent,
      JSON.stringify(d.preprocessing), JSON.stringify(d.labelNames), JSON.stringify(d.labelScales),
      JSON.stringify(d.notes), JSON.stringify(d.options), d.appVersion, d.contentHash,
    )
  return Number(info.lastInsertRowid)
}

/** Writes the final counts, ranges, skips and notes of an import. */
export function finishDataset(db: Database.Database, id: number, t: DatasetTotals): void {
  db.prepare(
    `UPDATE datasets SET subject_count = ?, recording_count = ?, window_count = ?, excluded_count = ?,
       duration_s = ?, label_ranges_json = ?, skipped_json = ?, notes_json = ? WHERE id = ?`,
  ).run(t.subjects, t.recordings, t.windows, t.excluded, t.durationS, JSON.stringify(t.labelRanges),
    JSON.stringify(t.skipped), JSON.stringify(t.notes), id)
}

/** The dataset called `name`, or undefined. */
export function findDatasetByName(db: Database.Database, name: string): DatasetRow | undefined {
  return db.prepare<[string], DatasetRow>('SELECT * FROM datasets WHERE name = ?').get(name)
}

/** Datasets imported with the same content hash (same files, same parameters). */
export function findDatasetsByContentHash(db: Database.Database, hash: string): DatasetRow[] {
  return db.prepare<[string], DatasetRow>('SELECT * FROM datasets WHERE content_hash = ? ORDER BY name').all(hash)
}

/** All datasets, by name. */
export function listDatasetRows(db: Database.Database): DatasetRow[] {
  return db.prepare<[], DatasetRow>('SELECT * FROM datasets ORDER BY name').all()
}

/** Deletes a dataset; everything it owns goes with it (ON DELETE CASCADE). True when it existed. */
export function deleteDatasetById(db: Database.Database, id: number): boolean {
  return db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0
}

/** Records one source file of an import. */
export function insertSource(db: Database.Database, datasetId: number, s: SourceRow): void {
  db.prepare('INSERT INTO import_sources (dataset_id, path, bytes, sha256) VALUES (?, ?, ?, ?)').run(datasetId, s.path, s.bytes, s.sha256)
}

/** A dataset's source files, by path. */
export function listSources(db: Database.Database, datasetId: number): SourceRow[] {
  return db.prepare<[number], SourceRow>('SELECT path, bytes, sha256 FROM import_sources WHERE dataset_id = ? ORDER BY path').all(datasetId)
}
