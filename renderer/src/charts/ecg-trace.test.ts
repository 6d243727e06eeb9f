import { describe, expect, it } from 'vitest'
import { ecgTimeAxis, ecgTraceSeries } from './ecg-trace.js'

describe('the ECG trace both charts draw', () => {
  it('puts sample i at i / fs seconds on an axis from 0 to the end, thinned with LTTB', () => {
    const s = ecgTraceSeries(Float32Array.from([0.5, -1, 2]), 2)
    expect(s.data).toEqual([[0, 0.5], [0.5, -1], [1, 2]])
    expect([s.type, s.sampling, s.showSymbol]).toEqual(['line', 'lttb', false])
    expect(ecgTimeAxis(2560, 256)).toMatchObject({ min: 0, max: 10, name: 's' })
  })
})
