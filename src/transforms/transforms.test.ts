import { describe, expect, it } from 'vitest'
import { syntheticEcg } from '../signal/synthetic-ecg.js'
import { DEFAULT_TRANSFORM_PARAMS, VARIANT_COUNT, VARIANT_NAMES, WindowTransformer, resolveTransformParams } from './transforms.js'

/** Synthetic ECG windows of length n (deterministic). */
function windows(count: number, n: number, seed = 1): Float32Array[] {
  const x = syntheticEcg((count * n) / 256 + 1, 256, seed)
  return Array.from({ length: count }, (_, i) => Float32Array.from(x.subarray(i * n, (i + 1) * n)))
}

function variant(out: Float32Array, n: number, v: number): Float32Array {
  return out.subarray(v * n, (v + 1) * n)
}

/** np.interp(np.linspace(0, len-1, m), np.arange(len), piece), written out independently. */
function npInterpResample(piece: Float32Array, m: number): Float32Array {
  const len = piece.length
  const res = new Float32Array(m)
  const step = m > 1 ? (len - 1) / (m - 1) : 0
  for (let k = 0; k < m; k++) {
    const x = m > 1 && k === m - 1 ? len - 1 : k * step
    if (x >= len - 1) {
      res[k] = piece[len - 1]!
      continue
    }
    const j = Math.floor(x)
    const slope = (piece[j + 1]! - piece[j]!) / 1
    res[k] = slope * (x - j) + piece[j]!
  }
  return res
}

