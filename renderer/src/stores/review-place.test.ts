import { describe, expect, it } from 'vitest'
import { emptyFilters, filterQuery, isPlace } from './review-place.js'

describe('review place', () => {
  it('trusts only a stored place of the right shape', () => {
    expect(isPlace(null)).toBe(true)
    expect(isPlace({ dataset: 'demo', filters: emptyFilters(), position: 3, index: 7 })).toBe(true)
    expect(isPlace({ dataset: 'demo', filters: { ...emptyFilters(), flag: 'shiny' }, position: 3, index: 7 })).toBe(false)
    expect(isPlace({ dataset: 'demo', filters: emptyFilters(), position: -1, index: 7 })).toBe(false)
    expect(isPlace({ dataset: 'demo', filters: { subject: 'S01' }, position: 0, index: 0 })).toBe(false)
    expect(isPlace('demo')).toBe(false)
  })

  it('queries only the filters that are set, a numeric label value as a number', () => {
    expect(filterQuery(emptyFilters())).toEqual({})
    expect(filterQuery({ subject: 'S01', trial: ' 2 ', labelKey: 'arousal', labelValue: ' 7 ', flag: 'unreviewed' })).toEqual({ subject: 'S01', trial: '2', labelKey: 'arousal', labelValue: 7, flag: 'unreviewed' })
    expect(filterQuery({ ...emptyFilters(), labelKey: 'state', labelValue: 'stress' })).toEqual({ labelKey: 'state', labelValue: 'stress' })
    // a value without a label to match is no filter
    expect(filterQuery({ ...emptyFilters(), labelValue: '7' })).toEqual({})
  })
})
