/**
 * Adam as the authors' TensorFlow 1 implementation computes it (tf.train.AdamOptimizer):
 *   m ← β1·m + (1−β1)·g,  v ← β2·v + (1−β2)·g²,
 *   θ ← θ − lr_t · m / (√v + ε),  lr_t = lr · √(1−β2^t) / (1−β1^t),
 * with the staircase decay of METHOD §4 applied to lr.
 *
 * Written here rather than taken from tfjs because resuming must be exact: tfjs's optimizer
 * rebuilds its β-power accumulators with pow() on load, which differs in the last float32 bit
 * from the products it accumulated before, so a resumed run would drift from an uninterrupted
 * one. Here the bias correction is computed in float64 from the step count alone, and the whole
 * state (step, m, v) is plain arrays that a checkpoint stores bit for bit.
 */
import * as tf from '@tensorflow/tfjs'
import type { AdamState } from '../formats/checkpoint-format.js'

/** Learning-rate schedule: lr · rate^floor(step / every) (staircase). */
export interface StaircaseSchedule {
  readonly learningRate: number
  readonly decayRate: number
  readonly decaySteps: number
}

/** The learning rate in force at 0-based `step`. */
export function learningRateAt(schedule: StaircaseSchedule, step: number): number {
  return schedule.learningRate * Math.pow(schedule.decayRate, Math.floor(step / schedule.decaySteps))
}


export class Adam {
  /** Completed steps. */
  step = 0
  private readonly m: tf.Variable[]
  private readonly v: tf.Variable[]

  constructor(
    readonly variables: readonly tf.Variable[],
    readonly schedule: StaircaseSchedule,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-8,
  ) {
    // tidy frees the zeros tensors; the variables keep their own reference to the data
    this.m = variables.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)))
    this.v = variables.map((x) => tf.tidy(() => tf.variable(tf.zerosLike(x), false)))
  }

  /** The learning rate of the next step. */
  get learningRate(): number {
    return learningRateAt(this.schedule, this.step)
  }

  /** Applies one update from gradients given in variable order, then disposes nothing of the caller's. */
  apply(grads: readonly tf.Tensor[]): void {
    if (grads.length !== this.variables.length) throw new Error(`${grads.length} gradients for ${this.variables.length} variables`)
    const t = this.step + 1
    const lrT = (this.learningRate * Math.sqrt(1 - Math.pow(this.beta2, t))) / (1 - Math.pow(this.beta1, t))
    tf.tidy(() => {
      this.variables.forEach((x, i) => {
        const g = grads[i]!
        const m = this.m[i]!
        const v = this.v[i]!
        const mNew = m.mul(this.beta1).add(g.mul(1 - this.beta1))
        const vNew = v.mul(this.beta2).add(g.square().mul(1 - this.beta2))
        m.assign(mNew)
        v.assign(vNew)
        x.assign(x.sub(mNew.div(vNew.sqrt().add(this.epsilon)).mul(lrT)))
      })
    })
    this.step = t
  }

  /** A copy of the state for a checkpoint. */
  async save(): Promise<AdamState> {
    const m = await Promise.all(this.m.map(async (x) => (await x.data()) as Float32Array))
    const v = await Promise.all(this.v.map(async (x) => (await x.data()) as Float32Array))
    return { step: this.step, m, v }
  }

  /** Restores a state saved from an optimizer over variables of the same shapes. */
  load(state: AdamState): void {
    if (state.m.length !== this.m.length || state.v.length !== this.v.length) throw new Error('optimizer state does not match the model')
    tf.tidy(() => {
      this.m.forEach((x, i) => x.assign(tf.tensor(state.m[i]!, x.shape, 'float32')))
      this.v.forEach((x, i) => x.assign(tf.tensor(state.v[i]!, x.shape, 'float32')))
    })
    this.step = state.step
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v])
  }
}
