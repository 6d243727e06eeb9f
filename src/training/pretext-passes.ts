/**
 * The gradients of one pretext step's loss (METHOD §4: weighted per-task cross-entropy + L2),
 * computed pass by pass over a share of the step's samples. The same code runs in the trainer
 * and in every data-parallel worker (gradient-worker.ts), so a pass's gradient is the same
 * wherever it is computed; the trainer sums the passes' gradients in pass order (gradient-sum.ts).
 */
import * as tf from '@tensorflow/tfjs'
import type { PretextTaskName } from '../contracts/runs.js'
import { buildPretextModel, PRETEXT_TASKS, type PretextModel } from '../model/pretext-model.js'
import { DropoutMaskSource, seededDropout } from '../model/seeded-dropout.js'
import { throwIfCancelled } from '../common/input-error.js'
import type { PassComputer, SharedPassJob, SharedPassResult } from './gradient-protocol.js'
import { TrainableVariables } from './trainable-variables.js'

/** What defines the network and its loss; identical in the trainer and every worker. */
export interface PretextNetSpec {
  readonly inputLength: number
  readonly seed: number
  /** L2 coefficient c of c·½‖W‖² (0 = none). */
  readonly l2: number
  readonly tasks: readonly PretextTaskName[]
  readonly dropout: number
  /** Loss coefficient of each kept task, in `tasks` order. */
  readonly lossWeights: readonly number[]
}

/** Some passes of one pretext step, over a contiguous share of its samples. */
export interface PassJob extends SharedPassJob {
  /** The share's samples, rows × inputLength. */
  readonly x: Float32Array
  /** The variant (index in PRETEXT_TASKS) of each row of `x`. */
  readonly variants: Uint8Array
}

/** Per pass: the gradient of every trainable variable (trainable order) and the loss value. */
export interface PassResult extends SharedPassResult {
  /** Training-mode probabilities of the share's rows, rows × tasks. */
  readonly probs: Float32Array
}

/** The pretext network with seeded dropout, as {@link PretextNetSpec} describes it. */
export function buildSpecModel(spec: PretextNetSpec, dropout: DropoutMaskSource): PretextModel {
  return buildPretextModel({
    inputLength: spec.inputLength,
    seed: spec.seed,
    l2: spec.l2 > 0 ? spec.l2 : undefined,
    tasks: spec.tasks,
    dropout: spec.dropout,
    dropoutLayer: seededDropout(dropout),
  })
}

/** Computes {@link PassJob}s on one model (the trainer's own, or a worker's replica). */
export class PretextPasses extends TrainableVariables implements PassComputer<PassJob, PassResult> {
  private readonly taskVariant: number[]

  constructor(readonly net: PretextModel, readonly dropout: DropoutMaskSource, readonly spec: PretextNetSpec) {
    super(net.model)
    this.taskVariant = spec.tasks.map((t) => PRETEXT_TASKS.indexOf(t))
  }

  /**
   * The gradients of each pass of `job`, in its order. Reads are asynchronous so that GPU
   * backends (which cannot read synchronously) run the same code.
   */
  async run(job: PassJob, signal?: AbortSignal): Promise<PassResult> {
    const n = this.spec.inputLength
    const tasks = this.taskVariant.length
    const rows = job.variants.length
    const probs = new Float32Array(rows * tasks)
    const grads: Float32Array[][] = []
    const values: number[] = []
    this.dropout.step = job.step
    for (const [start, end] of job.passes) {
      // A cancel is heard between passes (a second or two), not only between steps (a minute at
      // the paper's batch): yield to the event loop so its message can arrive, then look.
      await new Promise<void>((resolve) => setImmediate(resolve))
      throwIfCancelled(signal)
      const local = start - job.rowStart
      const count = end - start
      this.dropout.rowOffset = start
      let joined: tf.Tensor | undefined
      const { value, grads: byName } = tf.variableGrads(() => {
        const x = tf.tensor3d(job.x.subarray(local * n, (local + count) * n), [count, n, 1])
        // The heads' logits: the loss is sigmoid cross-entropy on logits (stable where the sigmoid
        // saturates); the probabilities recorded for the metrics are their sigmoid.
        const outs = this.net.logits.apply(x, { training: true }) as tf.Tensor[]
        joined = tf.keep(tf.sigmoid(tf.concat(outs, 1)))
        const share = count / job.total
        const terms = outs.map((logit, t) => {
          const y = new Float32Array(count)
          for (let r = 0; r < count; r++) y[r] = job.variants[local + r] === this.taskVariant[t] ? 1 : 0
          // Mean over the pass's rows, as logLoss was (tfjs's default reduction SUM_BY_NONZERO_WEIGHTS without weights).
          return tf.losses.sigmoidCrossEntropy(tf.tensor2d(y, [count, 1]), logit).mul((this.spec.lossWeights[t] ?? 0) * share)
        })
        // The L2 term belongs to the step once: to its first pass, wherever that is computed.
        const reg = start === 0 ? this.net.model.calculateLosses() : []
        return tf.addN([...terms, ...reg]) as tf.Scalar
      }, this.variables)
      grads.push(await Promise.all(this.variables.map(async (v) => (await byName[v.name]!.data()) as Float32Array)))
      values.push((await value.data())[0]!)
      probs.set((await joined!.data()), local * tasks)
      tf.dispose([value, joined!, ...Object.values(byName)])
    }
    this.dropout.rowOffset = 0
    return { grads, values, probs }
  }
}
