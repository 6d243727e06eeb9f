/**
 * The six signal transformations of METHOD §3 (the pretext tasks), applied to one window at a
 * time into a preallocated 7 × n output: original, noise, scale, negate, flip, permute, time-warp.
 * Semantics follow the NumPy peer (`shared/bench/peer_numpy_pipeline.py`, `transforms()`); every
 * random choice comes from a stream keyed by (seed, epoch, window), so a variant is reproducible
 * whatever order windows are processed in.
 */
import { InputError } from '../common/input-error.js'
import { Purpose, SplitRandom } from '../common/random.js'
import { PRETEXT_TASK_NAMES, pretextTaskLabel } from '../contracts/runs.js'
import { PAPER_TRANSFORMS, TRANSFORM_PARAM_KEYS, TRANSFORM_PARAMS, transformParamProblem, type TransformParams } from '../contracts/transform-params.js'

/** Variant names in METHOD §3 order; the index is the pretext task number. */
export const VARIANT_NAMES: readonly string[] = PRETEXT_TASK_NAMES.map(pretextTaskLabel)
/** Number of variants per window (the original plus six transformations). */
export const VARIANT_COUNT = PRETEXT_TASK_NAMES.length

export type { TransformParams }

/** The defaults of METHOD §3 (preset `sarkar2020`), from the parameter table. */
export const DEFAULT_TRANSFORM_PARAMS: TransformParams = PAPER_TRANSFORMS

/**
 * Defaults completed with `partial`, checked for window length `n` against the ranges of
 * contracts/transform-params.ts (the same the app and the CLI are held to) and, for the pieces,
 * against n; InputError naming the bad value.
 */
export function resolveTransformParams(n: number, partial: Partial<TransformParams> = {}): TransformParams {
  const p = { ...DEFAULT_TRANSFORM_PARAMS, ...partial }
  if (!Number.isInteger(n) || n < 2) throw new InputError(`Windows must have at least 2 samples to be transformed (got ${n}).`)
  for (const key of TRANSFORM_PARAM_KEYS) {
    const problem = transformParamProblem(key, p[key])
    if (problem !== null) throw new InputError(`${problem.charAt(0).toUpperCase()}${problem.slice(1)} (got ${p[key]}); the default is ${TRANSFORM_PARAMS[key].paper}.`)
  }
  for (const key of ['permutePieces', 'warpPieces'] as const) {
    if (p[key] > n) throw new InputError(`The number of ${TRANSFORM_PARAMS[key].words.replace(/^the /, '')} must be at most the window length ${n} (got ${p[key]}); the default is ${TRANSFORM_PARAMS[key].paper}.`)
  }
  return Object.freeze(p)
}

/**
 * Sample positions and weights of `np.interp(np.linspace(0, len-1, m), np.arange(len), piece)`,
 * precomputed once per piece length: sample k is piece[i0] + w·(piece[i1] - piece[i0]).
 */
export interface InterpTable {
  readonly m: number
  readonly i0: Int32Array
  readonly i1: Int32Array
  readonly w: Float64Array
}

/** The table resampling a piece of `len` samples to `m` samples, as np.interp over np.linspace does. */
export function interpTable(len: number, m: number): InterpTable {
  const i0 = new Int32Array(m)
  const i1 = new Int32Array(m)
  const w = new Float64Array(m)
  // np.linspace: k·step + start, with the last point set to stop exactly.
  const step = m > 1 ? (len - 1) / (m - 1) : 0
  for (let k = 0; k < m; k++) {
    const x = k === m - 1 && m > 1 ? len - 1 : k * step
    let j = Math.floor(x)
    if (j >= len - 1) j = len - 1
    i0[k] = j
    i1[k] = Math.min(j + 1, len - 1)
    // np.interp returns fp[-1] exactly at x == xp[-1]: weight 0 on the last sample.
    w[k] = j === len - 1 ? 0 : x - j
  }
  return { m, i0, i1, w }
}

/** The random choices behind the last window's permute and time-warp variants (for tests, figures). */
export interface LastChoices {
  /** Piece order of the permute variant (piece ids; the remainder piece, if any, is the last id). */
  readonly order: number[]
  /** Time-warp pieces that were stretched (the others were squeezed), ascending. */
  readonly stretched: number[]
  /** Offset of the crop into the re-joined warped signal (0 when it was zero-padded). */
  readonly cropStart: number
  /** Length of the re-joined warped signal before the crop or pad. */
  readonly warpedLength: number
}

/**
 * Produces the seven variants of windows of length n. Holds scratch buffers and interpolation
 * tables, so `transform` allocates nothing; one instance per thread of work.
 */
export class WindowTransformer {
  readonly params: TransformParams
  private readonly rng = new SplitRandom()
  private readonly permLen: number
  private readonly permCount: number
  private readonly order: Int32Array
  private readonly warpLen: number
  private readonly stretchCount: number
  private readonly stretchedIds: Int32Array
  private readonly choiceWork: Int32Array
  private readonly isStretched: Uint8Array
  private readonly up: InterpTable
  private readonly down: InterpTable
  /** The re-joined warped signal before the crop. */
  private readonly warped: Float32Array
  private cropStart = 0
  /** Standard normal deviates of the noise variant. */
  private readonly gauss: Float64Array

