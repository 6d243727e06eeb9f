/**
 * Supervised training of an emotion classifier (METHOD §5): on frozen-encoder embeddings (the
 * paper's transfer), or end to end on windows (fine-tuning, and the fully supervised baseline).
 * Adam at a fixed rate, seeded shuffling and dropout, sigmoid cross-entropy for two classes and
 * softmax cross-entropy for more (both on the logits), plus the model's own kernel regularisers.
 */
import * as tf from '@tensorflow/tfjs'
import { throwIfCancelled } from '../common/input-error.js'
import type { BackendChoice } from '../model/backend-choices.js'
import { DropoutMaskSource } from '../model/seeded-dropout.js'
import { Purpose, SplitRandom } from '../common/random.js'
import { Adam } from './adam.js'
import { ClassifierPasses, classifierLoss, classTargets, type ClassifierNetSpec, type ClassifierPassJob } from './classifier-passes.js'
import type { SharedPassResult } from './gradient-protocol.js'
import { GradientPool, runShares } from './gradient-pool.js'
import { sumPassGradients } from './gradient-sum.js'
import { accumulatedGradients, balancedPasses, samplesPerPass, shareOut } from './passes.js'

/** Rows of equal width: embeddings (width 32/64/128) or windows (width = window length). */
export interface SupervisedData {
  readonly x: Float32Array
  readonly width: number
  /** Class index per row; rows with -1 are never used. */
  readonly y: Int32Array
  /** Whether rows are windows (fed as [rows, width, 1]) or feature vectors ([rows, width]). */
  readonly windows: boolean
}

/** Options of {@link fitClassifier}. */
export interface FitOptions {
  readonly model: tf.LayersModel
  readonly classes: number
  readonly train: readonly number[]
  readonly epochs: number
  readonly batch: number
  readonly learningRate: number
  readonly seed: number
  /** The dropout source the model's dropout layers were built with, if any. */
  readonly dropout?: DropoutMaskSource
  readonly signal?: AbortSignal
  readonly onEpoch?: (epoch: number, epochs: number) => void
  /** Most windows per forward/backward pass end to end (default: the active backend's, see passes.ts). */
  readonly samplesPerPass?: number
  /**
   * End to end on windows: how many data-parallel workers share each step (read before every
   * step; the results do not depend on it), the backend they start and the network they
   * replicate (the same as `model`). Default: the trainer alone.
   */
  readonly dataParallel?: { readonly backend: BackendChoice; readonly workers: () => number; readonly spec: ClassifierNetSpec }
}

/** Gathers `rows` of `data` into an input tensor. */
export function gatherRows(data: SupervisedData, rows: ArrayLike<number>): tf.Tensor {
  const w = data.width
  const out = new Float32Array(rows.length * w)
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!
    out.set(data.x.subarray(r * w, (r + 1) * w), i * w)
  }
  return data.windows ? tf.tensor3d(out, [rows.length, w, 1]) : tf.tensor2d(out, [rows.length, w])
}


