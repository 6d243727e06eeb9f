/**
 * Pretext training (METHOD §4): the network learns to recognise which of the seven variants each
 * sample is. Weighted per-task sigmoid cross-entropy + L2 (c·½‖W‖² on every kernel), Adam with
 * staircase decay, dropout with fresh but reproducible masks. Every epoch records per task the
 * training and held-out loss, accuracy and F1, and hands a checkpoint to the caller, who stores
 * it with the epoch's metrics; a run resumed from it continues exactly.
 */
import * as tf from '@tensorflow/tfjs'
import type { PretextConfig, PretextEpoch, PretextTaskName, TaskMetrics, TransformConfig } from '../contracts/runs.js'
import { buildPretextModel, PRETEXT_TASKS, type PretextModel } from '../model/pretext-model.js'
import { DropoutMaskSource, seededDropout } from '../model/seeded-dropout.js'
import { throwIfCancelled } from '../formats/input-error.js'
import { PretextBatchBuilder, type PretextBatch } from '../transforms/pretext-batch.js'
import { Purpose, SplitRandom } from '../transforms/random.js'
import { Adam } from './adam.js'
import { decodeCheckpoint, encodeCheckpoint, restoreWeights } from './checkpoint.js'
import { accumulatedGradients, samplesPerPass } from './passes.js'
import { TaskAccumulator } from './task-accumulator.js'

/** The windows pretext training sees. Positions index `windows` and `keys`. */
export interface PretextData {
  readonly windows: readonly Float32Array[]
  /** Stable random-stream key of each window (its identity across runs and resumes). */
  readonly keys: readonly number[]
  readonly train: readonly number[]
  readonly heldOut: readonly number[]
}

/** Options of {@link PretextTrainer}. */
export interface PretextTrainerOptions {
  readonly config: PretextConfig
  readonly transforms: TransformConfig
  readonly seed: number
  /** Name recorded with each epoch: "full" or "without noise". */
  readonly variant: string
  readonly windowLength: number
  readonly signal?: AbortSignal
  /** Called after every step with (step within epoch, steps per epoch). */
  readonly onStep?: (step: number, steps: number) => void
  /** Most samples per forward/backward pass (default: the active backend's, see passes.ts). */
  readonly samplesPerPass?: number
}

/** The tasks a config trains: all but the dropped ones, in METHOD order. */
export function keptTasks(config: PretextConfig): PretextTaskName[] {
  return PRETEXT_TASKS.filter((t) => !(config.dropTasks as readonly string[]).includes(t))
}

export class PretextTrainer {
  readonly net: PretextModel
  readonly tasks: readonly PretextTaskName[]
  /** The next epoch to train (0-based). */
  epoch = 0
  private readonly adam: Adam
  private readonly dropout: DropoutMaskSource
  private readonly builder: PretextBatchBuilder
  private readonly taskVariant: number[]
  private readonly lossWeights: number[]

  constructor(private readonly options: PretextTrainerOptions) {
    const { config, seed } = options
    this.tasks = keptTasks(config)
    this.taskVariant = this.tasks.map((t) => PRETEXT_TASKS.indexOf(t))
    this.lossWeights = this.taskVariant.map((v) => config.lossWeights[v] ?? 0)
    this.dropout = new DropoutMaskSource(seed)
    this.net = buildPretextModel({
      inputLength: options.windowLength,
      seed,
      l2: config.l2 > 0 ? config.l2 : undefined,
      tasks: this.tasks,
      dropout: config.dropout,
      dropoutLayer: seededDropout(this.dropout),
    })
    const variables = this.net.model.trainableWeights.map((w) => w.read() as tf.Variable)
    this.adam = new Adam(variables, config)
    this.builder = new PretextBatchBuilder(options.windowLength, seed, options.transforms)
  }

  /** Restores weights, optimizer and epoch from a checkpoint of this trainer's model. */
  resume(checkpoint: Uint8Array, completedEpochs: number): void {
    const decoded = decodeCheckpoint(checkpoint)
    restoreWeights(this.net.model.weights, decoded)
    if (decoded.optimizer === null) throw new Error('the checkpoint has no optimizer state, so training cannot continue from it')
    this.adam.load(decoded.optimizer)
    this.epoch = completedEpochs
  }

