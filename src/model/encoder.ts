/**
 * The convolutional encoder of METHOD §4: three blocks of two 1-D convolutions each (stride 1,
 * 'same', leaky ReLU 0.2, no batch norm), max-pooling after blocks 1 and 2 and a global max-pool
 * after block 3 giving the 128-d embedding. It also exposes a global max-pool after each block
 * (32, 64 and 128 values) for layer probing (METHOD §8), as the authors' code does.
 */
import * as tf from '@tensorflow/tfjs'

/** Samples per window (10 s at 256 Hz, METHOD §2). */
export const WINDOW_LENGTH = 2560
/** Size of the embedding the classifiers read. */
export const EMBEDDING_SIZE = 128
/** Slope of the leaky ReLU used throughout the pretext network. */
export const LEAKY_SLOPE = 0.2

/** One convolution block of the encoder: filters and kernel of its two convolutions. */
interface BlockSpec {
  filters: number
  kernel: number
  /** Max-pool after the block (size 8, stride 2, 'valid'); block 3 ends in the global pool instead. */
  pool: boolean
}

const BLOCKS: readonly BlockSpec[] = [
  { filters: 32, kernel: 32, pool: true },
  { filters: 64, kernel: 16, pool: true },
  { filters: 128, kernel: 8, pool: false },
]

/** Options of {@link buildEncoder}. */
export interface EncoderOptions {
  /** Input length in samples; tests use short windows. Default {@link WINDOW_LENGTH}. */
  inputLength?: number
  /** Seed for the kernel initialisers (glorot uniform, as Keras); unseeded when absent. */
  seed?: number
  /**
   * Coefficient c of the regulariser c · ½‖W‖² on every convolution kernel (METHOD §4 uses 1e-4);
   * none when absent. tfjs's l2 is c'·‖W‖², hence c' = c / 2.
   */
  l2?: number
}

/** The encoder and the views of it other parts need. All share the same layers and weights. */
export interface Encoder {
  /** window (length × 1) → 128-d embedding. */
  model: tf.LayersModel
  /** window → [block 1 output (1277 × 32), block 2 output (635 × 64), embedding (128)]. */
  blocks: tf.LayersModel
  /**
   * window → [global max-pool of block 1 (32), of block 2 (64), of block 3 (128)] for probing, each
   * over the block's whole convolution output (before its max-pool).
   */
  probe: tf.LayersModel
  /** The encoder's own layers, in order (to freeze or unfreeze them for transfer). */
  layers: tf.layers.Layer[]
}

/** Output length of the 'valid' max-pool of size 8 and stride 2 used after blocks 1 and 2. */
export function pooledLength(length: number): number {
  return Math.floor((length - 8) / 2) + 1
}

/** tfjs does not export its Initializer class name; this is its type. */
export type KernelInitializer = ReturnType<typeof tf.initializers.glorotUniform>

/** A seeded glorot-uniform initialiser (Keras's default for conv and dense kernels). */
export function kernelInit(seed: number | undefined, index: number): KernelInitializer {
  // Each layer gets its own seed so that two layers of the same shape do not start identical.
  return seed === undefined ? tf.initializers.glorotUniform({}) : tf.initializers.glorotUniform({ seed: seed * 1000 + index })
}

/**
 * Builds the encoder of METHOD §4. Layer names are fixed (`conv1a`, `conv1b`, `pool1`, …, `gmp3`)
 * so that saved weights and exported `.npy` files can be matched by name.
 */
export function buildEncoder(options: EncoderOptions = {}): Encoder {
  const inputLength = options.inputLength ?? WINDOW_LENGTH
  const regularizer = options.l2 === undefined ? undefined : tf.regularizers.l2({ l2: options.l2 / 2 })
  const input = tf.input({ shape: [inputLength, 1], name: 'window' })
  const layers: tf.layers.Layer[] = []
  const add = <L extends tf.layers.Layer>(layer: L): L => {
    layers.push(layer)
    return layer
  }
  let x = input
  let initIndex = 0
  const blockOutputs: tf.SymbolicTensor[] = []
  const blockPools: tf.SymbolicTensor[] = []
  BLOCKS.forEach((block, b) => {
    for (const part of ['a', 'b']) {
      const conv = add(tf.layers.conv1d({
        name: `conv${b + 1}${part}`,
        filters: block.filters,
        kernelSize: block.kernel,
        strides: 1,
        padding: 'same',
        kernelInitializer: kernelInit(options.seed, initIndex++),
        kernelRegularizer: regularizer,
      }))
      x = conv.apply(x) as tf.SymbolicTensor
      x = add(tf.layers.leakyReLU({ name: `lrelu${b + 1}${part}`, alpha: LEAKY_SLOPE })).apply(x) as tf.SymbolicTensor
    }
    // The probe reads the global max over the block's whole activation sequence, before its
    // max-pool, as the authors' code does (GAP1/GAP2: a max-pool as long as the convolution
    // output). The 'valid' pool of size 8 and stride 2 skips the last sample of an odd-length
    // sequence (block 2 of a 2560-sample window: 1277 samples, the pool reads 0…1275), so a max
    // over the pooled output could miss it.
    const gmp = add(tf.layers.globalMaxPooling1d({ name: `gmp${b + 1}` })).apply(x) as tf.SymbolicTensor
    if (block.pool) {
      x = add(tf.layers.maxPooling1d({ name: `pool${b + 1}`, poolSize: 8, strides: 2, padding: 'valid' })).apply(x) as tf.SymbolicTensor
    }
    blockPools.push(gmp)
    blockOutputs.push(block.pool ? x : gmp)
  })
  const embedding = blockPools[BLOCKS.length - 1]
  if (embedding === undefined) throw new Error('encoder has no blocks')
  return {
    model: tf.model({ inputs: input, outputs: embedding, name: 'encoder' }),
    blocks: tf.model({ inputs: input, outputs: blockOutputs, name: 'encoder_blocks' }),
    probe: tf.model({ inputs: input, outputs: blockPools, name: 'encoder_probe' }),
    // Only the layers that belong to the embedding path (gmp1 and gmp2 are probing extras).
    layers: layers.filter((l) => l.name !== 'gmp1' && l.name !== 'gmp2'),
  }
}

/** Marks the encoder's layers trainable (fine-tuning) or frozen (transfer as in the paper). */
export function setEncoderTrainable(encoder: Encoder, trainable: boolean): void {
  for (const layer of encoder.layers) layer.trainable = trainable
}
