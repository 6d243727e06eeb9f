/**
 * What an experiment will do, laid out before anything is trained: the pretext variants (the
 * full model and, for the ablation, one per dropped transformation) and every evaluation unit
 * (dataset × task × protocol × fold × label fraction × method × encoder variant × block). Units
 * have stable keys, so a resumed run skips exactly the ones already stored, and the same folds
 * and label subsets serve transfer and baseline alike (METHOD §6).
 */
import { InputError } from '../common/input-error.js'
import { learnsFeatures, PRETEXT_TASK_NAMES, type ExperimentConfig, type PretextTaskName, type ProtocolName, type ResultKey } from '../contracts/runs.js'
import type { LabelValue } from '../formats/types.js'
import { foldKeyText } from './aggregate.js'
import { leaveOneSubjectOut, subjectKFold, windowKFold, type Fold } from './folds.js'
import { labelFraction } from './fractions.js'
import { checkFolds, checkTaskData, type TaskData } from './plan-checks.js'
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
  /** The model's own name: what its epochs and checkpoints are stored under. */
  readonly name: string
  /** The ablation variant it belongs to, as results name it ("full", "without noise"). */
  readonly variant: string
  readonly dropTasks: readonly Exclude<PretextTaskName, 'original'>[]
  /** Rows of each dataset (config order) it trains on. */
  readonly rows: readonly (readonly number[])[]
  /** Windows it trains on (held-out share included). */
  readonly windows: number
}

