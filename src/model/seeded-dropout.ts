/**
 * Dropout whose masks are fresh at every training step yet reproducible from the run's seed.
 *
 * tfjs's own dropout layer either draws unseeded masks (a run cannot be repeated or resumed
 * exactly) or, given a seed, repeats one and the same mask at every step (which is not dropout).
 * Here each mask is drawn from the splittable stream keyed by (seed, step, layer): the same step
 * of the same run always drops the same units, consecutive steps drop different ones, and a run
 * resumed at step k continues with exactly the masks it would have used.
 */
import * as tf from '@tensorflow/tfjs'
import { Purpose, SplitRandom } from '../common/random.js'

/** Where dropout layers get their masks: the trainer sets `step` before each training step. */
export class DropoutMaskSource {
  /** Training step whose masks are drawn next. */
  step = 0
  /**
   * Row of the step's batch at which the current pass starts: a step computed in several passes
   * (src/training/passes.ts) draws, for each pass, its rows' part of the whole batch's mask.
   */
  rowOffset = 0
  private readonly rng = new SplitRandom()
  private readonly layerIds = new Map<string, number>()

  constructor(readonly seed: number) {}

  /**
   * The inverted-dropout mask for `layer` at the current step: each entry is 0 with probability
   * `rate`, else 1 / (1 - rate), so the expected activation is unchanged. The first `skip` values
   * of the stream belong to earlier rows of the batch and are passed over.
   */
  mask(layer: string, size: number, rate: number, skip = 0): Float32Array {
    let id = this.layerIds.get(layer)
    if (id === undefined) {
      id = this.layerIds.size
      this.layerIds.set(layer, id)
    }
    // Window key part = layer number: each layer has its own stream at each step.
    this.rng.reseed(this.seed, this.step, id, Purpose.dropout)
    for (let i = 0; i < skip; i++) this.rng.nextUint32()
    const out = new Float32Array(size)
    const keep = 1 / (1 - rate)
    const cut = Math.floor(rate * 4294967296)
    for (let i = 0; i < size; i++) out[i] = this.rng.nextUint32() < cut ? 0 : keep
    return out
  }
}

interface SeededDropoutArgs {
  name: string
  rate: number
  source: DropoutMaskSource
}

/** A dropout layer drawing its masks from a {@link DropoutMaskSource}. */
export class SeededDropout extends tf.layers.Layer {
  static readonly className = 'SeededDropout'
  private readonly rate: number
  private readonly source: DropoutMaskSource

  constructor(args: SeededDropoutArgs) {
    super({ name: args.name, trainable: false })
    if (!(args.rate >= 0 && args.rate < 1)) throw new RangeError(`dropout rate must be in [0, 1), got ${args.rate}`)
    this.rate = args.rate
    this.source = args.source
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs
    if (x === undefined) throw new Error(`${this.name}: no input`)
    if (kwargs.training !== true || this.rate === 0) return x.clone()
    const perRow = x.shape[0] === undefined || x.shape[0] === 0 ? 0 : x.size / x.shape[0]
    const mask = this.source.mask(this.name, x.size, this.rate, this.source.rowOffset * perRow)
    return tf.tidy(() => x.mul(tf.tensor(mask, x.shape, 'float32')))
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate }
  }
}

/** Factory for the model builders: a dropout layer named `name` with `rate`. */
export type DropoutFactory = (name: string, rate: number) => tf.layers.Layer

/** Dropout layers drawing from `source`. */
export function seededDropout(source: DropoutMaskSource): DropoutFactory {
  return (name, rate) => new SeededDropout({ name, rate, source })
}
