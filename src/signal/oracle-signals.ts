/**
 * Deterministic test signals, computed identically (up to last-bit rounding of sin/exp) here
 * and in tests/python/make_signal_oracles.py, so the SciPy oracle files need not store inputs.
 * Randomness is a counter-based hash (lowbias32 by C. Wellons), which NumPy can vectorise.
 */

/** Uniform number in [0, 1) from an integer index and seed (lowbias32 of index + seed·φ). */
export function hashUniform(index: number, seed: number): number {
  let x = (index + Math.imul(seed, 0x9e3779b9)) >>> 0
  x ^= x >>> 16
  x = Math.imul(x, 0x7feb352d)
  x ^= x >>> 15
  x = Math.imul(x, 0x846ca68b)
  x ^= x >>> 16
  return (x >>> 0) / 4294967296
}

const WAVES: readonly (readonly [number, number, number])[] = [
  [0.1, -0.2, 0.025],
  [1.0, 0.0, 0.01],
  [-0.15, 0.02, 0.01],
  [0.3, 0.3, 0.04],
]

/**
 * n samples at fs Hz: Gaussian P-QRS-T beats at 70 bpm (±20 ms jitter) + 0.3 baseline wander
 * at 0.2 Hz + 0.05 at 50 Hz + 0.02 at 0.4·fs (near the input Nyquist, to exercise the
 * anti-aliasing filter) + uniform noise ±0.01 + offset 0.2.
 */
export function oracleSignal(n: number, fs: number, seed: number): Float64Array {
  const rr = 60 / 70
  const x = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const t = i / fs
    const j0 = Math.floor(t / rr)
    let v = 0
    for (let dj = -2; dj <= 2; dj++) {
      const j = j0 + dj
      if (j < 0) continue
      const b = 0.1 + j * rr + 0.02 * (2 * hashUniform(j, seed + 1000) - 1)
      for (const [amp, mu, sd] of WAVES) {
        const d = (t - b - mu) / sd
        v += amp * Math.exp(-0.5 * d * d)
      }
    }
    v += 0.3 * Math.sin(2 * Math.PI * 0.2 * t) + 0.05 * Math.sin(2 * Math.PI * 50 * t)
    v += 0.02 * Math.sin(2 * Math.PI * 0.4 * fs * t)
    x[i] = v + 0.01 * (2 * hashUniform(i, seed) - 1) + 0.2
  }
  return x
}