describe('the six transformations', () => {
  it('has METHOD §3 order and defaults, and checks parameters', () => {
    expect(VARIANT_NAMES).toEqual(['original', 'noise', 'scale', 'negate', 'flip', 'permute', 'time-warp'])
    expect(VARIANT_COUNT).toBe(7)
    expect(DEFAULT_TRANSFORM_PARAMS).toEqual({ noiseSnrDb: 15, scaleFactor: 1.1, permutePieces: 20, warpPieces: 9, warpStretch: 1.05 })
    expect(() => resolveTransformParams(2560, { permutePieces: 0 })).toThrow(/permutation pieces/)
    expect(() => resolveTransformParams(100, { warpPieces: 101 })).toThrow(/time-warp pieces/)
    expect(() => resolveTransformParams(100, { warpStretch: -1 })).toThrow(/stretch/)
    expect(() => resolveTransformParams(100, { noiseSnrDb: Number.NaN })).toThrow(/SNR/)
    expect(() => resolveTransformParams(100, { warpStretch: 1 })).toThrow('The time-warp stretch must be between 1.01 and 3 (got 1); the default is 1.05.')
  })

  it('keeps the original and scales, negates and flips exactly (any n, any parameters)', () => {
    for (const [n, scaleFactor] of [[2560, 1.1], [1001, 0.7]] as const) {
      const t = new WindowTransformer(n, { scaleFactor })
      const out = new Float32Array(7 * n + 5)
      for (const x of windows(3, n)) {
        t.transform(x, 1, 0, 0, out, 5)
        const o = out.subarray(5)
        expect(variant(o, n, 0)).toEqual(x)
        expect(variant(o, n, 2)).toEqual(Float32Array.from(x, (v) => v * scaleFactor))
        expect(variant(o, n, 3)).toEqual(Float32Array.from(x, (v) => -v))
        expect(variant(o, n, 4)).toEqual(Float32Array.from(x).reverse())
      }
    }
  })

  it('adds noise at the target SNR (±0.5 dB averaged over many windows)', () => {
    for (const snr of [15, 5, 30]) {
      const n = 2560
      const t = new WindowTransformer(n, { noiseSnrDb: snr })
      const out = new Float32Array(7 * n)
      let sum = 0
      const ws = windows(100, n, 2)
      ws.forEach((x, w) => {
        t.transform(x, 4, 0, w, out)
        let ps = 0
        let pn = 0
        const noisy = variant(out, n, 1)
        for (let i = 0; i < n; i++) {
          ps += x[i]! * x[i]!
          pn += (noisy[i]! - x[i]!) ** 2
        }
        sum += 10 * Math.log10(ps / pn)
      })
      expect(Math.abs(sum / ws.length - snr)).toBeLessThan(0.5)
    }
  })

  it('permutes pieces: the multiset of pieces (remainder piece included) is preserved', () => {
    for (const [n, pieces] of [[2560, 20], [2567, 20], [1000, 7]] as const) {
      const t = new WindowTransformer(n, { permutePieces: pieces })
      const out = new Float32Array(7 * n)
      const x = windows(1, n, 3)[0]!
      t.transform(x, 9, 2, 5, out)
      const len = Math.floor(n / pieces)
      const ids = n % pieces === 0 ? pieces : pieces + 1
      const inputPieces = Array.from({ length: ids }, (_, i) => Array.from(x.subarray(i * len, i < pieces ? (i + 1) * len : n)).join(','))
      const { order } = t.lastChoices()
      expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: ids }, (_, i) => i))
      const perm = variant(out, n, 5)
      const outputPieces: string[] = []
      let at = 0
      for (const id of order) {
        const l = id < pieces ? len : n - pieces * len
        outputPieces.push(Array.from(perm.subarray(at, at + l)).join(','))
        at += l
      }
      expect(at).toBe(n)
      expect([...outputPieces].sort()).toEqual([...inputPieces].sort())
      expect(Array.from(perm).sort((a, b) => a - b)).toEqual(Array.from(x).sort((a, b) => a - b))
    }
  })

  it('time-warps: exact length, pieces equal linear resamples of the input, crop or zero pad', () => {
    for (const [n, pieces, stretch] of [[2560, 9, 1.05], [2563, 9, 1.05], [1000, 4, 1.25]] as const) {
      const t = new WindowTransformer(n, { warpPieces: pieces, warpStretch: stretch })
      const out = new Float32Array(7 * n)
      const x = windows(1, n, 4)[0]!
      for (let w = 0; w < 5; w++) {
        t.transform(x, 1, 0, w, out)
        const { stretched, cropStart, warpedLength } = t.lastChoices()
        expect(stretched.length).toBe(Math.ceil(pieces / 2))
        const seg = Math.floor(n / pieces)
        const parts: Float32Array[] = []
        for (let i = 0; i < pieces; i++) {
          const f = stretched.includes(i) ? stretch : 1 / stretch
          parts.push(npInterpResample(x.subarray(i * seg, (i + 1) * seg), Math.ceil(seg * f)))
        }
        const joined = new Float32Array(parts.reduce((s, p) => s + p.length, 0))
        let at = 0
        for (const p of parts) {
          joined.set(p, at)
          at += p.length
        }
        expect(warpedLength).toBe(joined.length)
        const expected = new Float32Array(n)
        if (joined.length >= n) {
          expect(cropStart >= 0 && cropStart <= joined.length - n).toBe(true)
          expected.set(joined.subarray(cropStart, cropStart + n))
        } else {
          expect(cropStart).toBe(0)
          expected.set(joined)
        }
        const warped = variant(out, n, 6)
        expect(warped.length).toBe(n)
        expect(warped).toEqual(expected)
      }
    }
    // Shorter than n (the n mod N remainder of 255 samples dropped, as the peer does): zero-padded at the end.
    const n = 2815
    const t = new WindowTransformer(n, { warpPieces: 256, warpStretch: 1.01 })
    const out = new Float32Array(7 * n)
    t.transform(windows(1, n, 5)[0]!, 1, 0, 0, out)
    expect(t.lastChoices().warpedLength).toBe(128 * 11 + 128 * 10)
    expect(Array.from(variant(out, n, 6).subarray(t.lastChoices().warpedLength)).every((v) => v === 0)).toBe(true)
  })

  it('same (seed, epoch, window) ⇒ same output in any order; different ⇒ different', () => {
    const n = 2560
    const ws = windows(4, n, 6)
    const t = new WindowTransformer(n)
    const run = (seed: number, epoch: number, order: number[]): Float32Array[] => {
      const res: Float32Array[] = []
      for (const w of order) {
        const out = new Float32Array(7 * n)
        t.transform(ws[w]!, seed, epoch, w, out)
        res[w] = out
      }
      return res
    }
    const a = run(42, 3, [0, 1, 2, 3])
    const b = run(42, 3, [3, 1, 0, 2])
    expect(b).toEqual(a)
    const c = run(43, 3, [0, 1, 2, 3])
    const d = run(42, 4, [0, 1, 2, 3])
    for (const other of [c, d]) {
      for (let w = 0; w < 4; w++) {
        for (const v of [1, 5, 6]) {
          // The noise always differs; a permutation or a warp could repeat by chance, so check noise strictly.
          if (v === 1) expect(variant(other[w]!, n, v)).not.toEqual(variant(a[w]!, n, v))
        }
        expect(variant(other[w]!, n, 0)).toEqual(variant(a[w]!, n, 0))
      }
    }
    const permDiffers = [0, 1, 2, 3].some((w) => variant(c[w]!, n, 5).some((v, i) => v !== variant(a[w]!, n, 5)[i]))
    const warpDiffers = [0, 1, 2, 3].some((w) => variant(c[w]!, n, 6).some((v, i) => v !== variant(a[w]!, n, 6)[i]))
    expect(permDiffers && warpDiffers).toBe(true)
  })
})
