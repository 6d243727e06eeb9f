import { beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../common/input-error.js'
import { oracleSignal } from './oracle-signals.js'
import {
  DEFAULT_PREPROCESS,
  QUALITY_BITS,
  cutWindows,
  filterRecording,
  robustSubjectStats,
  validatePreprocessParams,
  type FilteredRecording,
} from './preprocess.js'
import { describeOnBothKernels, manifest, maxRelativeError, readBin } from './scipy-oracle.test-util.js'
import { robustStats } from './zscore.js'


const P = DEFAULT_PREPROCESS

/** 60 s at 500 Hz with a NaN gap at 12 s, a 1.2 s flat line at 25 s and 30 ms clipped at 45 s. */
function damagedRecording(): Float64Array {
  const fs = 500
  const x = oracleSignal(60 * fs, fs, 99)
  x.fill(NaN, 12 * fs, 12.5 * fs)
  x.fill(x[25 * fs]!, 25 * fs, 26.2 * fs)
  x.fill(3, 45 * fs, 45.03 * fs) // above every other sample: the recording's maximum
  return x
}

// every test runs on the WebAssembly kernels and on the JavaScript fallbacks
describeOnBothKernels(() => {

  describe('the whole pipeline against the SciPy peer preprocess()', () => {
    it('gives the peer windows to float32 precision', () => {
      const c = manifest.peerPreprocess
      const rec = filterRecording(oracleSignal(c.n, c.fsIn, c.seed), c.fsIn, P)
      expect(rec.fs).toBe(256)
      expect(rec.signal.length).toBe(c.stats.n)
      expect(rec.badMask.every((b) => b === 0)).toBe(true)
      const stats = robustSubjectStats([rec], P)
      expect(stats.sampleCount).toBe(c.stats.n)
      expect(Math.abs(stats.mean - c.stats.mean) / c.stats.sd).toBeLessThan(1e-10)
      expect(Math.abs(stats.sd - c.stats.sd) / c.stats.sd).toBeLessThan(1e-10)
      const windows = cutWindows(rec, stats, P)
      expect(windows.length).toBe(c.windows)
      const expected = readBin(c)
      const ours = new Float64Array(c.length)
      windows.forEach((w, i) => {
        expect(w.samples.length).toBe(c.windowLength)
        expect(w.startSample).toBe(i * 2560)
        expect(w.startS).toBe(i * 10)
        expect(w.quality).toBe('ok')
        ours.set(w.samples, i * c.windowLength)
      })
      // float32 output: 6e-8 relative per sample; asserted over every sample, edges included
      expect(maxRelativeError(ours, expected)).toBeLessThan(1e-6)
    })
  })

  describe('quality flags through the pipeline', () => {
    let rec: FilteredRecording
    beforeAll(() => {
      rec = filterRecording(damagedRecording(), 500, P)
    })

    it('keeps NaN out of the filtered signal and marks the damaged spans', () => {
      expect(rec.signal.length).toBe(15360)
      expect(rec.signal.every(Number.isFinite)).toBe(true)
      const bad = (bit: number): [number, number] => {
        const idx = [...rec.badMask.keys()].filter((i) => (rec.badMask[i]! & bit) !== 0)
        return [idx[0]!, idx.at(-1)!]
      }
      // 500 → 256 Hz is 64/125: input sample i sits at output i·64/125, and each output covers
      // ±0.5 output samples, so run [a, b) marks ⌈a·64/125 − 0.5⌉ … ⌊(b−1)·64/125 + 0.5⌋
      expect(bad(QUALITY_BITS.nan)).toEqual([3072, 3199]) // inputs 6000 … 6249
      expect(bad(QUALITY_BITS.flat)).toEqual([6400, 6707]) // 12500 … 13099
      expect(bad(QUALITY_BITS.clipped)).toEqual([11520, 11527]) // 22500 … 22514
    })

    it('gives each window the worst flag in its span and excludes bad samples from the statistics', () => {
      const stats = robustSubjectStats([rec], P)
      const good = rec.signal.filter((_, i) => rec.badMask[i] === 0)
      expect(stats.sampleCount).toBe(good.length)
      expect(stats.sd).toBe(robustStats(good).sd)
      const windows = cutWindows(rec, stats, P)
      expect(windows.map((w) => w.quality)).toEqual(['ok', 'nan', 'flat', 'ok', 'clipped', 'ok'])
    })

    it('cuts windows with 50 % overlap', () => {
      const stats = robustSubjectStats([rec], P)
      const windows = cutWindows(rec, stats, { ...P, overlapPercent: 50 })
      expect(windows.map((w) => w.startS)).toEqual([0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50])
      expect(windows.map((w) => w.quality)).toEqual(['ok', 'nan', 'nan', 'ok', 'flat', 'flat', 'ok', 'ok', 'clipped', 'clipped', 'ok'])
      // overlapping windows hold the same z-scored samples
      expect(windows[1]!.samples.subarray(1280)).toEqual(windows[2]!.samples.subarray(0, 1280))
      expect(windows[0]!.samples[5]).toBe(Math.fround((rec.signal[5]! - stats.mean) / stats.sd))
    })

    it('uses only full windows and rounds the hop', () => {
      const stats = robustSubjectStats([rec], P)
      const w = cutWindows({ ...rec, signal: rec.signal.subarray(0, 5119), badMask: rec.badMask.subarray(0, 5119) }, stats, P)
      expect(w.length).toBe(1)
      const w33 = cutWindows(rec, stats, { ...P, overlapPercent: 33 })
      expect(w33.map((x) => x.startSample)).toEqual([0, 1715, 3430, 5145, 6860, 8575, 10290, 12005])
    })
  })

  describe('other rates and edge cases', () => {
    it('upsamples AMIGOS-style 128 Hz data to 256 Hz', () => {
      const rec = filterRecording(oracleSignal(128 * 20 + 5, 128, 5), 128, P)
      expect(rec.signal.length).toBe(2 * (128 * 20 + 5))
      expect(cutWindows(rec, robustSubjectStats([rec], P), P).length).toBe(2)
    })

    it('passes 256 Hz data straight to the filter', () => {
      const raw = oracleSignal(256 * 12, 256, 8)
      const rec = filterRecording(raw, 256, P)
      expect(rec.signal.length).toBe(raw.length)
    })

    it('throws a plain Error for a recording too short to filter', () => {
      const run = (): FilteredRecording => filterRecording(new Float64Array(100), 2048, P)
      expect(run).toThrow('the recording is too short to filter: 13 samples at 256 Hz, at least 16 needed')
      expect(run).not.toThrow(InputError)
    })

    it('pools the good samples of several recordings, and refuses to z-score without spread', () => {
      const a: FilteredRecording = { fs: 256, signal: Float64Array.of(1, 2, 1000, 3), badMask: Uint8Array.of(0, 0, 4, 0) }
      const b: FilteredRecording = { fs: 256, signal: Float64Array.of(4, NaN, 5), badMask: Uint8Array.of(0, 1, 0) }
      const stats = robustSubjectStats([a, b], P)
      expect(stats).toEqual({ mean: 3, sd: robustStats(Float64Array.of(1, 2, 3, 4, 5)).sd, sampleCount: 5 })
      const none = robustSubjectStats([{ ...b, badMask: Uint8Array.of(1, 1, 1) }], P)
      expect(none.sampleCount).toBe(0)
      expect(none.mean).toBeNaN()
      expect(() => cutWindows(a, none, P)).toThrow(/cannot z-score/)
      expect(() => cutWindows(a, { mean: 0, sd: 0, sampleCount: 4 }, P)).toThrow(/cannot z-score/)
    })

    it('handles an all-NaN recording as all bad', () => {
      const rec = filterRecording(new Float64Array(2048 * 2).fill(NaN), 2048, P)
      expect(rec.signal.every((v) => v === 0)).toBe(true)
      expect(rec.badMask.every((b) => b === QUALITY_BITS.nan)).toBe(true)
    })
  })

  describe('validatePreprocessParams', () => {
    it('fills in the METHOD.md defaults', () => {
      expect(validatePreprocessParams({})).toEqual({
        targetFs: 256, highpassHz: 0.8, highpassOrder: 4, windowSeconds: 10, overlapPercent: 0,
        zscoreLowPercentile: 2.5, zscoreHighPercentile: 97.5,
      })
      expect(validatePreprocessParams({ overlapPercent: 50 }).overlapPercent).toBe(50)
    })

    it('rejects bad values with one clear sentence', () => {
      const bad: [Partial<typeof P>, string][] = [
        [{ overlapPercent: 95 }, 'The window overlap must be between 0 and 90 percent (got 95).'],
        [{ overlapPercent: -1 }, 'The window overlap must be between 0 and 90 percent (got -1).'],
        [{ targetFs: 0 }, 'The target sampling rate must be a positive number of Hz (got 0).'],
        [{ highpassHz: 128 }, 'The high-pass edge must be above 0 Hz and below half the target rate, 128 Hz (got 128).'],
        [{ highpassOrder: 2.5 }, 'The high-pass filter order must be a whole number from 1 to 12 (got 2.5).'],
        [{ windowSeconds: NaN }, 'The window length must be a positive number of seconds spanning at least 2 samples (got NaN).'],
        [{ zscoreLowPercentile: 60, zscoreHighPercentile: 40 }, 'The z-score percentiles must satisfy 0 ≤ low < high ≤ 100 (got 60 and 40).'],
      ]
      for (const [params, message] of bad) {
        expect(() => validatePreprocessParams(params)).toThrow(InputError)
        expect(() => validatePreprocessParams(params)).toThrow(message)
      }
    })
  })
})
