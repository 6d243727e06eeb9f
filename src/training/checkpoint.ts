/**
 * Checkpoints of tfjs models: the weights of a model's variables into the byte format of
 * checkpoint-format.ts and back.
 */
import * as tf from '@tensorflow/tfjs'
import { encodeCheckpointArrays, type AdamState, type Checkpoint, type NamedWeight } from '../formats/checkpoint-format.js'

export { decodeCheckpoint, stripOptimizer, type Checkpoint } from '../formats/checkpoint-format.js'

/** Encodes the current weights of `variables` (by their names) and an optional optimizer state. */
export async function encodeCheckpoint(variables: readonly tf.LayerVariable[], optimizer: AdamState | null): Promise<Buffer> {
  const named: NamedWeight[] = []
  for (const v of variables) named.push({ name: v.originalName, shape: v.shape as number[], values: (await v.read().data()) as Float32Array })
  return encodeCheckpointArrays(named, optimizer)
}

/**
 * Loads checkpoint weights into `variables` by name (e.g. a pretext checkpoint's encoder weights
 * into a fresh encoder). Every variable must be found with the same shape.
 */
export function restoreWeights(variables: readonly tf.LayerVariable[], checkpoint: Checkpoint): void {
  tf.tidy(() => {
    for (const v of variables) {
      const saved = checkpoint.weights.get(v.originalName)
      if (saved === undefined) throw new Error(`checkpoint has no weight ${v.originalName}`)
      if (saved.shape.join('x') !== v.shape.join('x')) throw new Error(`checkpoint weight ${v.originalName} has shape ${saved.shape.join('×')}, the model ${v.shape.join('×')}`)
      v.write(tf.tensor(saved.values, saved.shape, 'float32'))
    }
  })
}
