// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { describe, expect, it } from 'vitest'
import { PLACE_KEY, emptyFilters, filterQuery, isPlace, useReviewPlaceStore } from './review-place.js'

describe('review place', () => {
  it('trusts only a stored place of the right shape', () => {
    expect(isPlace(null)).toBe(true)
    expect(isPlace({ dataset: 'demo', filters: emptyFilters(), position: 3, index: 7 })).toBe(true)
    expect(isPlace({ dataset: 'demo', filters: { ...emptyFilters(), flag: 'shiny' }, position: 3, index: 7 })).toBe(false)
    expect(isPlace({ dataset: 'demo', filters: emptyFilters(), position: -1, index: 7 })).toBe(false)
    expect(isPlace({ dataset: 'demo', filters: { subject: 'S01' }, position: 0, index: 0 })).toBe(false)
    expect(isPlace('demo')).toBe(false)
  })

  it('keeps the place on this computer and renames its dataset with a rename of that dataset only', () => {
    localStorage.clear()
    setActivePinia(createPinia())
    const place = { dataset: 'demo', filters: { ...emptyFilters(), subject: 'S02' }, position: 1, index: 4 }
    useReviewPlaceStore().place = place
    useReviewPlaceStore().followRename('other', 'renamed')
    expect(JSON.parse(localStorage.getItem(PLACE_KEY)!)).toEqual(place)
    setActivePinia(createPinia())
    useReviewPlaceStore().followRename('demo', 'demo 2')
    expect(JSON.parse(localStorage.getItem(PLACE_KEY)!)).toEqual({ ...place, dataset: 'demo 2' })
  })

  it('queries only the filters that are set, a numeric label value as a number', () => {
    expect(filterQuery(emptyFilters())).toEqual({})
    expect(filterQuery({ subject: 'S01', trial: ' 2 ', labelKey: 'arousal', labelValue: ' 7 ', flag: 'unreviewed' })).toEqual({ subject: 'S01', trial: '2', labelKey: 'arousal', labelValue: 7, flag: 'unreviewed' })
    expect(filterQuery({ ...emptyFilters(), labelKey: 'state', labelValue: 'stress' })).toEqual({ labelKey: 'state', labelValue: 'stress' })
    // a value without a label to match is no filter
    expect(filterQuery({ ...emptyFilters(), labelValue: '7' })).toEqual({})
  })
})
