import { describe, expect, it } from 'vitest'
import { formatSignalLength, formatWait } from './time-words.js'

describe('spans of time in words', () => {
  it('prints a wait to the second under an hour, to the minute above', () => {
    expect([formatWait(42.4), formatWait(200), formatWait(7500), formatWait(Number.NaN), formatWait(-1)]).toEqual(['42 s', '3 min 20 s', '2 h 5 min', '—', '—'])
  })

  it('prints a recording\u2019s length in tenths of minutes, from an hour on of hours', () => {
    expect([formatSignalLength(750), formatSignalLength(3599), formatSignalLength(3600), formatSignalLength(8280), formatSignalLength(null)]).toEqual(['12.5 min', '60.0 min', '1.0 h', '2.3 h', '—'])
  })
})
