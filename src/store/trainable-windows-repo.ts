/**
 * The windows an experiment may train on, read for services/experiment-data.ts: every window the
 * import kept and no annotator flagged as bad (TRAINABLE_WINDOW_CONDITION), with its subject.
 */
import type Database from 'better-sqlite3'
import { TRAINABLE_WINDOW_CONDITION } from './window-flags-repo.js'

/** A trainable window's id and the code of its subject. */
export interface TrainableWindowRow {
  id: number
  subject: string
}

/** What training reads of one window: its samples (null when not asked for), subject and labels. */
export interface TrainingWindowRow {
  samples: Buffer | null
  subject: string
  labels_json: string
}

/** The trainable windows of a dataset, in store (import) order. */
export function listTrainableWindows(db: Database.Database, datasetId: number): TrainableWindowRow[] {
  return db
    .prepare<[number], TrainableWindowRow>(`SELECT w.id, s.code AS subject FROM windows w JOIN subjects s ON s.id = w.subject_id WHERE w.dataset_id = ? AND ${TRAINABLE_WINDOW_CONDITION} ORDER BY w.idx`)
    .all(datasetId)
}

/** A reader of windows by id, prepared once; with `withSamples` false the samples are not read. */
export function trainingWindowReader(db: Database.Database, withSamples: boolean): (id: number) => TrainingWindowRow | undefined {
  const read = db.prepare<[number], TrainingWindowRow>(
    `SELECT ${withSamples ? 'w.samples' : 'NULL AS samples'}, s.code AS subject, w.labels_json FROM windows w JOIN subjects s ON s.id = w.subject_id WHERE w.id = ?`,
  )
  return (id) => read.get(id)
}
