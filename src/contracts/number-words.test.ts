import { describe, expect, it } from 'vitest'
import { formatFraction as reportFraction, formatMeanSd as reportMeanSd } from '../reports/tables.js'
import { fixed3, formatFraction, formatMeanSd } from './number-words.js'

describe('number words', () => {
  it('prints three decimals, mean ± sd and label fractions as percentages, n/a for no number', () => {
    expect(formatMeanSd({ mean: 0.8576, sd: 0.0121 })).toBe('0.858 ± 0.012')
    expect(formatMeanSd({ mean: Number.NaN, sd: 0 })).toBe('n/a ± 0.000')
    expect([1, 0.05, 0.005, 0.0125].map(formatFraction)).toEqual(['100 %', '5 %', '0.5 %', '1.25 %'])
    expect(fixed3(Number.POSITIVE_INFINITY)).toBe('n/a')
  })

  it('is what the HTML report prints with (results-model.test.ts checks the app)', () => {
    expect([reportMeanSd, reportFraction]).toEqual([formatMeanSd, formatFraction])
  })
})
