import { describe, expect, it } from 'vitest'
import type { WindowInfo } from '../../../src/contracts/datasets.js'
import { labelBalance } from './label-balance.js'

const w = (labels: WindowInfo['labels']): WindowInfo => ({ index: 0, subject: 'S1', trial: 't', startS: 0, labels, quality: 'ok', excluded: false })

describe('label balance', () => {
  it('splits numeric labels at the midpoint of the observed range and counts text values', () => {
    const windows = [w({ arousal: 1, mood: 'calm' }), w({ arousal: 5, mood: 'calm' }), w({ arousal: 9, mood: 'stress' }), w({ arousal: null, mood: null }), w({ arousal: 4.99 })]
    const balance = labelBalance(windows, ['arousal', 'mood'], { arousal: { min: 1, max: 9 } })
    expect(balance).toEqual([
      { label: 'arousal', rule: 'split at the midpoint of the observed range 1–9', buckets: [{ name: 'low (< 5)', count: 2 }, { name: 'high (≥ 5)', count: 2 }, { name: 'missing', count: 1 }] },
      { label: 'mood', rule: 'windows per value', buckets: [{ name: 'calm', count: 2 }, { name: 'stress', count: 1 }, { name: 'missing', count: 2 }] },
    ])
  })

  it('shows a fractional midpoint without trailing zeros', () => {
    expect(labelBalance([w({ v: 2 })], ['v'], { v: { min: 2, max: 7 } })[0]?.buckets.map((b) => b.name)).toEqual(['low (< 4.5)', 'high (≥ 4.5)'])
  })
})
