/**
 * The statements of a dataset rename: the dataset row itself and the runs that name it (their
 * config, dataset hashes, pretext data and stored fold results). The service decides what the
 * new JSON is and runs these in one transaction.
 */
import type Database from 'better-sqlite3'

/** The parts of a run that name datasets. */
export interface RunReferenceRow {
  readonly id: number
  readonly state: string
  readonly config_json: string
  readonly dataset_hashes_json: string
  readonly pretext_models_json: string
}

/** A stored fold result of a run. */
export interface FoldRow {
  readonly unit_key: string
  readonly result_json: string
}

/** Sets a dataset's name (its windows, recordings and subjects refer to it by id). */
export function setDatasetName(db: Database.Database, datasetId: number, name: string): void {
  db.prepare('UPDATE datasets SET name = ? WHERE id = ?').run(name, datasetId)
}

/** Every run's dataset references. */
export function listRunReferences(db: Database.Database): RunReferenceRow[] {
  return db.prepare<[], RunReferenceRow>('SELECT id, state, config_json, dataset_hashes_json, pretext_models_json FROM runs ORDER BY id').all()
}

/** Writes a run's rewritten references. */
export function updateRunReferences(db: Database.Database, runId: number, refs: Omit<RunReferenceRow, 'id' | 'state'>): void {
  db.prepare('UPDATE runs SET config_json = ?, dataset_hashes_json = ?, pretext_models_json = ? WHERE id = ?')
    .run(refs.config_json, refs.dataset_hashes_json, refs.pretext_models_json, runId)
}

/** A run's stored fold results. */
export function listFoldRows(db: Database.Database, runId: number): FoldRow[] {
  return db.prepare<[number], FoldRow>('SELECT unit_key, result_json FROM run_folds WHERE run_id = ? ORDER BY rowid').all(runId)
}

/** Re-keys one fold result (its key names the dataset) and stores its rewritten JSON. */
export function rekeyFold(db: Database.Database, runId: number, oldKey: string, row: FoldRow): void {
  db.prepare('UPDATE run_folds SET unit_key = ?, result_json = ? WHERE run_id = ? AND unit_key = ?').run(row.unit_key, row.result_json, runId, oldKey)
}
