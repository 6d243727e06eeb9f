import { describe, expect, it } from 'vitest'
import { describeOnBothKernels } from './scipy-oracle.test-util.js'
import { QUALITY_BITS, fillNonFinite, runsToOutputMask, scanQuality } from './quality.js'

const { nan, flat, clipped } = QUALITY_BITS

/** Indices of set mask entries, as [first, last] ranges per distinct value. */
function ranges(mask: Uint8Array): [number, number, number][] {
  const out: [number, number, number][] = []
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] === 0) continue
    const last = out.at(-1)
    if (last !== undefined && last[1] === i - 1 && last[2] === mask[i]) last[1] = i
    else out.push([i, i, mask[i]!])
  }
  return out
}

// every test runs on the WebAssembly kernels and on the JavaScript fallbacks
describeOnBothKernels(() => {

  describe('scanQuality', () => {
    it('finds NaN/Inf runs, 1 s flat runs and ≥ 10 ms runs at the extremes', () => {
      // fs 100 Hz: flat ≥ 100 samples, clipped ≥ max(3, 1) = 3 samples
      const x = new Float64Array(400)
      for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.37) // no two neighbours equal
      x.fill(NaN, 5, 8)
      x[20] = Infinity
      x[21] = -Infinity
      x.fill(0.25, 30, 130) // 1.00 s flat
      x.fill(0.5, 140, 239) // 0.99 s: not flat
      x.fill(2, 200, 203) // 3 samples at the maximum: clipped
      x.fill(2, 300, 302) // 2 samples at the maximum: a peak, not clipping
      x.fill(-3, 390, 400) // 10 samples at the minimum, up to the end
      const scan = scanQuality(x, 100)
      expect(scan.nonFiniteCount).toBe(5)
      expect(scan.runs).toEqual([
        { start: 5, end: 8, bits: nan },
        { start: 20, end: 22, bits: nan },
        { start: 30, end: 130, bits: flat },
        { start: 200, end: 203, bits: clipped },
        { start: 390, end: 400, bits: clipped },
      ])
    })

    it('marks a long run at an extreme as both flat and clipped, and a constant recording entirely', () => {
      const x = new Float64Array(2048 * 3).fill(1)
      expect(scanQuality(x, 2048).runs).toEqual([{ start: 0, end: 6144, bits: flat | clipped }])
      const y = new Float64Array(300)
      for (let i = 0; i < 300; i++) y[i] = (i * 7) % 13
      y.fill(12, 100, 121) // 21 samples = 10.25 ms at 2048 Hz at the maximum
      y.fill(12, 200, 220) // 20 samples = 9.8 ms: too short
      expect(scanQuality(y, 2048).runs).toEqual([{ start: 100, end: 121, bits: clipped }])
    })

    it('sees no problem in an all-finite noisy signal', () => {
      const x = new Float64Array(5000).map((_, i) => Math.sin(i) + i * 1e-9)
      expect(scanQuality(x, 500)).toEqual({ runs: [], nonFiniteCount: 0 })
    })
  })

  describe('fillNonFinite', () => {
    it('interpolates linearly between finite neighbours and holds the edges', () => {
      const x = Float64Array.of(NaN, NaN, 1, 2, NaN, NaN, NaN, 6, Infinity, 4, NaN)
      const filled = fillNonFinite(x, scanQuality(x, 1000))
      expect(Array.from(filled)).toEqual([1, 1, 1, 2, 3, 4, 5, 6, 5, 4, 4])
      expect(x[0]).toBeNaN() // the input is not modified
    })

    it('returns the input itself when all is finite, zeros when nothing is', () => {
      const x = Float64Array.of(1, 2, 3)
      expect(fillNonFinite(x, scanQuality(x, 100))).toBe(x)
      const y = Float64Array.of(NaN, NaN)
      expect(Array.from(fillNonFinite(y, scanQuality(y, 100)))).toEqual([0, 0])
    })
  })

  describe('runsToOutputMask', () => {
    it('downsampling 1/8: an output is bad when its ±4-sample span touches the run', () => {
      // output k covers input [8k − 4, 8k + 4]
      const mask = runsToOutputMask([{ start: 20, end: 21, bits: nan }, { start: 100, end: 140, bits: flat }], 30, 1, 8)
      expect(ranges(mask)).toEqual([[2, 3, nan], [12, 17, flat]])
    })

    it('upsampling 2/1: both neighbours of a bad input sample are bad', () => {
      // output k at input k/2 covers ±0.5 input samples
      const mask = runsToOutputMask([{ start: 5, end: 6, bits: clipped }], 20, 2, 1)
      expect(ranges(mask)).toEqual([[9, 11, clipped]])
    })

    it('700 → 256 Hz (64/175) and 1/1, clipped to the output length, bits ORed', () => {
      // k·175/64 ± 175/128 touches [350, 351] → k from ⌈(44800 − 175)/350⌉ = 128 to ⌊(44928 + 175)/350⌋ = 128
      expect(ranges(runsToOutputMask([{ start: 350, end: 352, bits: nan }], 200, 64, 175))).toEqual([[128, 128, nan]])
      const same = runsToOutputMask([{ start: 3, end: 5, bits: nan }, { start: 4, end: 12, bits: flat }], 8, 1, 1)
      expect(ranges(same)).toEqual([[3, 3, nan], [4, 4, nan | flat], [5, 7, flat]])
    })
  })
})
