/**
 * Runs an experiment plan: trains each pretext variant epoch by epoch (resuming from the last
 * stored checkpoint), then evaluates every unit not yet stored — frozen transfer on embeddings
 * computed once per encoder, fine-tuning and the fully supervised baseline end to end. Storage
 * goes through a {@link RunRecorder}, so this file knows nothing of SQLite or processes.
 */
import * as tf from '@tensorflow/tfjs'
import { classifierForKind } from '../contracts/dataset-kinds.js'
import type { ClassifierShape, ExperimentConfig, FoldResult, PretextEpoch } from '../contracts/runs.js'
import { throwIfCancelled } from '../common/input-error.js'
import type { BackendChoice } from '../model/backend-choices.js'
import { buildClassifierHead, buildTransferModel } from '../model/classifiers.js'
import { buildEncoder, type Encoder } from '../model/encoder.js'
import { DropoutMaskSource, seededDropout } from '../model/seeded-dropout.js'
import { Purpose, SplitRandom } from '../common/random.js'
import { decodeCheckpoint, restoreWeights } from './checkpoint.js'
import { fitClassifier, predictClasses, type SupervisedData } from './classifier-trainer.js'
import { planExperiment, type EvalUnit, type ExperimentDataset, type ExperimentPlan, type PretextVariant } from './experiment-plan.js'

export { planExperiment }
import { accuracy, authorsF1, confusionMatrix, macroF1 } from './metrics.js'
import { PretextTrainer, type PretextData } from './pretext-trainer.js'

/** Where a run's milestones are stored and its progress reported. */
export interface RunRecorder {
  /** The newest stored checkpoint of a variant and the epochs it completed. */
  latestCheckpoint(variant: string): { epochs: number; checkpoint: Uint8Array } | undefined
  /** Keys of the evaluation units already stored (by any process of the run). */
  completedUnits(): ReadonlySet<string>
  epochDone(metrics: PretextEpoch, checkpoint: Uint8Array): void
  foldDone(key: string, result: FoldResult): void
  /** What is being worked on; `partial` is the share of the current unit done (0–1). */
  progress(update: { phase: string; message: string; partial: number }): void
}

/**
 * One of `count` processes sharing a run. Shard 0 trains the pretext models and evaluates the
 * cheap frozen-transfer units; the end-to-end units (fine-tune, baseline) are spread over the
 * other shards, which start with the baselines (they need no pretext model) and wait for the
 * pretext checkpoints only when they reach units that need them. With one process, shard 0 does
 * everything.
 */
export interface Shard {
  readonly index: number
  readonly count: number
}

/** Options of {@link runExperiment}. */
export interface RunOptions {
  readonly signal?: AbortSignal
  readonly shard?: Shard
  /** How often a shard > 0 looks for finished pretext models (ms); default 2000. */
  readonly pollMs?: number
  /**
   * Data-parallel training: the backend the workers start, how many share a pretext step now and
   * how many share an end-to-end (fine-tune, baseline) step (default 1). Results do not depend on them.
   */
  readonly dataParallel?: { readonly backend: BackendChoice; readonly workers: () => number; readonly endToEndWorkers?: () => number }
}

/**
 * The shard of each unit: transfer units stay with shard 0 (they need its pretext model and cost
 * little); baselines and then fine-tunes are dealt round-robin to shards 1 … count-1, so every
 * helper has baselines to train while shard 0 is still pretraining.
 */
export function assignShards(units: readonly Pick<EvalUnit, 'method'>[], count: number): number[] {
  const helpers = count - 1
  const dealt = { baseline: 0, 'fine-tune': 0 }
  return units.map((u) => {
    if (helpers <= 0 || u.method === 'transfer') return 0
    return 1 + (dealt[u.method]++ % helpers)
  })
}

/** The units of a plan that `shard` evaluates, baselines first for shards > 0. */
export function shardUnits(units: readonly EvalUnit[], shard: Shard): EvalUnit[] {
  const owner = assignShards(units, shard.count)
  const mine = units.filter((_, i) => owner[i] === shard.index)
  if (shard.index === 0) return mine
  return [...mine.filter((u) => u.method === 'baseline'), ...mine.filter((u) => u.method !== 'baseline')]
}

/** Number of work units of a plan: pretext epochs plus evaluation units (for progress). */
export function planSize(config: ExperimentConfig, plan: ExperimentPlan): number {
  return plan.variants.length * config.pretext.epochs + plan.units.length
}

/** The classifier shape for a dataset: the config's choice, else its kind's (contracts/dataset-kinds.ts). */
export function classifierShapeFor(config: ExperimentConfig, index: number, kind: string): ClassifierShape {
  return config.datasets[index]?.classifier ?? classifierForKind(kind)
}

/** A seed for one unit's initialisation and dropout, from the run seed and the unit's key. */
function unitSeed(seed: number, key: string): number {
  let h = 0
  for (let i = 0; i < key.length; i++) h = (Math.imul(h, 31) + key.charCodeAt(i)) | 0
  return new SplitRandom().reseed(seed, h >>> 0, 0, Purpose.init).nextUint32() % 1_000_000
}

