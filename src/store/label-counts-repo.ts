/**
 * Windows per label value of a dataset, counted by SQLite over the windows' label JSON, so a
 * dataset of any size is summed without its rows crossing into JavaScript.
 */
import type Database from 'better-sqlite3'

/** Windows holding one value of one label; `value` null for a label stored as null. */
export interface LabelValueCount {
  readonly label: string
  readonly value: number | string | null
  readonly windows: number
}

/** Every (label, value) pair of the dataset's windows with its number of windows. */
export function labelValueCounts(db: Database.Database, datasetId: number): LabelValueCount[] {
  return db
    .prepare<[number], LabelValueCount>(
      `SELECT j.key AS label, j.value AS value, COUNT(*) AS windows
         FROM windows w, json_each(w.labels_json) j
        WHERE w.dataset_id = ?
        GROUP BY j.key, j.type, j.value
        ORDER BY j.key, j.value`,
    )
    .all(datasetId)
}