  /** Trains one epoch; returns its metrics and the checkpoint to store with them. */
  async trainEpoch(data: PretextData): Promise<{ metrics: PretextEpoch; checkpoint: Buffer }> {
    const started = performance.now()
    const { config, seed } = this.options
    const order = Int32Array.from(data.train)
    new SplitRandom().reseed(seed, this.epoch, 0, Purpose.epochOrder).shuffle(order)
    const steps = Math.ceil(order.length / config.batch)
    const acc = new TaskAccumulator(this.tasks.length)
    const learningRate = this.adam.learningRate
    let pending: PretextBatch | undefined = steps > 0 ? this.batch(data, order, 0) : undefined
    for (let s = 0; s < steps; s++) {
      throwIfCancelled(this.options.signal)
      const batch = pending!
      const step = this.stepOn(batch)
      // Build the next batch while the backend works on this step (async on tfjs-node-gpu).
      pending = s + 1 < steps ? this.batch(data, order, s + 1) : undefined
      const { probs, variants } = await step
      acc.add(probs, variants, this.taskVariant)
      this.options.onStep?.(s + 1, steps)
    }
    const heldOut = await this.evaluate(data, data.heldOut)
    const train = acc.metrics(this.tasks)
    const metrics: PretextEpoch = {
      variant: this.options.variant,
      epoch: this.epoch,
      steps: this.adam.step,
      learningRate,
      seconds: (performance.now() - started) / 1000,
      trainLoss: weighted(train, this.lossWeights),
      heldOutLoss: heldOut.length > 0 ? weighted(heldOut, this.lossWeights) : null,
      train,
      heldOut,
    }
    const checkpoint = await encodeCheckpoint(this.net.model.weights, await this.adam.save())
    this.epoch++
    return { metrics, checkpoint }
  }

  /** Per-task metrics of the current model on the variants of `positions` (inference mode). */
  async evaluate(data: PretextData, positions: readonly number[]): Promise<TaskMetrics[]> {
    if (positions.length === 0) return []
    const acc = new TaskAccumulator(this.tasks.length)
    const all = Int32Array.from(positions)
    for (let s = 0; s * this.options.config.batch < all.length; s++) {
      throwIfCancelled(this.options.signal)
      const batch = this.batch(data, all, s)
      const { x, variants } = this.inputs(batch)
      const out = tf.tidy(() => tf.concat(this.net.model.predict(x) as tf.Tensor[], 1))
      x.dispose()
      const probs = (await out.data()) as Float32Array
      out.dispose()
      acc.add(probs, variants, this.taskVariant)
    }
    return acc.metrics(this.tasks)
  }

  /** Frees the model and optimizer tensors. */
  dispose(): void {
    this.adam.dispose()
    for (const w of this.net.model.weights) w.dispose()
  }

  private batch(data: PretextData, order: Int32Array, s: number): PretextBatch {
    const b = this.options.config.batch
    const positions = Array.from(order.subarray(s * b, Math.min(order.length, (s + 1) * b)))
    return this.builder.build(positions.map((p) => data.windows[p]!), positions.map((p) => data.keys[p]!), this.epoch)
  }

  /** The batch's samples as a tensor, leaving out the variants of dropped tasks. */
  private inputs(batch: PretextBatch): { x: tf.Tensor3D; variants: Uint8Array } {
    const n = batch.n
    if (this.tasks.length === PRETEXT_TASKS.length) return { x: tf.tensor3d(batch.x, [batch.size, n, 1]), variants: batch.variant.slice() }
    const rows: number[] = []
    for (let r = 0; r < batch.size; r++) if (this.taskVariant.includes(batch.variant[r]!)) rows.push(r)
    const x = new Float32Array(rows.length * n)
    rows.forEach((r, i) => x.set(batch.x.subarray(r * n, (r + 1) * n), i * n))
    return { x: tf.tensor3d(x, [rows.length, n, 1]), variants: Uint8Array.from(rows, (r) => batch.variant[r]!) }
  }

  /** One optimisation step; resolves to the training-mode probabilities (samples × tasks). */
  private async stepOn(batch: PretextBatch): Promise<{ probs: Float32Array; variants: Uint8Array }> {
    const { x, variants } = this.inputs(batch)
    const targets = this.taskVariant.map((v) => {
      const y = new Float32Array(variants.length)
      for (let i = 0; i < variants.length; i++) y[i] = variants[i] === v ? 1 : 0
      return tf.tensor2d(y, [variants.length, 1])
    })
    this.dropout.step = this.adam.step
    const total = variants.length
    // The paper's step (896 samples) is computed in bounded passes; see passes.ts.
    const parts: tf.Tensor[] = []
    const { value, grads } = accumulatedGradients(this.adam.variables, total, this.options.samplesPerPass ?? samplesPerPass(), (start, end, share, first) => {
      this.dropout.rowOffset = start
      const rows = end - start
      const outs = this.net.model.apply(x.slice([start, 0, 0], [rows, -1, -1]), { training: true }) as tf.Tensor[]
      parts.push(tf.keep(tf.concat(outs, 1)))
      const terms = outs.map((p, i) => tf.losses.logLoss(targets[i]!.slice([start, 0], [rows, 1]), p).mul(this.lossWeights[i]! * share))
      const reg = first ? this.net.model.calculateLosses() : []
      return tf.addN([...terms, ...reg]) as tf.Scalar
    })
    this.dropout.rowOffset = 0
    this.adam.apply(this.adam.variables.map((v) => grads[v.name]!))
    tf.dispose([x, value, ...targets, ...Object.values(grads)])
    const probs = parts.length === 1 ? parts[0]! : tf.concat(parts, 0)
    const out = (await probs.data()) as Float32Array
    tf.dispose([probs, ...parts])
    return { probs: out, variants }
  }
}

function weighted(metrics: readonly TaskMetrics[], weights: readonly number[]): number {
  return metrics.reduce((sum, m, i) => sum + m.loss * (weights[i] ?? 0), 0)
}