  constructor(readonly n: number, params: Partial<TransformParams> = {}) {
    this.params = resolveTransformParams(n, params)
    const p = this.params
    this.permLen = Math.floor(n / p.permutePieces)
    this.permCount = p.permutePieces + (n % p.permutePieces === 0 ? 0 : 1)
    this.order = new Int32Array(this.permCount)
    this.gauss = new Float64Array(n)
    this.warpLen = Math.floor(n / p.warpPieces)
    this.stretchCount = Math.ceil(p.warpPieces / 2)
    this.stretchedIds = new Int32Array(this.stretchCount)
    this.choiceWork = new Int32Array(p.warpPieces)
    this.isStretched = new Uint8Array(p.warpPieces)
    // Same float64 expressions as the peer: ceil(len * s) and ceil(len * (1 / s)).
    this.up = interpTable(this.warpLen, Math.ceil(this.warpLen * p.warpStretch))
    this.down = interpTable(this.warpLen, Math.ceil(this.warpLen * (1 / p.warpStretch)))
    // Like the peer, the time-warp uses only N·(n // N) samples: the last n mod N are dropped.
    this.warped = new Float32Array(this.stretchCount * this.up.m + (p.warpPieces - this.stretchCount) * this.down.m)
  }

  /** Length of the re-joined warped signal before the crop (or zero pad) to n. */
  get warpedLength(): number {
    return this.warped.length
  }

  /**
   * Writes the 7 variants of window `x` (length n) for (seed, epoch, window) into
   * out[offset + v·n … offset + (v+1)·n) for v = 0 … 6, in METHOD §3 order.
   */
  transform(x: Float32Array, seed: number, epoch: number, window: number, out: Float32Array, offset = 0): void {
    const n = this.n
    if (x.length !== n) throw new RangeError(`window has ${x.length} samples, the transformer expects ${n}`)
    if (offset < 0 || offset + 7 * n > out.length) throw new RangeError(`output too short for 7 x ${n} samples at offset ${offset}`)
    const p = this.params
    out.set(x, offset)
    this.noise(x, out, offset + n, this.rng.reseed(seed, epoch, window, Purpose.noise))
    const scale = p.scaleFactor
    const o2 = offset + 2 * n
    const o3 = offset + 3 * n
    const last = offset + 5 * n - 1
    for (let i = 0; i < n; i++) {
      const v = x[i]!
      out[o2 + i] = v * scale
      out[o3 + i] = -v
      out[last - i] = v
    }
    this.permute(x, out, offset + 5 * n, this.rng.reseed(seed, epoch, window, Purpose.permute))
    this.timeWarp(x, out, offset + 6 * n, this.rng.reseed(seed, epoch, window, Purpose.warp))
  }

  /** The random choices used for the last transformed window. */
  lastChoices(): LastChoices {
    const stretched: number[] = []
    for (let i = 0; i < this.isStretched.length; i++) if (this.isStretched[i] === 1) stretched.push(i)
    return { order: Array.from(this.order), stretched, cropStart: this.cropStart, warpedLength: this.warped.length }
  }

  /** x + white Gaussian noise of power mean(x²) / 10^(SNR/10). */
  private noise(x: Float32Array, out: Float32Array, o: number, rng: SplitRandom): void {
    const n = this.n
    let power = 0
    for (let i = 0; i < n; i++) {
      const v = x[i]!
      power += v * v
    }
    const sd = Math.sqrt(power / n / 10 ** (this.params.noiseSnrDb / 10))
    const g = rng.fillGaussian(this.gauss, n)
    for (let i = 0; i < n; i++) out[o + i] = x[i]! + sd * g[i]!
  }

  /** Equal pieces (plus the remainder piece) concatenated in a random order. */
  private permute(x: Float32Array, out: Float32Array, o: number, rng: SplitRandom): void {
    const len = this.permLen
    const full = this.params.permutePieces
    const order = rng.permutation(this.permCount, this.order)
    let at = o
    for (let k = 0; k < order.length; k++) {
      const piece = order[k]!
      const start = piece * len
      const end = piece < full ? start + len : this.n
      // A plain loop: subarray() would allocate a view per piece.
      for (let i = start; i < end; i++) out[at++] = x[i]!
    }
  }

  /** Stretch ⌈N/2⌉ random pieces by s, squeeze the rest by 1/s, re-join, crop or zero-pad to n. */
  private timeWarp(x: Float32Array, out: Float32Array, o: number, rng: SplitRandom): void {
    const n = this.n
    const pieces = this.params.warpPieces
    const len = this.warpLen
    rng.choice(pieces, this.stretchCount, this.stretchedIds, this.choiceWork)
    const flags = this.isStretched
    flags.fill(0)
    for (let k = 0; k < this.stretchCount; k++) flags[this.stretchedIds[k]!] = 1
    const warped = this.warped
    let at = 0
    for (let piece = 0; piece < pieces; piece++) {
      const t = flags[piece] === 1 ? this.up : this.down
      const base = piece * len
      const { i0, i1, w, m } = t
      for (let k = 0; k < m; k++) {
        const a = x[base + i0[k]!]!
        const b = x[base + i1[k]!]!
        warped[at + k] = (b - a) * w[k]! + a
      }
      at += m
    }
    if (warped.length >= n) {
      this.cropStart = rng.int(warped.length - n + 1)
      out.set(warped.subarray(this.cropStart, this.cropStart + n), o)
    } else {
      this.cropStart = 0
      out.set(warped, o)
      out.fill(0, o + warped.length, o + n)
    }
  }
}
