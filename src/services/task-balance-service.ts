/**
 * The classes a task would have on a dataset, counted over its trainable windows with the same
 * function training uses (training/labels.ts), so the experiment form shows the class balance of
 * exactly what a run would learn before it starts (issue 9 §3).
 */
import type { TaskBalance, TaskBalanceRequest } from '../contracts/run-api.js'
import { InputError } from '../common/input-error.js'
import type { LabelValue } from '../formats/types.js'
import { findDatasetByName } from '../store/datasets-repo.js'
import type { Store } from '../store/store.js'
import { trainableWindowLabels } from '../store/windows-repo.js'
import { taskLabels } from '../training/labels.js'

/** The class balance of `request.label` on `request.dataset` under `request.binarisation`. */
export function taskBalance(store: Store, request: TaskBalanceRequest): TaskBalance {
  const row = findDatasetByName(store.db, request.dataset)
  if (row === undefined) throw new InputError(`There is no dataset named "${request.dataset}".`)
  const windows = trainableWindowLabels(store.db, row.id).map((w) => ({ subject: w.subject, labels: JSON.parse(w.labels_json) as Record<string, LabelValue> }))
  const scales = JSON.parse(row.label_scales_json) as Record<string, { min: number; max: number }>
  const ranges = JSON.parse(row.label_ranges_json) as Record<string, { min: number; max: number }>
  const t = taskLabels(windows, request.label, request.binarisation, { ...ranges, ...scales }[request.label])
  const counts = new Array<number>(t.classes.length).fill(0)
  for (const c of t.y) if (c >= 0) counts[c]!++
  return { classes: t.classes.map((name, i) => ({ name, windows: counts[i]! })), missing: t.missing, description: t.description }
}
