/**
 * What an experiment will do, laid out before anything is trained: the pretext variants (the
 * full model and, for the ablation, one per dropped transformation) and every evaluation unit
 * (dataset × task × protocol × fold × label fraction × method × encoder variant × block). Units
 * have stable keys, so a resumed run skips exactly the ones already stored, and the same folds
 * and label subsets serve transfer and baseline alike (METHOD §6).
 */
import type { ExperimentConfig, PretextTaskName, ProtocolName, ResultKey } from '../contracts/runs.js'
import type { LabelValue } from '../formats/types.js'
import { foldKeyText } from './aggregate.js'
import { leaveOneSubjectOut, subjectKFold, windowKFold, type Fold } from './folds.js'
import { labelFraction } from './fractions.js'
import { taskLabels, type TaskLabels } from './labels.js'

/** One dataset's windows as an experiment sees them (rows of one matrix). */
export interface ExperimentDataset {
  readonly name: string
  readonly kind: string
  /** Windows, rows × length, row-major. */
  readonly x: Float32Array
  readonly length: number
  /** Stable key of each row's window (its store id), for the random streams. */
  readonly keys: readonly number[]
  readonly subjects: readonly string[]
  readonly labels: readonly Readonly<Record<string, LabelValue>>[]
  readonly labelScales: Readonly<Record<string, { min: number; max: number }>>
}

/** A pretext model to train. */
export interface PretextVariant {
  readonly name: string
  readonly dropTasks: readonly Exclude<PretextTaskName, 'original'>[]
}

/** One fold of one cell of the results table. */
export interface EvalUnit extends ResultKey {
  readonly fold: number
  readonly key: string
  /** Rows of the dataset to train on (after the label fraction) and to test on. */
  readonly train: readonly number[]
  readonly test: readonly number[]
  readonly datasetIndex: number
  readonly taskIndex: number
}

/** Everything a run will do. */
export interface ExperimentPlan {
  readonly variants: readonly PretextVariant[]
  readonly units: readonly EvalUnit[]
  /** Labels per dataset per task, in config order. */
  readonly labels: readonly (readonly TaskLabels[])[]
}

/** Seeds derived for the folds and fractions of one (dataset, task), so tasks do not share them. */
function derivedSeed(seed: number, ...parts: number[]): number {
  let h = seed >>> 0
  for (const p of parts) h = (Math.imul(h ^ p, 0x9e3779b1) + 0x7f4a7c15) >>> 0
  return h & 0x7fffffff
}

function foldsFor(protocol: ProtocolName, rows: readonly number[], subjects: readonly string[], k: number, seed: number): Fold[] {
  const groupSubjects = rows.map((r) => subjects[r]!)
  const local = protocol === 'window-kfold' ? windowKFold(rows.length, k, seed) : protocol === 'subject-kfold' ? subjectKFold(groupSubjects, k, seed) : leaveOneSubjectOut(groupSubjects)
  // folds index the labelled rows; map back to dataset rows
  return local.map((f) => ({ train: f.train.map((i) => rows[i]!), test: f.test.map((i) => rows[i]!) }))
}

/** The pretext variants a config trains. */
export function pretextVariants(config: ExperimentConfig): PretextVariant[] {
  const needsEncoder = config.evaluation.methods.some((m) => m !== 'baseline')
  if (!needsEncoder) return []
  const base = config.pretext.dropTasks
  const variants: PretextVariant[] = [{ name: base.length === 0 ? 'full' : `without ${base.join(', ')}`, dropTasks: base }]
  if (config.ablation) {
    for (const t of ['noise', 'scale', 'negate', 'flip', 'permute', 'time_warp'] as const) {
      if (!base.includes(t)) variants.push({ name: `without ${[...base, t].join(', ')}`, dropTasks: [...base, t] })
    }
  }
  return variants
}

/** Lays out a run: labels, folds, fractions and units, deterministically from the config. */
export function planExperiment(config: ExperimentConfig, data: readonly ExperimentDataset[]): ExperimentPlan {
  const variants = pretextVariants(config)
  const units: EvalUnit[] = []
  const labels = data.map((d, di) => {
    const spec = config.datasets[di]!
    const windows = d.subjects.map((subject, i) => ({ subject, labels: d.labels[i]! }))
    return spec.tasks.map((t) => taskLabels(windows, t.label, t.binarisation, d.labelScales[t.label]))
  })
  data.forEach((d, di) => {
    config.datasets[di]!.tasks.forEach((task, ti) => {
      const y = labels[di]![ti]!.y
      const rows: number[] = []
      for (let r = 0; r < y.length; r++) if (y[r]! >= 0) rows.push(r)
      for (const protocol of config.evaluation.protocols) {
        const folds = foldsFor(protocol, rows, d.subjects, config.evaluation.folds, derivedSeed(config.seed, di, ti, 1))
        folds.forEach((fold, fi) => {
          for (const fraction of config.evaluation.fractions) {
            const train = labelFraction(fold.train, d.subjects, y, fraction, derivedSeed(config.seed, di, ti, 2, fi))
            for (const method of config.evaluation.methods) {
              const encoders: { variant: string; block: number }[] =
                method === 'baseline'
                  ? [{ variant: 'none', block: 3 }]
                  : variants.flatMap((v) => (method === 'transfer' ? config.evaluation.probeBlocks : [3]).map((block) => ({ variant: v.name, block })))
              for (const { variant, block } of encoders) {
                const key: ResultKey & { fold: number } = { dataset: d.name, task: task.label, protocol, method: method, variant, block, fraction, fold: fi }
                units.push({ ...key, key: foldKeyText(key), train, test: fold.test, datasetIndex: di, taskIndex: ti })
              }
            }
          }
        })
      }
    })
  })
  return { variants, units, labels }
}
