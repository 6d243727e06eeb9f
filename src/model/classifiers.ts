/**
 * The emotion recognition classifiers of METHOD §5, one per dataset as in the authors' code, on
 * the encoder's 128-d embedding (or a smaller block embedding when probing, METHOD §8).
 */
import * as tf from '@tensorflow/tfjs'
import { ClassifierShape } from '../contracts/runs.js'
import { EMBEDDING_SIZE, kernelInit, setEncoderTrainable, type Encoder } from './encoder.js'
import type { DropoutFactory } from './seeded-dropout.js'

/** Datasets with a classifier recipe of their own: the contract's classifier shapes (each kind's is in contracts/dataset-kinds.ts). */
export const CLASSIFIER_DATASETS: readonly ClassifierShape[] = ClassifierShape.options
/** One of {@link CLASSIFIER_DATASETS}. */
export type ClassifierDataset = ClassifierShape

/** One hidden layer of a classifier: dense 512 ReLU, optional L2 on its kernel, optional dropout after. */
export interface HiddenLayerSpec {
  units: number
  /** Keras-style l2 coefficient c of c·‖W‖² on the kernel (the authors' DREAMER model). */
  l2?: number
  dropout?: number
}

/**
 * The hidden layers per dataset, transcribed from METHOD §5 and checked against the authors' code
 * (pritamqu/SSL-ECG, implementation/model.py, `supervised_model_*`). WESAD: METHOD §5's table
 * reads "dense 512 ReLU (dropout 0.2)", but the authors' `supervised_model_wesad` only takes
 * `dropout=0.2` as an argument and adds no Dropout layer — its network is SWELL's, two dense 512
 * ReLU layers and the output — so the workbench matches the code and adds none either.
 */
export const CLASSIFIER_SPECS: Readonly<Record<ClassifierDataset, readonly HiddenLayerSpec[]>> = {
  SWELL: [{ units: 512 }, { units: 512 }],
  AMIGOS: [{ units: 512, dropout: 0.4 }, { units: 512, dropout: 0.4 }, { units: 512, dropout: 0.4 }],
  DREAMER: [
    { units: 512, l2: 1e-4, dropout: 0.2 },
    { units: 512, l2: 1e-4, dropout: 0.2 },
    { units: 512, l2: 1e-4, dropout: 0.2 },
  ],
  // No dropout: the authors' code adds none for WESAD (see above).
  WESAD: [{ units: 512 }, { units: 512 }],
}

/** Options of {@link buildClassifierHead}. */
export interface ClassifierOptions {
  dataset: ClassifierDataset
  /** Number of classes: 2 gives one sigmoid unit, more give a softmax layer. */
  classes: number
  /** Size of the input embedding: 128 normally, 32 or 64 when probing blocks 1 or 2. */
  inputSize?: number
  seed?: number
  /** Makes the dropout layers; default tfjs's (unseeded) dropout. Training passes seeded ones. */
  dropoutLayer?: DropoutFactory
}

/** Units of the output layer: one sigmoid unit for binary tasks, else one softmax unit per class. */
export function outputUnits(classes: number): number {
  if (!Number.isInteger(classes) || classes < 2) throw new Error(`a classifier needs at least 2 classes, got ${classes}`)
  return classes === 2 ? 1 : classes
}

/** Trainable parameters of a classifier head, computed from its layer sizes. */
export function classifierParamCount(options: ClassifierOptions): number {
  let inputs = options.inputSize ?? EMBEDDING_SIZE
  let count = 0
  for (const layer of CLASSIFIER_SPECS[options.dataset]) {
    count += inputs * layer.units + layer.units
    inputs = layer.units
  }
  const out = outputUnits(options.classes)
  return count + inputs * out + out
}

/**
 * Builds the classifier head as its own model (embedding → class scores), so frozen transfer can
 * train it on embeddings computed once. Layer names: `hidden1`, `dropout1`, …, `output` (the
 * logits), `output_activation` (sigmoid or softmax); {@link classifierLogits} gives the logits.
 */
export function buildClassifierHead(options: ClassifierOptions): tf.LayersModel {
  const inputSize = options.inputSize ?? EMBEDDING_SIZE
  const input = tf.input({ shape: [inputSize], name: 'embedding' })
  let x: tf.SymbolicTensor = input
  CLASSIFIER_SPECS[options.dataset].forEach((layer, i) => {
    x = tf.layers.dense({
      name: `hidden${i + 1}`,
      units: layer.units,
      activation: 'relu',
      kernelInitializer: kernelInit(options.seed, 100 + i),
      kernelRegularizer: layer.l2 === undefined ? undefined : tf.regularizers.l2({ l2: layer.l2 }),
    }).apply(x) as tf.SymbolicTensor
    if (layer.dropout !== undefined) {
      const name = `dropout${i + 1}`
      const dropout = options.dropoutLayer?.(name, layer.dropout) ?? tf.layers.dropout({ name, rate: layer.dropout })
      x = dropout.apply(x) as tf.SymbolicTensor
    }
  })
  const units = outputUnits(options.classes)
  // The output layer gives logits (its weights keep the name `output/…`); a weightless activation
  // layer turns them into probabilities, and the trainer's loss reads the logits.
  const logits = tf.layers.dense({
    name: 'output',
    units,
    activation: 'linear',
    kernelInitializer: kernelInit(options.seed, 199),
  }).apply(x) as tf.SymbolicTensor
  const output = tf.layers.activation({ name: 'output_activation', activation: units === 1 ? 'sigmoid' : 'softmax' }).apply(logits) as tf.SymbolicTensor
  const name = `classifier_${options.dataset.toLowerCase()}`
  const head = tf.model({ inputs: input, outputs: output, name })
  LOGITS.set(head, tf.model({ inputs: input, outputs: logits, name: `${name}_logits` }))
  return head
}

/**
 * The logits view of each classifier built here (head, or transfer model): same inputs, same
 * layers and weights, the output layer's values before the sigmoid / softmax. Kept beside the
 * model rather than in its outputs so predictions stay probabilities everywhere.
 */
const LOGITS = new WeakMap<tf.LayersModel, tf.LayersModel>()

/**
 * The logits of a classifier from {@link buildClassifierHead} or {@link buildTransferModel}
 * (sharing its weights), so the training loss can be computed from logits — numerically stable
 * where the sigmoid or softmax saturates; undefined for a model built elsewhere.
 */
export function classifierLogits(model: tf.LayersModel): tf.LayersModel | undefined {
  return LOGITS.get(model)
}

/**
 * Joins an encoder (its weights copied from the pretext network) and a classifier head into one
 * window → class-scores model. The encoder is frozen unless `fineTune` is set (METHOD §5: the
 * authors advise that unfreezing may do better). Both models keep sharing their weights.
 */
export function buildTransferModel(encoder: Encoder, head: tf.LayersModel, options: { fineTune?: boolean } = {}): tf.LayersModel {
  setEncoderTrainable(encoder, options.fineTune === true)
  const input = encoder.model.inputs[0]
  const embedding = encoder.model.outputs[0]
  if (input === undefined || embedding === undefined) throw new Error('encoder model without input or output')
  const output = head.apply(embedding) as tf.SymbolicTensor
  const transfer = tf.model({ inputs: input, outputs: output, name: 'transfer' })
  const headLogits = LOGITS.get(head)
  if (headLogits !== undefined) LOGITS.set(transfer, tf.model({ inputs: input, outputs: headLogits.apply(embedding) as tf.SymbolicTensor, name: 'transfer_logits' }))
  return transfer
}
