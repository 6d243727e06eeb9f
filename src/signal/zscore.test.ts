import { describe, expect, it } from 'vitest'
import { oracleSignal, hashUniform } from './oracle-signals.js'
import { describeOnBothKernels, manifest, readBin } from './scipy-oracle.test-util.js'
import { butterworthHighpassSos } from './butterworth.js'
import { sosfiltfilt } from './sosfiltfilt.js'
import { percentileSliceBounds, robustStats, selectInPlace } from './zscore.js'

/** The peer's definition, literally: sort, slice, std. */
function sortedSliceStd(y: Float64Array, lo: number, hi: number): number {
  const s = Float64Array.from(y).sort().subarray(lo, hi)
  const m = s.reduce((a, b) => a + b, 0) / s.length
  return Math.sqrt(s.reduce((a, b) => a + (b - m) * (b - m), 0) / s.length)
}

const roundHalfEven = (v: number): number => {
  const r = Math.round(v)
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r
}

// every test runs on the WebAssembly kernels and on the JavaScript fallbacks
describeOnBothKernels(() => {

  describe('selection', () => {
    it('places the k-th order statistic exactly, with ties and sizes across the sampling threshold', () => {
      for (const [n, levels] of [[1, 1], [2, 2], [7, 3], [600, 1000], [5000, 7], [20001, 100000], [20001, 1]] as const) {
        const a = new Float64Array(n)
        for (let i = 0; i < n; i++) a[i] = Math.floor(hashUniform(i, n + levels) * levels) - levels / 2
        const sorted = Float64Array.from(a).sort()
        for (const k of [0, Math.floor(n * 0.025), Math.floor(n / 2), n - 1]) {
          const b = Float64Array.from(a)
          selectInPlace(b, k)
          expect(b[k]).toBe(sorted[k])
          for (let i = 0; i < k; i++) expect(b[i]! <= b[k]!).toBe(true)
          for (let i = k + 1; i < n; i++) expect(b[i]! >= b[k]!).toBe(true)
        }
      }
    })

    it('uses the peer int(p·n) bounds', () => {
      expect(percentileSliceBounds(15376, 2.5, 97.5)).toEqual([384, 14991])
      expect(percentileSliceBounds(5003, 2.5, 97.5)).toEqual([125, 4877])
      expect(percentileSliceBounds(40, 2.5, 97.5)).toEqual([1, 39])
    })
  })

  describe('robust z-score statistics', () => {
    it('equal the sorted-slice definition on data with many ties', () => {
      const y = new Float64Array(30001)
      for (let i = 0; i < y.length; i++) y[i] = Math.floor(hashUniform(i, 3) * 50) + (i % 1000 === 0 ? 1e6 : 0)
      const [lo, hi] = percentileSliceBounds(y.length, 2.5, 97.5)
      const stats = robustStats(y)
      expect(stats.sd).toBeCloseTo(sortedSliceStd(y, lo, hi), 12)
      expect(stats.count).toBe(30001)
    })

    it('match numpy on a vector with ties and spikes', () => {
      const c = manifest.zscore[0]!
      const z = oracleSignal(c.n, 256, c.seed).map((v) => roundHalfEven(v * c.round) / c.round)
      for (let i = 0; i < c.n; i += c.spikeEvery) z[i] = z[i]! + c.spike
      const stats = robustStats(z)
      expect(percentileSliceBounds(c.n, 2.5, 97.5)).toEqual([c.lo, c.hi])
      expect(Math.abs(stats.mean - c.mean)).toBeLessThan(1e-13)
      expect(Math.abs(stats.sd - c.sd) / c.sd).toBeLessThan(1e-12)
    })

    it('match numpy on the filtered oracle signals', () => {
      for (const c of manifest.sosfiltfilt) {
        const y = sosfiltfilt(butterworthHighpassSos(c.order, c.edgeHz, c.fs), oracleSignal(c.n, c.fs, c.seed))
        const stats = robustStats(y)
        expect(Math.abs(stats.mean - c.stats.mean) / c.stats.sd).toBeLessThan(1e-10)
        expect(Math.abs(stats.sd - c.stats.sd) / c.stats.sd).toBeLessThan(1e-10)
        // and on SciPy's own output, to 1e-14
        const ref = robustStats(readBin(c))
        expect(Math.abs(ref.sd - c.stats.sd) / c.stats.sd).toBeLessThan(1e-14)
      }
    })

    it('are NaN when the slice is empty and leave the input alone', () => {
      expect(robustStats(Float64Array.of(7)).sd).toBeNaN() // slice [0, 0)
      const y = Float64Array.of(3, 1, 2)
      expect(robustStats(y).sd).toBe(0.5) // slice [0, 2): 1 and 2
      expect(robustStats(new Float64Array(0)).mean).toBeNaN()
      expect(y).toEqual(Float64Array.of(3, 1, 2))
    })
  })
})
