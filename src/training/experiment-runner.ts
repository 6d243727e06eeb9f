/**
 * Runs an experiment plan: trains each pretext variant epoch by epoch (resuming from the last
 * stored checkpoint), then evaluates every unit not yet stored — frozen transfer on embeddings
 * computed once per encoder, fine-tuning and the fully supervised baseline end to end. Storage
 * goes through a {@link RunRecorder}, so this file knows nothing of SQLite or processes.
 */
import * as tf from '@tensorflow/tfjs'
import type { ClassifierShape, ExperimentConfig, FoldResult, PretextEpoch } from '../contracts/runs.js'
import { throwIfCancelled } from '../formats/input-error.js'
import { buildClassifierHead, buildTransferModel } from '../model/classifiers.js'
import { buildEncoder, type Encoder } from '../model/encoder.js'
import { DropoutMaskSource, seededDropout } from '../model/seeded-dropout.js'
import { Purpose, SplitRandom } from '../transforms/random.js'
import { decodeCheckpoint, restoreWeights } from './checkpoint.js'
import { fitClassifier, predictClasses, type SupervisedData } from './classifier-trainer.js'
import { planExperiment, type EvalUnit, type ExperimentDataset, type ExperimentPlan, type PretextVariant } from './experiment-plan.js'
import { accuracy, authorsF1, confusionMatrix, macroF1 } from './metrics.js'
import { PretextTrainer, type PretextData } from './pretext-trainer.js'
import { ProgressClock } from './progress-clock.js'

/** Where a run's milestones are stored and its progress reported. */
export interface RunRecorder {
  /** The newest stored checkpoint of a variant and the epochs it completed. */
  latestCheckpoint(variant: string): { epochs: number; checkpoint: Uint8Array } | undefined
  /** Keys of the evaluation units already stored. */
  completedUnits(): ReadonlySet<string>
  epochDone(metrics: PretextEpoch, checkpoint: Uint8Array, done: number, total: number): void
  foldDone(key: string, result: FoldResult, done: number, total: number): void
  progress(update: { phase: string; done: number; total: number; etaSeconds: number | null; message: string }): void
}

/** Options of {@link runExperiment}. */
export interface RunOptions {
  readonly signal?: AbortSignal
}

const CLASSIFIER_BY_KIND: Readonly<Record<string, ClassifierShape>> = { amigos: 'AMIGOS', swell: 'SWELL', dreamer: 'DREAMER', wesad: 'WESAD' }

/** The classifier shape for a dataset: the config's choice, else its kind's, else AMIGOS's. */
export function classifierShapeFor(config: ExperimentConfig, index: number, kind: string): ClassifierShape {
  return config.datasets[index]?.classifier ?? CLASSIFIER_BY_KIND[kind] ?? 'AMIGOS'
}

/** A seed for one unit's initialisation and dropout, from the run seed and the unit's key. */
function unitSeed(seed: number, key: string): number {
  let h = 0
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0
  return new SplitRandom().reseed(seed, h >>> 0, 0, Purpose.init).nextUint32() % 1_000_000
}

/** Pretext data: every window of every dataset, a seeded share held out for the curves. */
function pretextData(config: ExperimentConfig, data: readonly ExperimentDataset[]): PretextData {
  const windows: Float32Array[] = []
  const keys: number[] = []
  for (const d of data) {
    for (let r = 0; r < d.keys.length; r++) {
      windows.push(d.x.subarray(r * d.length, (r + 1) * d.length))
      keys.push(d.keys[r]!)
    }
  }
  const held = Math.round(config.pretext.heldOut * windows.length)
  const order = new SplitRandom().reseed(config.seed, 0, 0, Purpose.split).permutation(windows.length)
  const heldOut = Array.from(order.subarray(0, held)).sort((a, b) => a - b)
  const train = Array.from(order.subarray(held)).sort((a, b) => a - b)
  return { windows, keys, train, heldOut }
}

