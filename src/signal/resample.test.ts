import { describe, expect, it } from 'vitest'
import { createJsFirBackend, createWasmFirBackend, defaultFirBackend } from './fir-kernel.js'
import { oracleSignal } from './oracle-signals.js'
import { MAX_RATIONAL_TERM, rationalRatio, resamplePoly, resampleTo, resampledLength } from './resample.js'
import { manifest, maxRelativeError, readBin } from './scipy-oracle.test-util.js'

describe('rationalRatio', () => {
  it('is exact for integer rates', () => {
    expect(rationalRatio(2048, 256)).toEqual({ up: 1, down: 8 })
    expect(rationalRatio(700, 256)).toEqual({ up: 64, down: 175 })
    expect(rationalRatio(500, 256)).toEqual({ up: 64, down: 125 })
    expect(rationalRatio(1000, 256)).toEqual({ up: 32, down: 125 })
    expect(rationalRatio(360, 256)).toEqual({ up: 32, down: 45 })
    expect(rationalRatio(128, 256)).toEqual({ up: 2, down: 1 })
    expect(rationalRatio(256, 256)).toEqual({ up: 1, down: 1 })
    expect(rationalRatio(44100, 256)).toEqual({ up: 64, down: 11025 })
  })

  it('approximates non-integer rates with terms ≤ MAX_RATIONAL_TERM', () => {
    expect(rationalRatio(512.0, 256)).toEqual({ up: 1, down: 2 })
    expect(rationalRatio(250.5, 256)).toEqual({ up: 512, down: 501 })
    expect(rationalRatio(999.9, 256)).toEqual({ up: 2560, down: 9999 })
    for (let fs = 30.013; fs < 8000; fs += 77.7) {
      const r = rationalRatio(fs, 256)
      expect(Math.max(r.up, r.down)).toBeLessThanOrEqual(MAX_RATIONAL_TERM)
      expect(Math.abs((fs * r.up) / r.down - 256) / 256).toBeLessThan(2e-5)
    }
    expect(() => rationalRatio(1e9 + 0.5, 256)).toThrow(RangeError)
    expect(() => rationalRatio(0, 256)).toThrow(RangeError)
  })
})

describe('resamplePoly against scipy.signal.resample_poly', () => {
  const backends = [createJsFirBackend(), createWasmFirBackend()].filter((b) => b !== undefined)

  it('has the WebAssembly SIMD kernel available here', () => {
    expect(defaultFirBackend().kind).toBe('wasm-simd')
  })

  for (const c of manifest.resample) {
    for (const backend of backends) {
      it(`${c.fsIn} → 256 Hz (${c.up}/${c.down}), ${c.n} samples, ${backend.kind}`, () => {
        const x = oracleSignal(c.n, c.fsIn, c.seed)
        const expected = readBin(c)
        const y = resamplePoly(x, c.up, c.down, backend)
        expect(y.length).toBe(expected.length)
        expect(resampledLength(c.n, c.up, c.down)).toBe(expected.length)
        // same arithmetic up to summation order: the whole output, edges included, agrees to 1e-12
        expect(maxRelativeError(y, expected)).toBeLessThan(1e-12)
      })
    }
  }

  it('resampleTo at a non-integer rate (999.9 Hz → 2560/9999) matches SciPy', () => {
    const c = manifest.resample.find((r) => r.fsIn === 999.9)!
    expect(rationalRatio(999.9, 256)).toEqual({ up: c.up, down: c.down })
    expect(maxRelativeError(resampleTo(oracleSignal(c.n, 999.9, c.seed), 999.9, 256), readBin(c))).toBeLessThan(1e-12)
  })

  it('resampleTo uses the exact ratio and up = down copies', () => {
    const c = manifest.resample.find((r) => r.fsIn === 700 && r.n > 100)!
    expect(maxRelativeError(resampleTo(oracleSignal(c.n, 700, c.seed), 700, 256), readBin(c))).toBeLessThan(1e-12)
    const x = Float64Array.of(1, 2, 3)
    const same = resamplePoly(x, 3, 3)
    expect(same).toEqual(x)
    expect(same).not.toBe(x)
    expect(resamplePoly(new Float64Array(0), 1, 8).length).toBe(0)
    expect(() => resamplePoly(x, 0, 1)).toThrow(RangeError)
  })

  it('handles inputs spanning several internal blocks', () => {
    const x = oracleSignal(300_000, 2048, 7)
    const js = resamplePoly(x, 1, 8, createJsFirBackend())
    const fast = resamplePoly(x, 1, 8)
    expect(fast.length).toBe(37_500)
    expect(maxRelativeError(fast, js)).toBeLessThan(1e-13)
    const up = resamplePoly(x.subarray(0, 140_000), 2, 1)
    expect(maxRelativeError(up, resamplePoly(x.subarray(0, 140_000), 2, 1, createJsFirBackend()))).toBeLessThan(1e-13)
  })
})
