/**
 * A seeded, splittable random source for the pretext transformations.
 *
 * Every stream is addressed by a key (seed, epoch, window index, purpose): its 128-bit state is
 * derived by hashing the key, so the draws for one window never depend on the order in which
 * windows are processed nor on how many draws other windows used. That is what makes a run
 * repeatable exactly and resumable mid-way. The stream itself is xoshiro128** (Blackman & Vigna),
 * which runs on 32-bit integer operations only — fast in JavaScript without BigInt.
 */

/** What a stream is used for; separate purposes keep e.g. noise draws from shifting permutations. */
export const Purpose = {
  noise: 1,
  permute: 2,
  warp: 3,
  shuffle: 4,
  /** Dropout masks of training step k (the "epoch" key part carries the step). */
  dropout: 5,
  /** Order of the windows within a training epoch. */
  epochOrder: 6,
  /** Held-out / capped window selection, folds and label fractions of an experiment. */
  split: 7,
  folds: 8,
  fractions: 9,
  /** Weight initialisation seeds of the models of one experiment unit. */
  init: 10,
} as const
export type Purpose = (typeof Purpose)[keyof typeof Purpose]

/** The address of one random stream: non-negative safe integers; `purpose` is one of {@link Purpose}. */
export interface StreamKey {
  readonly seed: number
  readonly epoch: number
  readonly window: number
  readonly purpose: number
}

const TWO_32 = 4294967296
const INV_2_32 = 1 / TWO_32
const INV_2_53 = 1 / 9007199254740992

/** A strong 32-bit integer finaliser ("lowbias32", C. Wellons): every input bit flips ~half the output. */
export function mix32(x: number): number {
  x ^= x >>> 16
  x = Math.imul(x, 0x7feb352d)
  x ^= x >>> 15
  x = Math.imul(x, 0x846ca68b)
  x ^= x >>> 16
  return x >>> 0
}

/** Low and high 32-bit words of a non-negative safe integer (so seeds above 2^32 still differ). */
function words(value: number): [number, number] {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`random key parts must be non-negative safe integers (got ${value})`)
  return [value >>> 0, Math.floor(value / TWO_32) >>> 0]
}

/** Hashes a list of non-negative integers to 32 bits (order matters), e.g. a batch's window indices. */
export function hashIndices(values: ArrayLike<number>): number {
  let h = mix32(values.length ^ 0x6a09e667)
  for (let i = 0; i < values.length; i++) {
    const [lo, hi] = words(values[i]!)
    h = mix32((h + lo) ^ 0x9e3779b9)
    h = mix32((h + hi) ^ 0x85ebca6b)
  }
  return h
}

/**
 * A xoshiro128** stream. Create one and `reseed` it per key in hot loops: reseeding allocates
 * nothing. Every method advances the stream.
 */
export class SplitRandom {
  private s0 = 0
  private s1 = 0
  private s2 = 0
  private s3 = 0

  constructor(key?: StreamKey) {
    if (key !== undefined) this.reseed(key.seed, key.epoch, key.window, key.purpose)
    else this.reseed(0, 0, 0, 0)
  }

  /** Positions the stream at the start of the stream of (seed, epoch, window, purpose). */
  reseed(seed: number, epoch: number, window: number, purpose: number): this {
    const [seedLo, seedHi] = words(seed)
    const [epochLo, epochHi] = words(epoch)
    const [winLo, winHi] = words(window)
    const parts = [seedLo, seedHi, epochLo, epochHi, winLo, winHi, purpose >>> 0]
    // Each of the four state words absorbs every key word through its own hash chain (distinct
    // lane constants), so two keys differing in any bit give unrelated states.
    const lanes = [0, 0, 0, 0]
    for (let lane = 0; lane < 4; lane++) {
      let h = mix32(Math.imul(lane + 1, 0x9e3779b9) ^ 0x243f6a88)
      for (const p of parts) h = mix32((h + p) ^ Math.imul(lane + 7, 0x85ebca6b))
      lanes[lane] = h
    }
    this.s0 = lanes[0]!
    this.s1 = lanes[1]!
    this.s2 = lanes[2]!
    this.s3 = lanes[3]!
    // The all-zero state is the one fixed point of xoshiro; astronomically unlikely, still avoided.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1
    return this
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0
    const t = s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotl(this.s3, 11)
    return result
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.nextUint32() >>> 5
    const lo = this.nextUint32() >>> 6
    return (hi * 67108864 + lo) * INV_2_53
  }