/** Runs (or resumes) an experiment; returns the fold results of this call and earlier ones. */
export async function runExperiment(config: ExperimentConfig, data: readonly ExperimentDataset[], recorder: RunRecorder, options: RunOptions = {}): Promise<void> {
  const length = data[0]?.length ?? 0
  if (data.some((d) => d.length !== length)) throw new Error('all datasets of an experiment must have the same window length')
  const plan = planExperiment(config, data)
  const done = recorder.completedUnits()
  const pending = plan.units.filter((u) => !done.has(u.key))
  const total = plan.variants.length * config.pretext.epochs + plan.units.length
  const stored = plan.variants.reduce((n, v) => n + Math.min(config.pretext.epochs, recorder.latestCheckpoint(v.name)?.epochs ?? 0), 0)
  const clock = new ProgressClock(total, stored + (plan.units.length - pending.length))
  const encoders = new Map<string, Uint8Array>()
  const pdata = plan.variants.length > 0 ? pretextData(config, data) : undefined
  for (const variant of plan.variants) {
    encoders.set(variant.name, await trainVariant(config, variant, pdata!, length, recorder, clock, options))
  }
  const embeddings = new Map<string, Float32Array[]>()
  try {
    for (const unit of pending) {
      throwIfCancelled(options.signal)
      const result = await evaluateUnit(config, plan, data, unit, encoders, embeddings, options, (message) =>
        recorder.progress({ phase: 'evaluation', ...clock.status(0), message }),
      )
      clock.advance()
      recorder.foldDone(unit.key, result, clock.done, total)
    }
  } finally {
    embeddings.clear()
  }
}

async function trainVariant(
  config: ExperimentConfig,
  variant: PretextVariant,
  data: PretextData,
  length: number,
  recorder: RunRecorder,
  clock: ProgressClock,
  options: RunOptions,
): Promise<Uint8Array> {
  const latest = recorder.latestCheckpoint(variant.name)
  if (latest !== undefined && latest.epochs >= config.pretext.epochs) return latest.checkpoint
  const trainer = new PretextTrainer({
    config: { ...config.pretext, dropTasks: [...variant.dropTasks] },
    transforms: config.transforms,
    seed: config.seed,
    variant: variant.name,
    windowLength: length,
    signal: options.signal,
    onStep: (step, steps) =>
      recorder.progress({ phase: `pretext ${variant.name}`, ...clock.status(step / steps), message: `pretext (${variant.name}) epoch ${trainer.epoch + 1}/${config.pretext.epochs}, step ${step}/${steps}` }),
  })
  try {
    if (latest !== undefined) trainer.resume(latest.checkpoint, latest.epochs)
    let checkpoint = latest?.checkpoint
    while (trainer.epoch < config.pretext.epochs) {
      const epoch = await trainer.trainEpoch(data)
      clock.advance()
      recorder.epochDone(epoch.metrics, epoch.checkpoint, clock.done, clock.total)
      checkpoint = epoch.checkpoint
    }
    if (checkpoint === undefined) throw new Error('pretext training produced no checkpoint')
    return checkpoint
  } finally {
    trainer.dispose()
  }
}

/** An encoder with a variant's trained weights (or fresh weights for the baseline). */
function encoderFor(checkpoint: Uint8Array | undefined, length: number, seed: number): Encoder {
  const encoder = buildEncoder({ inputLength: length, seed })
  if (checkpoint !== undefined) restoreWeights(encoder.model.weights, decodeCheckpoint(checkpoint))
  return encoder
}

function disposeModel(model: tf.LayersModel): void {
  for (const w of model.weights) w.dispose()
}