/** One fold of one cell of the results table. */
export interface EvalUnit extends ResultKey {
  readonly fold: number
  readonly key: string
  /** The pretext model whose encoder the unit uses ({@link PretextVariant.name}); 'none' for the baseline. */
  readonly encoder: string
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
  /** What may make a result less telling without making it meaningless (plan-checks.ts), as sentences with terms. */
  readonly warnings: readonly string[]
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

/** The ablation variants a config trains (name and dropped transformations), before any per-fold split. */
export function ablationVariants(config: ExperimentConfig): { name: string; dropTasks: readonly Exclude<PretextTaskName, 'original'>[] }[] {
  const needsEncoder = config.evaluation.methods.some((m) => m !== 'baseline')
  if (!needsEncoder) return []
  const base = config.pretext.dropTasks
  const variants = [{ name: base.length === 0 ? 'full' : `without ${base.join(', ')}`, dropTasks: base }]
  if (config.ablation) {
    for (const t of PRETEXT_TASK_NAMES.filter((n): n is Exclude<PretextTaskName, 'original'> => n !== 'original')) {
      if (!base.includes(t)) variants.push({ name: `without ${[...base, t].join(', ')}`, dropTasks: [...base, t] })
    }
  }
  return variants
}

/** Every row of each dataset whose role learns features; none of the others. */
function sharedRows(config: ExperimentConfig, data: readonly ExperimentDataset[]): number[][] {
  return data.map((d, di) => (learnsFeatures(config.datasets[di]!.role) ? d.keys.map((_, r) => r) : []))
}

const countRows = (rows: readonly (readonly number[])[]): number => rows.reduce((n, r) => n + r.length, 0)

/**
 * The pretext variants of the shared scope: one model per ablation variant on every window of
 * every dataset that learns features (test folds included, without labels).
 */
export function pretextVariants(config: ExperimentConfig, data: readonly ExperimentDataset[] = []): PretextVariant[] {
  const rows = sharedRows(config, data)
  return ablationVariants(config).map((v) => ({ ...v, variant: v.name, rows, windows: countRows(rows) }))
}

/** Lays out a run: labels, folds, fractions and units, deterministically from the config. */
export function planExperiment(config: ExperimentConfig, data: readonly ExperimentDataset[]): ExperimentPlan {
  const ablation = ablationVariants(config)
  const perFold = config.pretext.scope === 'per-fold'
  const shared = sharedRows(config, data)
  // Shared scope: one model per ablation variant. Per fold, the models of the folds of datasets
  // that learn features are added below; other evaluated datasets use the pretext-only datasets' model.
  const pretextOnly = data.map((d, di) => (config.datasets[di]!.role === 'pretext' ? shared[di]! : []))
  const baseRows = perFold ? pretextOnly : shared
  const variants: PretextVariant[] = []
  const modelFor = (v: (typeof ablation)[number], rows: readonly (readonly number[])[], suffix: string): string => {
    const name = suffix === '' ? v.name : `${v.name} · ${suffix}`
    if (!variants.some((m) => m.name === name)) variants.push({ name, variant: v.name, dropTasks: v.dropTasks, rows, windows: countRows(rows) })
    return name
  }
  const units: EvalUnit[] = []
  const warnings: string[] = []
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
      // Settings that cannot give a meaningful result are refused here, before anything is stored.
      const taskData: TaskData = { dataset: d.name, task: task.label, classes: labels[di]![ti]!.classes, y, subjects: d.subjects, rows }
      checkTaskData(taskData, config)
      for (const protocol of config.evaluation.protocols) {
        const folds = foldsFor(protocol, rows, d.subjects, config.evaluation.folds, derivedSeed(config.seed, di, ti, 1))
        const warning = checkFolds(taskData, protocol, folds, config)
        if (warning !== undefined) warnings.push(warning)
        folds.forEach((fold, fi) => {
          // The encoder of each ablation variant for this fold (per-fold scope: trained on the
          // fold's training windows and the pretext-only datasets, never on its test windows).
          const ownFold = perFold && learnsFeatures(config.datasets[di]!.role)
          const foldRows = ownFold ? pretextOnly.map((r, i) => (i === di ? [...fold.train].sort((a, b) => a - b) : r)) : baseRows
          const encoderOf = new Map(ablation.map((v) => [v.name, modelFor(v, foldRows, ownFold ? `${d.name} ${task.label} ${protocol} fold ${fi + 1}` : '')]))
          for (const fraction of config.evaluation.fractions) {
            const train = labelFraction(fold.train, d.subjects, y, fraction, derivedSeed(config.seed, di, ti, 2, fi))
            for (const method of config.evaluation.methods) {
              const encoders: { variant: string; encoder: string; block: number }[] =
                method === 'baseline'
                  ? [{ variant: 'none', encoder: 'none', block: 3 }]
                  : ablation.flatMap((v) => (method === 'transfer' ? config.evaluation.probeBlocks : [3]).map((block) => ({ variant: v.name, encoder: encoderOf.get(v.name)!, block })))
              for (const { variant, encoder, block } of encoders) {
                const key: ResultKey & { fold: number } = { dataset: d.name, task: task.label, protocol, method: method, variant, block, fraction, fold: fi }
                units.push({ ...key, key: foldKeyText(key), encoder, train, test: fold.test, datasetIndex: di, taskIndex: ti })
              }
            }
          }
        })
      }
    })
  })
  // Shared scope: every ablation variant is trained even before (or without) any unit using it,
  // in ablation order, as runs always did.
  if (!perFold) for (const v of ablation) modelFor(v, shared, '')
  const order = (m: PretextVariant): number => ablation.findIndex((v) => v.name === m.variant)
  variants.sort((a, b) => order(a) - order(b))
  const empty = variants.find((v) => v.windows < 2)
  if (empty !== undefined) {
    throw new InputError(config.pretext.scope === 'per-fold'
      ? `The pretext model "${empty.name}" would have ${empty.windows} window${empty.windows === 1 ? '' : 's'} to learn from: with pretext models per fold, a dataset that is only evaluated learns from the pretext-only datasets, so add one or let the dataset also teach ECG features.`
      : `The datasets chosen to learn ECG features from have ${empty.windows} usable window${empty.windows === 1 ? '' : 's'}; choose a dataset with windows to learn from.`)
  }
  return { variants, units, labels, warnings }
}
