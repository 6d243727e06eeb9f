/**
 * The gradients of one end-to-end classifier step (fine-tuning and the fully supervised baseline,
 * METHOD §5: the encoder and a dataset's classifier head trained together on windows), computed
 * pass by pass over a share of the step's windows; the same code in the trainer and in its
 * data-parallel workers, as pretext-passes.ts is for the pretext network.
 */
import * as tf from '@tensorflow/tfjs'
import type { ClassifierShape } from '../contracts/runs.js'
import { buildClassifierHead, buildTransferModel, classifierLogits } from '../model/classifiers.js'
import { buildEncoder } from '../model/encoder.js'
import { DropoutMaskSource, seededDropout } from '../model/seeded-dropout.js'
import { throwIfCancelled } from '../common/input-error.js'
import type { PassComputer, SharedPassJob, SharedPassResult } from './gradient-protocol.js'
import { TrainableVariables } from './trainable-variables.js'

/** What defines the end-to-end network; identical in the trainer and every worker. */
export interface ClassifierNetSpec {
  readonly inputLength: number
  readonly seed: number
  readonly shape: ClassifierShape
  readonly classes: number
}

/** Some passes of one end-to-end step over a contiguous share of its windows. */
export interface ClassifierPassJob extends SharedPassJob {
  /** The share's windows, rows × inputLength. */
  readonly x: Float32Array
  /** The class of each row of `x`. */
  readonly y: Int32Array
}

/** The encoder joined to the classifier head, all of it trainable, as {@link ClassifierNetSpec} describes. */
export function buildClassifierSpecModel(spec: ClassifierNetSpec, dropout: DropoutMaskSource): tf.LayersModel {
  const encoder = buildEncoder({ inputLength: spec.inputLength, seed: spec.seed })
  const head = buildClassifierHead({ dataset: spec.shape, classes: spec.classes, seed: spec.seed, dropoutLayer: seededDropout(dropout) })
  return buildTransferModel(encoder, head, { fineTune: true })
}

/**
 * The mean cross-entropy of a pass: sigmoid (two classes) or softmax (more) cross-entropy on the
 * classifier's logits, which stays exact where the probabilities saturate; tfjs's default
 * reduction averages over the pass's rows, as Keras's binary / categorical cross-entropy does.
 * A model without a logits view (built elsewhere) falls back to its probabilities.
 */
export function classifierLoss(model: tf.LayersModel, xs: tf.Tensor, ys: tf.Tensor, classes: number): tf.Scalar {
  const logits = classifierLogits(model)
  if (logits !== undefined) {
    const z = logits.apply(xs, { training: true }) as tf.Tensor
    return classes === 2 ? tf.losses.sigmoidCrossEntropy(ys, z) : tf.losses.softmaxCrossEntropy(ys, z)
  }
  const p = model.apply(xs, { training: true }) as tf.Tensor
  return classes === 2 ? tf.losses.logLoss(ys, p) : tf.losses.softmaxCrossEntropy(ys, tf.log(tf.clipByValue(p, 1e-7, 1)))
}

/** The targets of `y`'s rows: the class as 0/1 for two classes, one-hot for more. */
export function classTargets(y: ArrayLike<number>, classes: number): tf.Tensor {
  if (classes === 2) return tf.tensor2d(Float32Array.from(y), [y.length, 1])
  const onehot = new Float32Array(y.length * classes)
  for (let i = 0; i < y.length; i++) onehot[i * classes + y[i]!] = 1
  return tf.tensor2d(onehot, [y.length, classes])
}

/** Computes {@link ClassifierPassJob}s on one model (the trainer's own, or a worker's replica). */
export class ClassifierPasses extends TrainableVariables implements PassComputer<ClassifierPassJob, SharedPassResult> {
  constructor(readonly model: tf.LayersModel, readonly dropout: DropoutMaskSource | undefined, readonly spec: Pick<ClassifierNetSpec, 'inputLength' | 'classes'>) {
    super(model)
  }

  async run(job: ClassifierPassJob, signal?: AbortSignal): Promise<SharedPassResult> {
    const n = this.spec.inputLength
    const grads: Float32Array[][] = []
    const values: number[] = []
    if (this.dropout !== undefined) this.dropout.step = job.step
    for (const [start, end] of job.passes) {
      await new Promise<void>((resolve) => setImmediate(resolve))
      throwIfCancelled(signal)
      const local = start - job.rowStart
      const count = end - start
      if (this.dropout !== undefined) this.dropout.rowOffset = start
      const { value, grads: byName } = tf.variableGrads(() => {
        const xs = tf.tensor3d(job.x.subarray(local * n, (local + count) * n), [count, n, 1])
        const ys = classTargets(job.y.subarray(local, local + count), this.spec.classes)
        const loss = classifierLoss(this.model, xs, ys, this.spec.classes).mul(count / job.total)
        // The kernels' L2 belongs to the step once: to its first pass, wherever that is computed.
        return tf.addN<tf.Scalar>([loss as tf.Scalar, ...(start === 0 ? this.model.calculateLosses() : [])])
      }, this.variables)
      grads.push(await Promise.all(this.variables.map(async (v) => (await byName[v.name]!.data()) as Float32Array)))
      values.push((await value.data())[0]!)
      tf.dispose([value, ...Object.values(byName)])
    }
    if (this.dropout !== undefined) this.dropout.rowOffset = 0
    return { grads, values }
  }
}
