import { afterEach, describe, expect, it } from 'vitest'
import { butterworthHighpassSos } from './butterworth.js'
import { setWasmDspEnabled, wasmDsp } from './dsp-wasm.js'
import { hashUniform, oracleSignal } from './oracle-signals.js'
import { cutWindows, DEFAULT_PREPROCESS, filterRecording, robustSubjectStats } from './preprocess.js'
import { QUALITY_BITS, scanQuality } from './quality.js'
import { sosfiltfilt } from './sosfiltfilt.js'
import { maxRelativeError } from './scipy-oracle.test-util.js'
import { robustStats } from './zscore.js'

/** Runs f on the JavaScript loops and on the kernels. */
function both<T>(f: () => T): [T, T] {
  setWasmDspEnabled(false)
  const js = f()
  setWasmDspEnabled(true)
  return [js, f()]
}

describe('WebAssembly kernels against the JavaScript loops', () => {
  afterEach(() => setWasmDspEnabled(true))

  it('are available', () => {
    expect(wasmDsp()).toBeDefined()
  })

  it('partition (through robustStats) selects the k-th order statistic, with ties, sorted and reversed input', () => {
    for (const [n, levels, order] of [[1, 1, 0], [2, 2, 0], [9, 3, 0], [1000, 1e6, 0], [5000, 5, 0], [4096, 1e6, 1], [4096, 1e6, -1], [3000, 1, 0]] as const) {
      const a = new Float64Array(n)
      for (let i = 0; i < n; i++) a[i] = order === 0 ? Math.floor(hashUniform(i, n) * levels) : order * i
      const sorted = Float64Array.from(a).sort()
      // robustStats with percentiles p and 100: the slice is order statistics ⌊p·n⌋ … n−1
      for (const p of [0, 2.5, 50, 99.99]) {
        const lo = Math.floor((p / 100) * n)
        const tail = sorted.subarray(lo)
        const mean = tail.reduce((x, y) => x + y, 0) / tail.length
        const sd = Math.sqrt(tail.reduce((x, y) => x + (y - mean) * (y - mean), 0) / tail.length)
        const [js, wasm] = both(() => robustStats(a, p, 100))
        expect(wasm).toEqual(js) // the same element moves, so the same sums
        expect(Math.abs(wasm.sd - sd)).toBeLessThanOrEqual(1e-9 * Math.max(1, sd))
      }
    }
  })

  it('sos2 (through sosfiltfilt) gives bit-identical results, odd and even orders', () => {
    const x = oracleSignal(20_000, 256, 3)
    for (const order of [3, 4, 5]) {
      const sos = butterworthHighpassSos(order, 0.8, 256)
      const [js, wasm] = both(() => sosfiltfilt(sos, x))
      expect(wasm).toEqual(js)
    }
  })

  it('sum, select and sumSqDev (through robustStats) agree to rounding', () => {
    const y = oracleSignal(50_001, 256, 4)
    const [js, wasm] = both(() => robustStats(y))
    expect(wasm).toEqual(js)
  })

  it('scanRuns finds the same runs, also when more than a buffer-full of candidates comes at once', () => {
    // 400 runs of 25 identical samples (> 21 = 10 ms at 2048 Hz) at the maximum, across chunk borders
    const x = oracleSignal(200_000, 2048, 5)
    for (let r = 0; r < 400; r++) x.fill(9, 100 + r * 400, 125 + r * 400)
    x.fill(-7, 65_530, 65_560) // a minimum run across the 65 536-sample chunk border
    const [js, wasm] = both(() => scanQuality(x, 2048))
    expect(wasm).toEqual(js)
    expect(wasm.runs.length).toBe(401)
    expect(wasm.runs.every((r) => r.bits === QUALITY_BITS.clipped)).toBe(true)
    expect(wasm.runs[164]).toEqual({ start: 65_530, end: 65_560, bits: QUALITY_BITS.clipped })
  })

  it('scanRuns agrees on coarsely quantised data, where neighbours are often equal', () => {
    // 0.02 steps at 2048 Hz: the slow baseline gives runs of every length, a few ≥ 21 samples
    const x = oracleSignal(300_000, 2048, 8).map((v) => Math.round(v * 50) / 50)
    x.fill(x[100_000]!, 100_000, 102_100) // ≥ 1 s flat
    const [js, wasm] = both(() => scanQuality(x, 2048))
    expect(wasm).toEqual(js)
    expect(wasm.runs.some((r) => r.bits === QUALITY_BITS.flat)).toBe(true)
    const [js2, wasm2] = both(() => scanQuality(x, 100)) // clipLen 3: many candidate runs
    expect(wasm2).toEqual(js2)
  })

  it('zscoreF32 and orBytes (through the pipeline) give identical windows and flags', () => {
    const raw = oracleSignal(70 * 500, 500, 6)
    raw.fill(NaN, 3000, 3100)
    const [recJs, rec] = both(() => filterRecording(raw, 500, DEFAULT_PREPROCESS))
    expect(maxRelativeError(rec.signal, recJs.signal)).toBeLessThan(1e-13) // FIR summation order
    expect(rec.badMask).toEqual(recJs.badMask)
    const [statsJs, stats] = both(() => robustSubjectStats([rec], DEFAULT_PREPROCESS))
    expect(stats.sampleCount).toBe(statsJs.sampleCount)
    expect(stats).toEqual(statsJs)
    const [js, wasm] = both(() => cutWindows(rec, stats, { ...DEFAULT_PREPROCESS, overlapPercent: 50 }))
    expect(wasm).toEqual(js)
    expect(wasm.slice(0, 3).map((w) => w.quality)).toEqual(['nan', 'nan', 'ok']) // 6.0–6.2 s in [0, 10) and [5, 15)
  })
})
