/**
 * The signal transformation recognition network of METHOD §4: the encoder followed by seven
 * binary heads, one per variant ("is this sample variant i?").
 */
import * as tf from '@tensorflow/tfjs'
import { PRETEXT_TASK_NAMES, type PretextTaskName } from '../contracts/runs.js'
import { buildEncoder, kernelInit, LEAKY_SLOPE, type Encoder, type EncoderOptions } from './encoder.js'
import type { DropoutFactory } from './seeded-dropout.js'

/** The pretext tasks in METHOD §3's fixed order; the loss coefficients refer to this order. */
export const PRETEXT_TASKS = PRETEXT_TASK_NAMES
/** One of {@link PRETEXT_TASKS}. */
export type PretextTask = PretextTaskName

/** Width of each head's hidden layers and their dropout rate (METHOD §4). */
export const HEAD_UNITS = 128
export const HEAD_DROPOUT = 0.6

/** Options of {@link buildPretextModel}. */
export interface PretextOptions extends EncoderOptions {
  /** Tasks to build heads for, in order; default all seven. Ablation drops one. */
  tasks?: readonly PretextTask[]
  /** Dropout rate of the heads; default {@link HEAD_DROPOUT}. */
  dropout?: number
  /** Makes the heads' dropout layers; default tfjs's (unseeded) dropout. Training passes seeded ones. */
  dropoutLayer?: DropoutFactory
}

/** The pretext network: the encoder it trains and the model with one output per task. */
export interface PretextModel {
  encoder: Encoder
  /**
   * window → one [batch, 1] sigmoid output per task, in the order of `tasks` (output names
   * `<task>_sigmoid`). Saving, loading and the trainable weights go through this model.
   */
  model: tf.LayersModel
  /**
   * window → the same heads' logits (the output layers' values before the sigmoid), output names =
   * task names. It shares every layer and weight with `model`; the training loss is computed from
   * it as sigmoid cross-entropy on logits, which is numerically stable where the sigmoid saturates
   * (the authors' code does the same: tf.losses.sigmoid_cross_entropy on their heads' logits).
   */
  logits: tf.LayersModel
  tasks: readonly PretextTask[]
}

/**
 * Builds the pretext network. Head layers are named `<task>_dense1`, `<task>_dense2`, … and the
 * output layer (dense, linear: the logit) is named by the task itself, so saved weights keep their
 * names (`<task>/kernel`); a weightless `<task>_sigmoid` layer turns the logit into the probability.
 */
export function buildPretextModel(options: PretextOptions = {}): PretextModel {
  const tasks = options.tasks ?? PRETEXT_TASKS
  const encoder = buildEncoder(options)
  const embedding = encoder.model.outputs[0]
  const input = encoder.model.inputs[0]
  if (embedding === undefined || input === undefined) throw new Error('encoder model without input or output')
  const regularizer = options.l2 === undefined ? undefined : tf.regularizers.l2({ l2: options.l2 / 2 })
  // Seeds for head kernels continue after the encoder's six convolutions.
  let initIndex = 6
  const rate = options.dropout ?? HEAD_DROPOUT
  const makeDropout: DropoutFactory = options.dropoutLayer ?? ((name, r) => tf.layers.dropout({ name, rate: r }))
  const dense = (name: string, units: number): tf.layers.Layer =>
    tf.layers.dense({
      name,
      units,
      activation: 'linear',
      kernelInitializer: kernelInit(options.seed, initIndex++),
      kernelRegularizer: regularizer,
    })
  const logits = tasks.map((task) => {
    let x = embedding
    for (const i of [1, 2]) {
      x = dense(`${task}_dense${i}`, HEAD_UNITS).apply(x) as tf.SymbolicTensor
      x = tf.layers.leakyReLU({ name: `${task}_lrelu${i}`, alpha: LEAKY_SLOPE }).apply(x) as tf.SymbolicTensor
      x = makeDropout(`${task}_dropout${i}`, rate).apply(x) as tf.SymbolicTensor
    }
    return dense(task, 1).apply(x) as tf.SymbolicTensor
  })
  const probabilities = logits.map((logit, i) => tf.layers.activation({ name: `${tasks[i]}_sigmoid`, activation: 'sigmoid' }).apply(logit) as tf.SymbolicTensor)
  return {
    encoder,
    model: tf.model({ inputs: input, outputs: probabilities, name: 'pretext' }),
    logits: tf.model({ inputs: input, outputs: logits, name: 'pretext_logits' }),
    tasks,
  }
}