  /** A uniform integer in [0, n), unbiased (rejection of the incomplete last block). */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_32) throw new RangeError(`int(n) needs an integer n in [1, 2^32] (got ${n})`)
    const limit = TWO_32 - (TWO_32 % n)
    let r = this.nextUint32()
    while (r >= limit) r = this.nextUint32()
    return r % n
  }

  /**
   * A standard normal deviate by the ziggurat method (Marsaglia & Tsang 2000, 128 layers): one
   * 32-bit draw and one multiply for ~99% of deviates. The layer comes from the low 7 bits and
   * the value from the other 25, so the two are independent (Doornik's remark on the original).
   */
  gaussian(): number {
    const u = this.nextUint32()
    const iz = u & 127
    const hz = (u & ~127) | 0
    if (Math.abs(hz) < ZIG_K[iz]!) return hz * ZIG_W[iz]!
    return this.gaussianSlow(hz, iz)
  }

  /**
   * Fills target[0 … count) with standard normal deviates — the same sequence as `count` calls
   * of gaussian(), with the stream state kept in locals for speed (the noise variant's hot loop).
   */
  fillGaussian(target: Float64Array, count = target.length): Float64Array {
    let s0 = this.s0
    let s1 = this.s1
    let s2 = this.s2
    let s3 = this.s3
    for (let i = 0; i < count; i++) {
      const u = Math.imul(rotl(Math.imul(s1, 5), 7), 9)
      const t = s1 << 9
      s2 ^= s0
      s3 ^= s1
      s1 ^= s2
      s0 ^= s3
      s2 ^= t
      s3 = (s3 << 11) | (s3 >>> 21)
      const iz = u & 127
      const hz = (u & ~127) | 0
      if (Math.abs(hz) < ZIG_K[iz]!) {
        target[i] = hz * ZIG_W[iz]!
      } else {
        this.s0 = s0
        this.s1 = s1
        this.s2 = s2
        this.s3 = s3
        target[i] = this.gaussianSlow(hz, iz)
        s0 = this.s0
        s1 = this.s1
        s2 = this.s2
        s3 = this.s3
      }
    }
    this.s0 = s0
    this.s1 = s1
    this.s2 = s2
    this.s3 = s3
    return target
  }

  /** The ziggurat's rare path: the wedge test, the tail beyond R, or a fresh draw. */
  private gaussianSlow(hz: number, iz: number): number {
    for (;;) {
      if (iz === 0) {
        // Tail beyond R (Marsaglia's exponential method).
        let x: number
        let y: number
        do {
          x = -Math.log((this.nextUint32() + 0.5) * INV_2_32) / ZIG_R
          y = -Math.log((this.nextUint32() + 0.5) * INV_2_32)
        } while (y + y < x * x)
        return hz > 0 ? ZIG_R + x : -ZIG_R - x
      }
      const x = hz * ZIG_W[iz]!
      const f1 = ZIG_F[iz]!
      if (f1 + ((this.nextUint32() + 0.5) * INV_2_32) * (ZIG_F[iz - 1]! - f1) < Math.exp(-0.5 * x * x)) return x
      const u = this.nextUint32()
      iz = u & 127
      hz = (u & ~127) | 0
      if (Math.abs(hz) < ZIG_K[iz]!) return hz * ZIG_W[iz]!
    }
  }

  /** Shuffles `a` in place (Fisher–Yates) and returns it. */
  shuffle<T extends { length: number; [i: number]: number }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1)
      const tmp = a[i]!
      a[i] = a[j]!
      a[j] = tmp
    }
    return a
  }

  /** A random permutation of 0 … n-1, written into `out` (length ≥ n) when given. */
  permutation(n: number, out: Int32Array = new Int32Array(n)): Int32Array {
    for (let i = 0; i < n; i++) out[i] = i
    return this.shuffle(n === out.length ? out : out.subarray(0, n))
  }

  /**
   * `k` distinct integers of [0, n) in random order (partial Fisher–Yates), written into the first
   * k entries of `out`; `work` (length ≥ n) is scratch so hot loops allocate nothing.
   */
  choice(n: number, k: number, out: Int32Array = new Int32Array(k), work: Int32Array = new Int32Array(n)): Int32Array {
    if (!Number.isInteger(k) || k < 0 || k > n) throw new RangeError(`choice needs 0 <= k <= n (got k=${k}, n=${n})`)
    for (let i = 0; i < n; i++) work[i] = i
    for (let i = 0; i < k; i++) {
      const j = i + this.int(n - i)
      const tmp = work[i]!
      work[i] = work[j]!
      work[j] = tmp
      out[i] = work[i]!
    }
    return out
  }
}

/** Ziggurat tables (Marsaglia & Tsang 2000, RNOR with 128 layers), for 32-bit signed draws. */
const ZIG_R = 3.442619855899
const ZIG_K = new Float64Array(128)
const ZIG_W = new Float64Array(128)
const ZIG_F = new Float64Array(128)
;((): void => {
  const m1 = 2147483648
  const vn = 9.91256303526217e-3
  let dn = ZIG_R
  let tn = dn
  const q = vn / Math.exp(-0.5 * dn * dn)
  ZIG_K[0] = (dn / q) * m1
  ZIG_K[1] = 0
  ZIG_W[0] = q / m1
  ZIG_W[127] = dn / m1
  ZIG_F[0] = 1
  ZIG_F[127] = Math.exp(-0.5 * dn * dn)
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)))
    ZIG_K[i + 1] = (dn / tn) * m1
    tn = dn
    ZIG_F[i] = Math.exp(-0.5 * dn * dn)
    ZIG_W[i] = dn / m1
  }
})()

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}