/** Trains `model` on the `train` rows; returns the number of optimisation steps taken. */
export async function fitClassifier(data: SupervisedData, options: FitOptions): Promise<number> {
  const rows = Int32Array.from(options.train.filter((r) => data.y[r]! >= 0))
  if (rows.length === 0) throw new Error('no labelled windows to train the classifier on')
  const local = new ClassifierPasses(options.model, options.dropout, { inputLength: data.width, classes: options.classes })
  const variables = local.variables
  let pool: GradientPool<ClassifierPassJob, SharedPassResult> | undefined
  const newPool = (): GradientPool<ClassifierPassJob, SharedPassResult> => {
    const dp = options.dataParallel
    if (dp === undefined) throw new Error('data-parallel end-to-end training needs the network its workers should replicate')
    return new GradientPool({ kind: 'classifier', ...dp.spec }, dp.backend)
  }
  const adam = new Adam(variables, { learningRate: options.learningRate, decayRate: 1, decaySteps: 1 })
  const rng = new SplitRandom()
  // Feature vectors are small; whole windows through the encoder are computed in bounded passes.
  const perPass = data.windows ? (options.samplesPerPass ?? samplesPerPass()) : Number.MAX_SAFE_INTEGER
  try {
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      rng.reseed(options.seed, epoch, 0, Purpose.epochOrder).shuffle(rows)
      for (let start = 0; start < rows.length; start += options.batch) {
        throwIfCancelled(options.signal)
        const batchRows = rows.subarray(start, Math.min(rows.length, start + options.batch))
        if (options.dropout !== undefined) options.dropout.step = adam.step
        if (data.windows) {
          await windowStep(data, batchRows, adam.step, perPass, local, () => (pool ??= newPool()), options, (grads) => tf.tidy(() => adam.apply(grads.map((g, i) => tf.tensor(g, variables[i]!.shape, 'float32')))))
        } else {
          const x = gatherRows(data, batchRows)
          const y = classTargets(Array.from(batchRows, (r) => data.y[r]!), options.classes)
          // Embeddings are small: one pass (perPass is unbounded for them).
          const { value, grads } = accumulatedGradients(variables, batchRows.length, perPass, (start, end, share, first) => {
            const loss = classifierLoss(options.model, x.slice(start, end - start), y.slice(start, end - start), options.classes)
            return tf.addN<tf.Scalar>([loss.mul(share), ...(first ? options.model.calculateLosses() : [])])
          })
          adam.apply(variables.map((v) => grads[v.name]!))
          tf.dispose([x, y, value, ...Object.values(grads)])
        }
        // Yield so a cancel request or a progress timer in this process can run between steps.
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
      options.onEpoch?.(epoch + 1, options.epochs)
    }
    return adam.step
  } finally {
    adam.dispose()
    // Threads end with the process in any case; terminate() only frees them sooner.
    pool?.close().catch(() => undefined)
  }
}

/**
 * One end-to-end step on windows: the batch cut into balanced passes (a layout that depends only
 * on the batch), shared by the data-parallel workers, the passes' gradients summed in pass order
 * (so the weights do not depend on the number of workers), then `apply`.
 */
async function windowStep(
  data: SupervisedData, batchRows: Int32Array, step: number, perPass: number, local: ClassifierPasses,
  pool: () => GradientPool<ClassifierPassJob, SharedPassResult>, options: FitOptions, apply: (grads: Float32Array[]) => void,
): Promise<void> {
  const n = data.width
  const total = batchRows.length
  const x = new Float32Array(total * n)
  const y = new Int32Array(total)
  batchRows.forEach((r, i) => {
    x.set(data.x.subarray(r * n, (r + 1) * n), i * n)
    y[i] = data.y[r]!
  })
  const passes = balancedPasses(total, perPass)
  const shares = shareOut(passes, Math.min(Math.max(1, Math.floor(options.dataParallel?.workers() ?? 1)), passes.length))
  const jobs = shares.map((share): ClassifierPassJob => {
    const rowStart = share[0]![0]
    const rowEnd = share.at(-1)![1]
    return { step, total, rowStart, x: x.slice(rowStart * n, rowEnd * n), y: y.slice(rowStart, rowEnd), passes: share }
  })
  const results = await runShares(local, pool, jobs, options.signal)
  apply(sumPassGradients(results.flatMap((r) => r.grads)))
}

/** Predicted class of each of `rows` (inference mode), in batches. */
export async function predictClasses(model: tf.LayersModel, data: SupervisedData, rows: readonly number[], classes: number, batch = 256): Promise<Int32Array> {
  const out = new Int32Array(rows.length)
  for (let start = 0; start < rows.length; start += batch) {
    const chunk = rows.slice(start, start + batch)
    const x = gatherRows(data, chunk)
    const pred = tf.tidy(() => {
      const p = model.predict(x) as tf.Tensor
      return classes === 2 ? p.reshape([-1]).greaterEqual(0.5).toInt() : p.argMax(1)
    })
    x.dispose()
    out.set((await pred.data()), start)
    pred.dispose()
  }
  return out
}