/** Pretext data of one model: the rows it trains on, a seeded share held out for the curves. */
function pretextData(config: ExperimentConfig, data: readonly ExperimentDataset[], variant: PretextVariant): PretextData {
  const windows: Float32Array[] = []
  const keys: number[] = []
  data.forEach((d, di) => {
    for (const r of variant.rows[di] ?? []) {
      windows.push(d.x.subarray(r * d.length, (r + 1) * d.length))
      keys.push(d.keys[r]!)
    }
  })
  const held = Math.round(config.pretext.heldOut * windows.length)
  const order = new SplitRandom().reseed(config.seed, 0, 0, Purpose.split).permutation(windows.length)
  const heldOut = Array.from(order.subarray(0, held)).sort((a, b) => a - b)
  const train = Array.from(order.subarray(held)).sort((a, b) => a - b)
  return { windows, keys, train, heldOut }
}

/**
 * Runs (or resumes) an experiment's share of `options.shard` (default: all of it), following
 * `plan`: the one its caller laid out ({@link planExperiment} of the same config and data), so a
 * process plans its run once and sizes its progress, helpers and ETA on the plan it runs.
 */
export async function runExperiment(config: ExperimentConfig, data: readonly ExperimentDataset[], plan: ExperimentPlan, recorder: RunRecorder, options: RunOptions = {}): Promise<void> {
  const length = data[0]?.length ?? 0
  if (data.some((d) => d.length !== length)) throw new Error('all datasets of an experiment must have the same window length')
  const shard = options.shard ?? { index: 0, count: 1 }
  const done = recorder.completedUnits()
  const pending = shardUnits(plan.units, shard).filter((u) => !done.has(u.key))
  const encoders = new Map<string, Uint8Array>()
  if (shard.index === 0 && plan.variants.length > 0) {
    for (const variant of plan.variants) encoders.set(variant.name, await trainVariant(config, variant, pretextData(config, data, variant), length, recorder, options))
  }
  const encoderOf = async (variant: string): Promise<Uint8Array | undefined> => {
    if (variant === 'none') return undefined
    let checkpoint = encoders.get(variant)
    while (checkpoint === undefined) {
      const latest = recorder.latestCheckpoint(variant)
      if (latest !== undefined && latest.epochs >= config.pretext.epochs) checkpoint = latest.checkpoint
      else {
        recorder.progress({ phase: 'waiting', message: `waiting for the pretext model (${variant})`, partial: 0 })
        await sleep(options.pollMs ?? 2000, options.signal)
      }
    }
    encoders.set(variant, checkpoint)
    return checkpoint
  }
  const embeddings = new Map<string, Float32Array[]>()
  for (const unit of pending) {
    throwIfCancelled(options.signal)
    const encoder = await encoderOf(unit.encoder)
    const result = await evaluateUnit(config, plan, data, unit, encoder, embeddings, options, (message) => recorder.progress({ phase: 'evaluation', message, partial: 0 }))
    recorder.foldDone(unit.key, result)
  }
}

/** Waits `ms`, or less when `signal` aborts (then throws CancelledError). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms)
    function done(): void {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    signal?.addEventListener('abort', done, { once: true })
  }).then(() => throwIfCancelled(signal))
}

async function trainVariant(
  config: ExperimentConfig,
  variant: PretextVariant,
  data: PretextData,
  length: number,
  recorder: RunRecorder,
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
    ...(options.dataParallel === undefined ? {} : { backend: options.dataParallel.backend, workers: options.dataParallel.workers }),
    onStep: (step, steps, workers) =>
      recorder.progress({
        phase: `pretext ${variant.name}`,
        partial: step / steps,
        message: `pretext (${variant.name}) epoch ${trainer.epoch + 1}/${config.pretext.epochs}, step ${step}/${steps}${workers > 1 ? `, ${workers} workers` : ''}`,
      }),
  })
  try {
    if (latest !== undefined) trainer.resume(latest.checkpoint, latest.epochs)
    let checkpoint = latest?.checkpoint
    while (trainer.epoch < config.pretext.epochs) {
      const epoch = await trainer.trainEpoch(data)
      recorder.epochDone(epoch.metrics, epoch.checkpoint)
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
  pretrained: Uint8Array | undefined,
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
  const training = unit.method === 'transfer' ? config.evaluation.classifier : config.evaluation.endToEnd ?? config.evaluation.classifier
  const dp = options.dataParallel
  const fit = {
    classes, train: unit.train, epochs: training.epochs, batch: training.batch, learningRate: training.learningRate, seed, dropout, signal: options.signal,
    ...(dp === undefined || unit.method === 'transfer' ? {} : { dataParallel: { backend: dp.backend, workers: dp.endToEndWorkers ?? (() => 1), spec: { inputLength: d.length, seed, shape, classes } } }),
  }
  let model: tf.LayersModel = head
  let input: SupervisedData
  try {
    if (unit.method === 'transfer') {
      const cacheKey = `${unit.datasetIndex}|${unit.encoder}`
      let cached = embeddings.get(cacheKey)
      if (cached === undefined) {
        const encoder = encoderFor(pretrained, d.length, seed)
        try {
          cached = await embed(encoder, d, options.signal)
        } finally {
          disposeModel(encoder.probe)
        }
        embeddings.set(cacheKey, cached)
      }
      input = { x: cached[unit.block - 1]!, width, y: labels.y, windows: false }
    } else {
      const encoder = encoderFor(unit.method === 'fine-tune' ? pretrained : undefined, d.length, seed)
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
