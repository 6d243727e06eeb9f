import { describe, expect, it } from 'vitest'
import { butterworthHighpassSos } from './butterworth.js'
import { oracleSignal } from './oracle-signals.js'
import { describeOnBothKernels, manifest, maxRelativeError, readBin } from './scipy-oracle.test-util.js'
import { filtfiltPadLength, minimumLengthForFiltfilt, sosfiltfilt, sosfiltZi } from './sosfiltfilt.js'

// every test runs on the WebAssembly kernels and on the JavaScript fallbacks
describeOnBothKernels(() => {

  describe('sosfiltfilt against scipy.signal.sosfiltfilt', () => {
    for (const c of manifest.sosfiltfilt) {
      it(`order ${c.order} high-pass ${c.edgeHz} Hz at ${c.fs} Hz, ${c.n} samples`, () => {
        const sos = butterworthHighpassSos(c.order, c.edgeHz, c.fs)
        expect(filtfiltPadLength(sos)).toBe(c.padlen)
        const y = sosfiltfilt(sos, oracleSignal(c.n, c.fs, c.seed))
        // the same recursion in the same order: all samples, edges included, agree to 1e-10
        expect(maxRelativeError(y, readBin(c))).toBeLessThan(1e-10)
      })
    }

    it('needs more than padlen samples and says so with a plain Error', () => {
      const sos = butterworthHighpassSos(4, 0.8, 256)
      expect(minimumLengthForFiltfilt(sos)).toBe(16)
      expect(minimumLengthForFiltfilt(butterworthHighpassSos(5, 0.8, 256))).toBe(19)
      expect(() => sosfiltfilt(sos, new Float64Array(15))).toThrow('the signal has 15 samples but zero-phase filtering needs at least 16')
      expect(sosfiltfilt(sos, new Float64Array(16)).length).toBe(16)
    })

    it('sosfiltZi gives the steady state of a unit step (a constant passes unchanged in state)', () => {
      const sos = butterworthHighpassSos(4, 0.8, 256)
      const zi = sosfiltZi(sos)
      // high-pass: DC gain 0, so the second section's state is scaled by 0
      expect(zi[1]![0]).toBeCloseTo(0, 12)
      // a constant signal is removed completely by a high-pass applied forward and backward
      const y = sosfiltfilt(sos, new Float64Array(1000).fill(3.5))
      for (const v of y) expect(Math.abs(v)).toBeLessThan(1e-12)
    })
  })
})
