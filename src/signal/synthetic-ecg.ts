/**
 * A synthetic ECG-like recording, the port of synthetic_ecg in shared/bench/peer_numpy_pipeline.py
 * (Gaussian P, QRS and T waves at 70 bpm with 20 ms jitter, 0.2 Hz baseline wander of 0.3,
 * white noise of sd 0.01), used by the preprocessing benchmark. The random numbers come from
 * a seeded generator of our own, so the values differ from NumPy's, not the structure.
 */

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): uniform numbers in [0, 1). */
export function seededUniform(seed: number): () => number {
  let a = 0x9e3779b9
  let b = 0x243f6a88
  let c = 0xb7e15162
  let d = seed >>> 0
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return (t >>> 0) / 4294967296
  }
  for (let i = 0; i < 12; i++) next()
  return next
}

/** Standard normal numbers by the Box–Muller transform. */
export function seededNormal(seed: number): () => number {
  const u = seededUniform(seed)
  let spare: number | undefined
  return () => {
    if (spare !== undefined) {
      const s = spare
      spare = undefined
      return s
    }
    const r = Math.sqrt(-2 * Math.log(1 - u()))
    const phi = 2 * Math.PI * u()
    spare = r * Math.sin(phi)
    return r * Math.cos(phi)
  }
}

/** P, QRS (Q, R), T: amplitude, offset from the beat (s), width sd (s), as in the peer. */
const WAVES: readonly (readonly [number, number, number])[] = [
  [0.1, -0.2, 0.025],
  [1.0, 0.0, 0.01],
  [-0.15, 0.02, 0.01],
  [0.3, 0.3, 0.04],
]

/** `seconds` of synthetic ECG at fs Hz. */
export function syntheticEcg(seconds: number, fs: number, seed = 0): Float64Array {
  const n = Math.floor(seconds * fs)
  const normal = seededNormal(seed)
  const x = new Float64Array(n)
  const rr = 60 / 70
  const beats = Math.ceil(seconds / rr)
  for (let j = 0; j < beats; j++) {
    const b = j * rr + 0.02 * normal()
    for (const [amp, mu, sd] of WAVES) {
      // the peer's searchsorted(t, [b+mu−5sd, b+mu+5sd]) on t = i/fs
      const lo = Math.max(0, Math.ceil((b + mu - 5 * sd) * fs))
      const hi = Math.min(n, Math.ceil((b + mu + 5 * sd) * fs))
      const k = -0.5 / (sd * sd)
      for (let i = lo; i < hi; i++) {
        const d = i / fs - b - mu
        x[i] = x[i]! + amp * Math.exp(k * d * d)
      }
    }
  }
  const w = 2 * Math.PI * 0.2
  for (let i = 0; i < n; i++) x[i] = x[i]! + 0.3 * Math.sin((w * i) / fs) + 0.01 * normal()
  return x
}