/** Block 1/2/3 embeddings of every window of a dataset through a frozen encoder. */
async function embed(encoder: Encoder, d: ExperimentDataset, signal?: AbortSignal): Promise<Float32Array[]> {
  const rows = d.keys.length
  const out = [new Float32Array(rows * 32), new Float32Array(rows * 64), new Float32Array(rows * 128)]
  const batch = 64
  for (let start = 0; start < rows; start += batch) {
    throwIfCancelled(signal)
    const count = Math.min(batch, rows - start)
    const x = tf.tensor3d(d.x.subarray(start * d.length, (start + count) * d.length), [count, d.length, 1])
    const pooled = encoder.probe.predict(x) as tf.Tensor[]
    x.dispose()
    for (let b = 0; b < 3; b++) out[b]!.set((await pooled[b]!.data()), start * [32, 64, 128][b]!)
    tf.dispose(pooled)
  }
  return out
}

async function evaluateUnit(
  config: ExperimentConfig,
  plan: ExperimentPlan,
  data: readonly ExperimentDataset[],
  unit: EvalUnit,
  encoders: ReadonlyMap<string, Uint8Array>,
  embeddings: Map<string, Float32Array[]>,
  options: RunOptions,
  report: (message: string) => void,
): Promise<FoldResult> {
  const d = data[unit.datasetIndex]!
  const labels = plan.labels[unit.datasetIndex]![unit.taskIndex]!
  const classes = labels.classes.length
  const seed = unitSeed(config.seed, unit.key)
  const dropout = new DropoutMaskSource(seed)
  const shape = classifierShapeFor(config, unit.datasetIndex, d.kind)
  const width = [32, 64, 128][unit.block - 1]!
  const head = buildClassifierHead({ dataset: shape, classes, inputSize: unit.method === 'transfer' ? width : undefined, seed, dropoutLayer: seededDropout(dropout) })
  const describe = `${d.name} ${unit.task} ${unit.protocol} fold ${unit.fold + 1}, ${Math.round(unit.fraction * 100)} % labels, ${unit.method}${unit.variant === 'none' || unit.variant === 'full' ? '' : ` (${unit.variant})`}${unit.block === 3 ? '' : ` block ${unit.block}`}`
  report(describe)
  const fit = { classes, train: unit.train, epochs: config.evaluation.classifier.epochs, batch: config.evaluation.classifier.batch, learningRate: config.evaluation.classifier.learningRate, seed, dropout, signal: options.signal }
  let model: tf.LayersModel = head
  let input: SupervisedData
  try {
    if (unit.method === 'transfer') {
      const cacheKey = `${unit.datasetIndex}|${unit.variant}`
      let cached = embeddings.get(cacheKey)
      if (cached === undefined) {
        const encoder = encoderFor(encoders.get(unit.variant), d.length, seed)
        try {
          cached = await embed(encoder, d, options.signal)
        } finally {
          disposeModel(encoder.probe)
        }
        embeddings.set(cacheKey, cached)
      }
      input = { x: cached[unit.block - 1]!, width, y: labels.y, windows: false }
    } else {
      const encoder = encoderFor(unit.method === 'fine-tune' ? encoders.get(unit.variant) : undefined, d.length, seed)
      model = buildTransferModel(encoder, head, { fineTune: true })
      input = { x: d.x, width: d.length, y: labels.y, windows: true }
    }
    await fitClassifier(input, { ...fit, model })
    const predicted = await predictClasses(model, input, unit.test, classes)
    const truth = unit.test.map((r) => labels.y[r]!)
    const cm = confusionMatrix(truth, predicted, classes)
    return {
      dataset: unit.dataset, task: unit.task, protocol: unit.protocol, method: unit.method, variant: unit.variant, block: unit.block, fraction: unit.fraction,
      fold: unit.fold, trainWindows: unit.train.length, testWindows: unit.test.length,
      accuracy: accuracy(cm), f1: authorsF1(cm), macroF1: macroF1(cm), confusion: cm, classes: labels.classes,
    }
  } finally {
    // the joined model holds the head's weights too, so one disposal frees both
    disposeModel(model)
  }
}
