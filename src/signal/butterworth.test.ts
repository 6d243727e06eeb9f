import { describe, expect, it } from 'vitest'
import { butterworthHighpassSos, butterworthLowpassSos } from './butterworth.js'
import { manifest } from './scipy-oracle.test-util.js'

describe('butterworth sos against scipy.signal.butter(..., output="sos")', () => {
  for (const c of manifest.butter) {
    it(`${c.btype} order ${c.order} at ${c.edgeHz} Hz, fs ${c.fs}`, () => {
      const sos = c.btype === 'highpass' ? butterworthHighpassSos(c.order, c.edgeHz, c.fs) : butterworthLowpassSos(c.order, c.edgeHz, c.fs)
      expect(sos.length).toBe(c.sos.length)
      sos.forEach((section, i) => {
        const expected = c.sos[i]!
        for (let j = 0; j < 6; j++) {
          expect(Math.abs(section[j]! - expected[j]!)).toBeLessThanOrEqual(1e-13)
          // exact zeros matter: sosfiltfilt's padding length counts them
          expect(section[j] === 0).toBe(expected[j] === 0)
        }
      })
    })
  }

  it('rejects an edge at or above Nyquist and a non-integer order', () => {
    expect(() => butterworthHighpassSos(4, 128, 256)).toThrow(RangeError)
    expect(() => butterworthHighpassSos(4, 0, 256)).toThrow(RangeError)
    expect(() => butterworthHighpassSos(2.5, 0.8, 256)).toThrow(RangeError)
  })
})
