import { describe, expect, it } from 'vitest'
import { ecgTimeAxis, ecgTraceOption, ecgTraceSeries } from './ecg-trace.js'

describe('the one ECG trace', () => {
  it('puts sample i at i / fs seconds on an axis from 0 to the end, thinned with LTTB', () => {
    const s = ecgTraceSeries(Float32Array.from([0.5, -1, 2]), 2)
    expect(s.data).toEqual([[0, 0.5], [0.5, -1], [1, 2]])
    expect([s.type, s.sampling, s.showSymbol]).toEqual(['line', 'lttb', false])
    expect(ecgTimeAxis(2560, 256)).toMatchObject({ min: 0, max: 10, name: 's' })
  })

  it('marks R peaks on the trace where given, an uncertain one with a question mark, and names the unit', () => {
    const samples = Float32Array.from([0, 1.5, 0, 2, 0])
    type Option = { yAxis: { name: string }; series: { markPoint?: { data: { coord: number[]; label?: { formatter: string } }[] } }[] }
    const plain = ecgTraceOption(samples, 2, 'mV') as Option
    expect([plain.yAxis.name, plain.series[0]?.markPoint]).toEqual(['mV', undefined])
    const marked = ecgTraceOption(samples, 2, 'z', [{ index: 1, uncertain: false }, { index: 3, uncertain: true }]) as Option
    const marks = marked.series[0]?.markPoint?.data ?? []
    expect(marks.map((m) => m.coord)).toEqual([[0.5, 1.5], [1.5, 2]])
    expect(marks.map((m) => m.label?.formatter)).toEqual([undefined, '?'])
  })
})
