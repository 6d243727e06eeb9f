/**
 * Supervised training of an emotion classifier (METHOD §5): on frozen-encoder embeddings (the
 * paper's transfer), or end to end on windows (fine-tuning, and the fully supervised baseline).
 * Adam at a fixed rate, seeded shuffling and dropout, sigmoid cross-entropy for two classes and
 * softmax cross-entropy for more (both on the logits), plus the model's own kernel regularisers.
 */
import * as tf from '@tensorflow/tfjs'
import { throwIfCancelled } from '../formats/input-error.js'
import { classifierLogits } from '../model/classifiers.js'
import { DropoutMaskSource } from '../model/seeded-dropout.js'
import { Purpose, SplitRandom } from '../transforms/random.js'
import { Adam } from './adam.js'
import { accumulatedGradients, samplesPerPass } from './passes.js'

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

function targets(data: SupervisedData, rows: ArrayLike<number>, classes: number): tf.Tensor {
  if (classes === 2) return tf.tensor2d(Float32Array.from(rows, (r) => data.y[r]!), [rows.length, 1])
  const onehot = new Float32Array(rows.length * classes)
  for (let i = 0; i < rows.length; i++) onehot[i * classes + data.y[rows[i]!]!] = 1
  return tf.tensor2d(onehot, [rows.length, classes])
}

/**
 * The mean cross-entropy of a pass: sigmoid (two classes) or softmax (more) cross-entropy on the
 * classifier's logits, which stays exact where the probabilities saturate; tfjs's default
 * reduction averages over the pass's rows, as Keras's binary / categorical cross-entropy does.
 * A model without a logits view (built elsewhere) falls back to its probabilities.
 */
function classifierLoss(model: tf.LayersModel, logits: tf.LayersModel | undefined, xs: tf.Tensor, ys: tf.Tensor, classes: number): tf.Scalar {
  if (logits !== undefined) {
    const z = logits.apply(xs, { training: true }) as tf.Tensor
    return classes === 2 ? tf.losses.sigmoidCrossEntropy(ys, z) : tf.losses.softmaxCrossEntropy(ys, z)
  }
  const p = model.apply(xs, { training: true }) as tf.Tensor
  return classes === 2 ? tf.losses.logLoss(ys, p) : tf.losses.softmaxCrossEntropy(ys, tf.log(tf.clipByValue(p, 1e-7, 1)))
}

/** Trains `model` on the `train` rows; returns the number of optimisation steps taken. */
export async function fitClassifier(data: SupervisedData, options: FitOptions): Promise<number> {
  const rows = Int32Array.from(options.train.filter((r) => data.y[r]! >= 0))
  if (rows.length === 0) throw new Error('no labelled windows to train the classifier on')
  const variables = options.model.trainableWeights.map((w) => w.read() as tf.Variable)
  const logits = classifierLogits(options.model)
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
        const x = gatherRows(data, batchRows)
        const y = targets(data, batchRows, options.classes)
        const { value, grads } = accumulatedGradients(variables, batchRows.length, perPass, (start, end, share, first) => {
          if (options.dropout !== undefined) options.dropout.rowOffset = start
          const xs = x.slice(start, end - start)
          const ys = y.slice(start, end - start)
          const loss = classifierLoss(options.model, logits, xs, ys, options.classes)
          return tf.addN<tf.Scalar>([loss.mul(share), ...(first ? options.model.calculateLosses() : [])])
        })
        if (options.dropout !== undefined) options.dropout.rowOffset = 0
        adam.apply(variables.map((v) => grads[v.name]!))
        tf.dispose([x, y, value, ...Object.values(grads)])
        // Yield so a cancel request or a progress timer in this process can run between steps.
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
      options.onEpoch?.(epoch + 1, options.epochs)
    }
    return adam.step
  } finally {
    adam.dispose()
  }
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
