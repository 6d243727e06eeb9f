/**
 * Pretext training (METHOD §4): the network learns to recognise which of the seven variants each
 * sample is. Weighted per-task sigmoid cross-entropy + L2 (c·½‖W‖² on every kernel), Adam with
 * staircase decay, dropout with fresh but reproducible masks. Every epoch records per task the
 * training and held-out loss, accuracy and F1, and hands a checkpoint to the caller, who stores
 * it with the epoch's metrics; a run resumed from it continues exactly.
 */
import * as tf from '@tensorflow/tfjs'
import type { PretextConfig, PretextEpoch, PretextTaskName, TaskMetrics, TransformConfig } from '../contracts/runs.js'
import type { BackendChoice } from '../model/backend-choices.js'
import { PRETEXT_TASKS, type PretextModel } from '../model/pretext-model.js'
import { DropoutMaskSource } from '../model/seeded-dropout.js'
import { throwIfCancelled } from '../common/input-error.js'
import { PretextBatchBuilder, type PretextBatch } from '../transforms/pretext-batch.js'
import { Purpose, SplitRandom } from '../common/random.js'
import { Adam } from './adam.js'
import { decodeCheckpoint, encodeCheckpoint, restoreWeights } from './checkpoint.js'
import { GradientPool, runShares } from './gradient-pool.js'
import { sumPassGradients } from './gradient-sum.js'
import { balancedPasses, passRanges, samplesPerPass, shareOut } from './passes.js'
import { buildSpecModel, PretextPasses, type PassJob, type PassResult, type PretextNetSpec } from './pretext-passes.js'
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
  /** Called after every step with (step within epoch, steps per epoch, workers that shared it). */
  readonly onStep?: (step: number, steps: number, workers: number) => void
  /** Most samples per forward/backward pass (default: the active backend's, see passes.ts). */
  readonly samplesPerPass?: number
  /**
   * Data-parallel training: how many workers (this trainer and worker threads) share each step.
   * Read before every step, so a run can lend cores to its helper processes and take them back;
   * the results do not depend on it. Default: 1, the trainer alone.
   */
  readonly workers?: () => number
  /** The backend the worker threads start: the trainer's own (required when workers can exceed 1). */
  readonly backend?: BackendChoice
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
  private readonly spec: PretextNetSpec
  private readonly passes: PretextPasses
  private pool: GradientPool<PassJob, PassResult> | undefined

  constructor(private readonly options: PretextTrainerOptions) {
    const { config, seed } = options
    this.tasks = keptTasks(config)
    this.taskVariant = this.tasks.map((t) => PRETEXT_TASKS.indexOf(t))
    this.lossWeights = this.taskVariant.map((v) => config.lossWeights[v] ?? 0)
    this.dropout = new DropoutMaskSource(seed)
    this.spec = { inputLength: options.windowLength, seed, l2: config.l2, tasks: this.tasks, dropout: config.dropout, lossWeights: this.lossWeights }
    this.net = buildSpecModel(this.spec, this.dropout)
    this.passes = new PretextPasses(this.net, this.dropout, this.spec)
    this.adam = new Adam(this.passes.variables, config)
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
      const { probs, variants, workers } = await step
      acc.add(probs, variants, this.taskVariant)
      this.options.onStep?.(s + 1, steps, workers)
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

  /**
   * One optimisation step on the windows at `positions` of `data` (the benchmark times these);
   * resolves to its training-mode probabilities.
   */
  async trainStep(data: PretextData, positions: readonly number[]): Promise<Float32Array> {
    const { probs } = await this.stepOn(this.batch(data, Int32Array.from(positions), 0))
    return probs
  }

  /** Per-task metrics of the current model on the variants of `positions` (inference mode). */
  async evaluate(data: PretextData, positions: readonly number[]): Promise<TaskMetrics[]> {
    if (positions.length === 0) return []
    const acc = new TaskAccumulator(this.tasks.length)
    const all = Int32Array.from(positions)
    for (let s = 0; s * this.options.config.batch < all.length; s++) {
      throwIfCancelled(this.options.signal)
      const batch = this.batch(data, all, s)
      const { x, variants } = this.samples(batch)
      // In bounded pieces, as training is: a GPU adapter's binding limit caps one call's activations.
      const n = batch.n
      const probs = new Float32Array(variants.length * this.tasks.length)
      for (const [start, end] of passRanges(variants.length, this.options.samplesPerPass ?? samplesPerPass())) {
        const out = tf.tidy(() => tf.concat(this.net.model.predict(tf.tensor3d(x.subarray(start * n, end * n), [end - start, n, 1])) as tf.Tensor[], 1))
        probs.set((await out.data()), start * this.tasks.length)
        out.dispose()
      }
      acc.add(probs, variants, this.taskVariant)
    }
    return acc.metrics(this.tasks)
  }

  /** Frees the model and optimizer tensors and stops the worker threads. */
  dispose(): void {
    const pool = this.pool
    this.pool = undefined
    // Threads end with the process in any case; terminate() only frees them sooner.
    pool?.close().catch(() => undefined)
    this.adam.dispose()
    for (const w of this.net.model.weights) w.dispose()
  }

  private batch(data: PretextData, order: Int32Array, s: number): PretextBatch {
    const b = this.options.config.batch
    const positions = Array.from(order.subarray(s * b, Math.min(order.length, (s + 1) * b)))
    return this.builder.build(positions.map((p) => data.windows[p]!), positions.map((p) => data.keys[p]!), this.epoch)
  }

  /** A copy of the batch's samples (rows × n) and their variants, without those of dropped tasks. */
  private samples(batch: PretextBatch): { x: Float32Array; variants: Uint8Array } {
    const n = batch.n
    if (this.tasks.length === PRETEXT_TASKS.length) return { x: batch.x.slice(), variants: batch.variant.slice() }
    const rows: number[] = []
    for (let r = 0; r < batch.size; r++) if (this.taskVariant.includes(batch.variant[r]!)) rows.push(r)
    const x = new Float32Array(rows.length * n)
    rows.forEach((r, i) => x.set(batch.x.subarray(r * n, (r + 1) * n), i * n))
    return { x, variants: Uint8Array.from(rows, (r) => batch.variant[r]!) }
  }

  /**
   * One optimisation step; resolves to the training-mode probabilities (samples × tasks). The
   * step's samples are cut into passes (passes.ts: bounded memory, a layout that does not depend
   * on the number of workers); the passes are shared out to the data-parallel workers, this
   * trainer computing the first share; their gradients are summed in pass order.
   */
  private async stepOn(batch: PretextBatch): Promise<{ probs: Float32Array; variants: Uint8Array; workers: number }> {
    // Copied before the first await: the caller builds the next batch meanwhile.
    const { x, variants } = this.samples(batch)
    const n = batch.n
    const total = variants.length
    const passes = balancedPasses(total, this.options.samplesPerPass ?? samplesPerPass())
    const shares = shareOut(passes, Math.min(this.workerCount(), passes.length))
    const step = this.adam.step
    const jobOf = (share: readonly [number, number][], copy: boolean): PassJob => {
      const rowStart = share[0]![0]
      const rowEnd = share[share.length - 1]![1]
      const xs = x.subarray(rowStart * n, rowEnd * n)
      const vs = variants.subarray(rowStart, rowEnd)
      return { step, total, rowStart, x: copy ? xs.slice() : xs, variants: copy ? vs.slice() : vs, passes: share }
    }
    // Workers get their own copy of just their rows (posting a view would copy the whole buffer).
    const results = await runShares(this.passes, () => this.workerPool(), shares.map((share, i) => jobOf(share, i > 0)), this.options.signal)
    const grads = sumPassGradients(results.flatMap((r) => r.grads))
    tf.tidy(() => this.adam.apply(grads.map((g, i) => tf.tensor(g, this.adam.variables[i]!.shape, 'float32'))))
    const probs = new Float32Array(total * this.tasks.length)
    let offset = 0
    for (const r of results) {
      probs.set(r.probs, offset)
      offset += r.probs.length
    }
    return { probs, variants, workers: shares.length }
  }

  private workerCount(): number {
    const wanted = Math.max(1, Math.floor(this.options.workers?.() ?? 1))
    if (wanted > 1 && this.options.backend === undefined) throw new Error('data-parallel training needs the backend its workers should start')
    return wanted
  }

  private workerPool(): GradientPool<PassJob, PassResult> {
    this.pool ??= new GradientPool({ kind: 'pretext', ...this.spec }, this.options.backend!)
    return this.pool
  }
}

function weighted(metrics: readonly TaskMetrics[], weights: readonly number[]): number {
  return metrics.reduce((sum, m, i) => sum + m.loss * (weights[i] ?? 0), 0)
}
