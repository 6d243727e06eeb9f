/**
 * Reads the windows an experiment trains on from the store: every window the import kept and no
 * annotator flagged as bad (TRAINABLE_WINDOW_CONDITION), optionally capped per dataset with the
 * cap spread evenly over subjects, into one contiguous matrix per dataset.
 */
import type Database from 'better-sqlite3'
import type { ExperimentConfig } from '../contracts/runs.js'
import { InputError } from '../common/input-error.js'
import type { LabelValue } from '../formats/types.js'
import { findDatasetByName, listDatasetRows } from '../store/datasets-repo.js'
import { blobToFloat32 } from '../store/float32-blob.js'
import { listTrainableWindows, trainingWindowReader, type TrainableWindowRow } from '../store/trainable-windows-repo.js'
import type { ExperimentDataset } from '../training/experiment-plan.js'
import { Purpose, SplitRandom } from '../common/random.js'

/**
 * Ids of the windows to use: all trainable ones, or with `cap` > 0 an even share per subject
 * (leftover shares go to subjects with more windows), chosen by a seeded draw, in store order.
 */
export function chooseWindowIds(rows: readonly TrainableWindowRow[], cap: number, seed: number): number[] {
  if (cap <= 0 || rows.length <= cap) return rows.map((r) => r.id)
  const bySubject = new Map<string, number[]>()
  for (const r of rows) {
    const list = bySubject.get(r.subject)
    if (list === undefined) bySubject.set(r.subject, [r.id])
    else list.push(r.id)
  }
  const subjects = [...bySubject.entries()].sort((a, b) => a[1].length - b[1].length)
  let left = cap
  const chosen: number[] = []
  const rng = new SplitRandom()
  subjects.forEach(([, ids], i) => {
    const share = Math.min(ids.length, Math.floor(left / (subjects.length - i)))
    left -= share
    rng.reseed(seed, ids[0]!, ids.length, Purpose.split)
    const pick = rng.choice(ids.length, share)
    for (const k of pick) chosen.push(ids[k]!)
  })
  return chosen.sort((a, b) => a - b)
}

/**
 * Loads the datasets of `config` in config order, with the content hash of each (the one place a
 * run's dataset hashes are read: for its record at creation and for the resume check); unknown
 * names fail with one sentence. With `samples: false` only the windows' subjects and labels are
 * read (x is empty): enough to plan the run (its folds and label fractions), as the time estimate
 * and the run's creation do.
 */
export function loadExperimentData(db: Database.Database, config: ExperimentConfig, options: { samples?: boolean } = {}): { datasets: ExperimentDataset[]; hashes: Record<string, string> } {
  const withSamples = options.samples !== false
  const hashes: Record<string, string> = {}
  const datasets = config.datasets.map((spec) => {
    const row = findDatasetByName(db, spec.name)
    if (row === undefined) {
      const names = listDatasetRows(db).map((r) => r.name)
      throw new InputError(`There is no dataset named "${spec.name}" in the store${names.length > 0 ? `; the datasets are ${names.join(', ')}` : '; import one first'}.`)
    }
    hashes[spec.name] = row.content_hash
    const candidates = listTrainableWindows(db, row.id)
    const ids = chooseWindowIds(candidates, config.maxWindowsPerDataset, config.seed)
    if (ids.length < 2) throw new InputError(`The dataset "${spec.name}" has ${ids.length} usable window${ids.length === 1 ? '' : 's'} (not excluded and not flagged), too few to train on.`)
    const length = row.window_samples
    const x = new Float32Array(withSamples ? ids.length * length : 0)
    const subjects: string[] = []
    const labels: Record<string, LabelValue>[] = []
    const read = trainingWindowReader(db, withSamples)
    ids.forEach((id, i) => {
      const w = read(id)!
      subjects.push(w.subject)
      labels.push(JSON.parse(w.labels_json) as Record<string, LabelValue>)
      if (w.samples === null) return
      const samples = blobToFloat32(w.samples)
      if (samples.length !== length) throw new InputError(`Window ${id} of "${spec.name}" has ${samples.length} samples instead of ${length}; the store is damaged, re-import the dataset.`)
      x.set(samples, i * length)
    })
    const scales = JSON.parse(row.label_scales_json) as Record<string, { min: number; max: number }>
    const ranges = JSON.parse(row.label_ranges_json) as Record<string, { min: number; max: number }>
    return { name: spec.name, kind: row.kind, x, length, keys: ids, subjects, labels, labelScales: { ...ranges, ...scales } }
  })
  const lengths = new Set(datasets.map((d) => d.length))
  if (lengths.size > 1) throw new InputError(`The datasets of an experiment must have windows of one length; these have ${[...lengths].join(' and ')} samples.`)
  return { datasets, hashes }
}
