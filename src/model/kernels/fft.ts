/**
 * A small radix-2 complex FFT for the FFT convolutions (fft-conv1d.ts), with the classic trick of
 * transforming two real signals with one complex transform (one as the real, one as the imaginary
 * part). Written here rather than taken from npm: the kernels need only power-of-two sizes of
 * 32–256, work arrays in double precision that are reused across millions of calls, and no
 * allocation per call; the npm libraries we looked at (fft.js, ml-fft) allocate or offer only
 * single real transforms, and this is 80 lines with a test against a direct DFT.
 */

/** Precomputed bit-reversal permutation and twiddles of one size. */
export interface FftPlan {
  readonly n: number
  readonly rev: Uint32Array
  readonly cos: Float64Array
  readonly sin: Float64Array
  /** Work arrays of length n, shared by the helpers below (one thread, no re-entrance). */
  readonly re: Float64Array
  readonly im: Float64Array
}

const plans = new Map<number, FftPlan>()

/** The plan for size `n` (a power of two ≥ 2), built once. */
export function fftPlan(n: number): FftPlan {
  const cached = plans.get(n)
  if (cached !== undefined) return cached
  if (n < 2 || (n & (n - 1)) !== 0) throw new Error(`FFT size ${n} is not a power of two ≥ 2`)
  const bits = Math.round(Math.log2(n))
  const rev = new Uint32Array(n)
  for (let i = 0; i < n; i++) {
    let r = 0
    for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b)
    rev[i] = r
  }
  const cos = new Float64Array(n / 2)
  const sin = new Float64Array(n / 2)
  for (let k = 0; k < n / 2; k++) {
    cos[k] = Math.cos((2 * Math.PI * k) / n)
    sin[k] = Math.sin((2 * Math.PI * k) / n)
  }
  const plan: FftPlan = { n, rev, cos, sin, re: new Float64Array(n), im: new Float64Array(n) }
  plans.set(n, plan)
  return plan
}

/**
 * In-place DFT of (re, im): X[k] = Σ x[j]·e^(∓2πijk/n), minus sign forward, plus sign when
 * `inverse` (unscaled: the caller divides by n).
 */
export function fftInPlace(plan: FftPlan, re: Float64Array, im: Float64Array, inverse: boolean): void {
  const { n, rev, cos, sin } = plan
  for (let i = 0; i < n; i++) {
    const j = rev[i] as number
    if (j > i) {
      const tr = re[i] as number
      re[i] = re[j] as number
      re[j] = tr
      const ti = im[i] as number
      im[i] = im[j] as number
      im[j] = ti
    }
  }
  const sign = inverse ? 1 : -1
  // The first two stages as one radix-4 pass: their twiddles are ±1 and ∓i, so no multiplications.
  if (n >= 4) {
    for (let a = 0; a < n; a += 4) {
      const r0 = re[a] as number
      const i0 = im[a] as number
      const r1 = re[a + 1] as number
      const i1 = im[a + 1] as number
      const r2 = re[a + 2] as number
      const i2 = im[a + 2] as number
      const r3 = re[a + 3] as number
      const i3 = im[a + 3] as number
      const sr = r0 + r1
      const si = i0 + i1
      const dr = r0 - r1
      const di = i0 - i1
      const ur = r2 + r3
      const ui = i2 + i3
      // (x2 − x3)·(∓i): the size-4 twiddle, −i forward and +i inverse (inputs are in bit-reversed order).
      const vr = -sign * (i2 - i3)
      const vi = sign * (r2 - r3)
      re[a] = sr + ur
      im[a] = si + ui
      re[a + 2] = sr - ur
      im[a + 2] = si - ui
      re[a + 1] = dr + vr
      im[a + 1] = di + vi
      re[a + 3] = dr - vr
      im[a + 3] = di - vi
    }
  }
  for (let size = n >= 4 ? 8 : 2; size <= n; size *= 2) {
    const half = size / 2
    const step = n / size
    for (let j = 0; j < half; j++) {
      const wr = cos[j * step] as number
      const wi = sign * (sin[j * step] as number)
      for (let a = j; a < n; a += size) {
        const b = a + half
        const br = re[b] as number
        const bi = im[b] as number
        const tr = wr * br - wi * bi
        const ti = wr * bi + wi * br
        const ar = re[a] as number
        const ai = im[a] as number
        re[b] = ar - tr
        im[b] = ai - ti
        re[a] = ar + tr
        im[a] = ai + ti
      }
    }
  }
}

/**
 * After {@link fftInPlace} of z = x1 + i·x2 (x1, x2 real) in the plan's work arrays, the spectra of
 * x1 and x2 at bin k (0 ≤ k ≤ n/2) are written to out[0..3] as [X1re, X1im, X2re, X2im].
 */
export function splitPair(plan: FftPlan, k: number, out: Float64Array): void {
  const { n, re, im } = plan
  const m = k === 0 ? 0 : n - k
  const zr = re[k] as number
  const zi = im[k] as number
  const cr = re[m] as number
  const ci = im[m] as number
  out[0] = 0.5 * (zr + cr)
  out[1] = 0.5 * (zi - ci)
  out[2] = 0.5 * (zi + ci)
  out[3] = 0.5 * (cr - zr)
}

/**
 * Fills the plan's work arrays with z = y1 + i·y2 for the Hermitian spectra y1, y2 given at bins
 * 0..n/2 by `at(k, out)` (out = [Y1re, Y1im, Y2re, Y2im]); an inverse {@link fftInPlace} then
 * leaves n·y1 in `re` and n·y2 in `im`.
 */
export function joinPair(plan: FftPlan, at: (k: number, out: Float64Array) => void, scratch: Float64Array): void {
  const { n, re, im } = plan
  const half = n / 2
  for (let k = 0; k <= half; k++) {
    at(k, scratch)
    const y1r = scratch[0] as number
    const y1i = scratch[1] as number
    const y2r = scratch[2] as number
    const y2i = scratch[3] as number
    re[k] = y1r - y2i
    im[k] = y1i + y2r
    if (k > 0 && k < half) {
      // Bin n−k holds conj(Y1[k]) + i·conj(Y2[k]).
      re[n - k] = y1r + y2i
      im[n - k] = y2r - y1i
    }
  }
}
