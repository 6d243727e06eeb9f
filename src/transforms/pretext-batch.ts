/**
 * The pretext batch builder: B original windows → 7B samples (every variant of every window),
 * each with 7 binary targets ("is this sample variant i?"), in a shuffled order. Everything is
 * determined by (seed, epoch, the batch's window indices), so a resumed run rebuilds the very
 * same batches.
 */
import { Purpose, SplitRandom, hashIndices } from '../common/random.js'
import { VARIANT_COUNT, WindowTransformer, type TransformParams } from './transforms.js'

/** One pretext batch; row r of `x`, `y`, `variant` and `source` describe the same sample. */
export interface PretextBatch {
  /** Samples, 7B × n, row-major. */
  readonly x: Float32Array
  /** Targets, 7B × 7: one-hot of the variant (task order of METHOD §3). */
  readonly y: Float32Array
  /** The variant of each sample (0 = original … 6 = time-warp). */
  readonly variant: Uint8Array
  /** The dataset window index each sample was made from. */
  readonly source: Int32Array
  /** Number of samples (7B). */
  readonly size: number
  /** Window length. */
  readonly n: number
}

/** Builds pretext batches for windows of length n; reuses its buffers between calls of equal B. */
export class PretextBatchBuilder {
  private readonly transformer: WindowTransformer
  private readonly rng = new SplitRandom()
  private scratch: Float32Array
  private order = new Int32Array(0)

  constructor(readonly n: number, readonly seed: number, params: Partial<TransformParams> = {}) {
    this.transformer = new WindowTransformer(n, params)
    this.scratch = new Float32Array(VARIANT_COUNT * n)
  }

  /** The transformation parameters in use. */
  get params(): TransformParams {
    return this.transformer.params
  }

  /**
   * The batch of `windows` (the samples of dataset windows `indices`, same length) for `epoch`.
   * Pass `into` (from a previous call with the same B) to fill it instead of allocating.
   */
  build(windows: readonly Float32Array[], indices: readonly number[], epoch: number, into?: PretextBatch): PretextBatch {
    const b = windows.length
    if (indices.length !== b) throw new RangeError(`${b} windows but ${indices.length} indices`)
    const n = this.n
    const size = VARIANT_COUNT * b
    const batch = into !== undefined && into.size === size && into.n === n ? into : {
      x: new Float32Array(size * n),
      y: new Float32Array(size * VARIANT_COUNT),
      variant: new Uint8Array(size),
      source: new Int32Array(size),
      size,
      n,
    }
    if (this.order.length !== size) this.order = new Int32Array(size)
    // Sample r (window r // 7, variant r % 7) goes to row order[r]: a shuffle keyed by the batch.
    const order = this.rng.reseed(this.seed, epoch, hashIndices(indices), Purpose.shuffle).permutation(size, this.order)
    batch.y.fill(0)
    const scratch = this.scratch
    for (let w = 0; w < b; w++) {
      this.transformer.transform(windows[w]!, this.seed, epoch, indices[w]!, scratch, 0)
      for (let v = 0; v < VARIANT_COUNT; v++) {
        const row = order[w * VARIANT_COUNT + v]!
        batch.x.set(scratch.subarray(v * n, (v + 1) * n), row * n)
        batch.y[row * VARIANT_COUNT + v] = 1
        batch.variant[row] = v
        batch.source[row] = indices[w]!
      }
    }
    return batch
  }
}
