import { describe, expect, it } from 'vitest'
import { TalError, parseTals } from './annotations.js'
import { edfStartTime } from './header.js'

describe('edfStartTime', () => {
  it('applies the EDF year rule: 85–99 → 19xx, 00–84 → 20xx', () => {
    expect(edfStartTime('01.02.85', '00.00.00')).toBe('1985-02-01T00:00:00')
    expect(edfStartTime('01.02.99', '13.14.15')).toBe('1999-02-01T13:14:15')
    expect(edfStartTime('01.02.00', '13.14.15')).toBe('2000-02-01T13:14:15')
    expect(edfStartTime('29.02.84', '23.59.59')).toBe('2084-02-29T23:59:59')
  })

  it('adds a sub-second offset in whole milliseconds', () => {
    expect(edfStartTime('24.01.20', '04.05.56', 0.3945312)).toBe('2020-01-24T04:05:56.394')
    expect(edfStartTime('31.12.99', '23.59.59', 1.5)).toBe('2000-01-01T00:00:00.500')
  })

  it('gives undefined for dates that do not exist or are not dd.mm.yy', () => {
    expect(edfStartTime('31.02.20', '10.00.00')).toBeUndefined()
    expect(edfStartTime('2020-01-01', '10.00.00')).toBeUndefined()
    expect(edfStartTime('01.01.20', '24.00.00')).toBeUndefined()
    expect(edfStartTime('        ', '        ')).toBeUndefined()
  })
})

const bytes = (s: string): Uint8Array => Buffer.from(s, 'utf8')

describe('parseTals', () => {
  it('reads the time-keeping TAL, durations, several texts per TAL and the zero padding', () => {
    const tals = parseTals(bytes('+12.5\x14\x14\x00+13\x1530.25\x14Stimulus A\x14second\x14\x00-0.5\x14Ü\x14\x00\x00\x00\x00'))
    expect(tals).toEqual([
      { onset: 12.5, duration: undefined, texts: [''] },
      { onset: 13, duration: 30.25, texts: ['Stimulus A', 'second'] },
      { onset: -0.5, duration: undefined, texts: ['Ü'] },
    ])
  })

  it('returns nothing for an all-zero annotation signal', () => {
    expect(parseTals(new Uint8Array(40))).toEqual([])
  })

  it.each([
    ['12\x14\x14\x00', /onset "12"/],
    ['+1\x14text\x00', /does not end with/],
    ['+1\x15abc\x14x\x14\x00', /duration "abc"/],
    ['+x\x14\x14\x00', /onset/],
  ])('refuses malformed TAL %j', (text, message) => {
    expect(() => parseTals(bytes(text))).toThrow(TalError)
    expect(() => parseTals(bytes(text))).toThrow(message)
  })
})
