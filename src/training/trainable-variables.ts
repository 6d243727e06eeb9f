/**
 * The trainable variables of one model, copied in and out as plain arrays: how a data-parallel
 * worker's replica takes the trainer's weights before each step, for pretext and classifier
 * passes alike.
 */
import * as tf from '@tensorflow/tfjs'

/** A model's trainable variables in trainable order, with array copies in and out. */
export class TrainableVariables {
  readonly variables: tf.Variable[]

  constructor(model: tf.LayersModel) {
    this.variables = model.trainableWeights.map((w) => w.read() as tf.Variable)
  }

  /** Overwrites the trainable weights (a worker's replica takes the trainer's before each step). */
  setWeights(values: readonly Float32Array[]): void {
    if (values.length !== this.variables.length) throw new Error(`${values.length} weight arrays for ${this.variables.length} variables`)
    tf.tidy(() => this.variables.forEach((v, i) => v.assign(tf.tensor(values[i]!, v.shape, 'float32'))))
  }

  /** A copy of the trainable weights, in trainable order. */
  async weights(): Promise<Float32Array[]> {
    return Promise.all(this.variables.map(async (v) => (await v.data()) as Float32Array))
  }
}
