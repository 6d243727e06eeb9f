import { describe, expect, it } from 'vitest'
import { InputError } from '../../common/input-error.js'
import { parseWfdbHeader, wfdbStartTime } from './header.js'

describe('parseWfdbHeader', () => {
  it('reads a header with a leading comment, CRLF endings and a blank line between signal lines', () => {
    const text = '# unnecessary comment\n100 2 360 650000\r\n100.dat 212 200 11 1024 995 -22131 0 MLII\n\r\n' +
      '100.dat 212 200 11 1024 1011 20052 0 V5\r\n# 69 M 1085 1629 x1\r\n'
    const h = parseWfdbHeader(text, '100.hea')
    expect(h.recordName).toBe('100')
    expect(h.fs).toBe(360)
    expect(h.sampleCount).toBe(650000)
    expect(h.signals).toHaveLength(2)
    expect(h.signals[1]).toEqual({
      file: '100.dat', format: 212, samplesPerFrame: 1, skew: 0, byteOffset: 0, gain: 200, baseline: 1024,
      units: 'mV', adcResolution: 11, adcZero: 1024, initialValue: 1011, checksum: 20052, blockSize: 0, description: 'V5',
    })
    expect(h.comments).toEqual(['unnecessary comment', '69 M 1085 1629 x1'])
  })

  it('parses every optional part of the record and signal lines', () => {
    const text = 'rec 2 500/1000(12) 4000 12:30:05.5 02/03/2001\n' +
      'rec.dat 16x4:3+512 100(-7)/uV 16 2 5 -99 0 ECG lead I\n' +
      'rec.dat 16 0/mV\n'
    const h = parseWfdbHeader(text, 'rec.hea')
    expect(h.fs).toBe(500)
    expect(h.counterFrequency).toBe(1000)
    expect(h.baseCounter).toBe(12)
    expect(h.baseTime).toBe('12:30:05.5')
    expect(h.baseDate).toBe('02/03/2001')
    const [a, b] = h.signals
    expect(a).toMatchObject({ format: 16, samplesPerFrame: 4, skew: 3, byteOffset: 512, gain: 100, baseline: -7, units: 'uV', adcZero: 2, initialValue: 5, checksum: -99, description: 'ECG lead I' })
    // Gain 0 means "uncalibrated": WFDB uses 200; missing fields take the defaults.
    expect(b).toMatchObject({ gain: 200, baseline: 0, units: 'mV', adcResolution: 16, adcZero: 0, checksum: undefined, description: 'signal 1' })
    expect(wfdbStartTime(h.baseTime, h.baseDate)).toBe('2001-03-02T12:30:05.500')
  })

  it('uses the WFDB defaults when the record line stops after the number of signals', () => {
    const h = parseWfdbHeader('r 1\nr.dat 212\n', 'r.hea')
    expect(h.fs).toBe(250)
    expect(h.sampleCount).toBeUndefined()
    expect(h.signals[0]).toMatchObject({ gain: 200, baseline: 0, adcResolution: 12, units: 'mV' })
  })

  it.each([
    ['hello world\n', /not a WFDB header/],
    ['', /no record line/],
    ['r 0 360\n', /declares 0 signals/],
    ['r 1 0\nr.dat 16\n', /sampling frequency 0 Hz/],
    ['r 1 -360\nr.dat 16\n', /sampling frequency -360 Hz/],
    ['r 1 2000000\nr.dat 16\n', /at most 1 MHz/],
    ['r 1 abc\nr.dat 16\n', /not a number/],
    ['r 2 360 100\nr.dat 16\n', /only 1 signal lines/],
    ['r/2 1 360\n', /multi-segment/],
    ['r 1 360\nr.dat sixteen\n', /format field "sixteen"/],
    ['r 1 360\nr.dat 16 1e999\n', /not finite/],
    ['r\u0000\u0001 1 360\n', /binary data/],
  ])('refuses %j with one InputError', (text, message) => {
    expect(() => parseWfdbHeader(text, 'x.hea')).toThrow(InputError)
    expect(() => parseWfdbHeader(text, 'x.hea')).toThrow(message)
  })

  it('takes a negative gain (an inverted lead, which WFDB allows)', () => {
    const header = parseWfdbHeader('r 1 360\nr.dat 16 -200(12)/mV 16 0 0 0 0 V1\n', 'x.hea')
    expect(header.signals[0]).toMatchObject({ gain: -200, baseline: 12, units: 'mV' })
  })
})
