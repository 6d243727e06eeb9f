// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { RecordingOverview } from '@contracts/review.js'
import EChart from '../../charts/EChart.vue'
import RecordingOverviewChart from './RecordingOverviewChart.vue'

function overview(fromS: number, toS: number): RecordingOverview {
  return { recordingId: 1, fs: 256, fromS, toS, durationS: 3600, downsampled: true, times: Float32Array.of(fromS, (fromS + toS) / 2, toS), values: Float32Array.of(0, 1, 0) }
}

type ZoomOption = { dataZoom: Record<string, unknown>[] }

function mountWith(o: RecordingOverview) {
  // ECharts draws nothing in happy-dom; the option handed to the chart is what is checked
  return mount(RecordingOverviewChart, { props: { overview: o, windowStartS: 600, windowS: 10 }, global: { stubs: { EChart: true } } })
}

describe('RecordingOverviewChart', () => {
  it('shows the span the overview holds: a chart drawn anew over a zoomed overview starts zoomed there', () => {
    const zoomed = mountWith(overview(500, 800)).findComponent(EChart).props('option') as ZoomOption
    for (const z of zoomed.dataZoom) expect(z).toMatchObject({ startValue: 500, endValue: 800 })
    const whole = mountWith(overview(0, 3600)).findComponent(EChart).props('option') as ZoomOption
    for (const z of whole.dataZoom) expect(z).toMatchObject({ start: 0, end: 100 })
  })

  it('follows a new overview: back to the whole recording after a zoom', async () => {
    const w = mountWith(overview(500, 800))
    await w.setProps({ overview: overview(0, 3600) })
    for (const z of (w.findComponent(EChart).props('option') as ZoomOption).dataZoom) expect(z).toMatchObject({ start: 0, end: 100 })
  })

  it('opens the window under a click anywhere on the plot (clamped to the recording)', () => {
    const w = mountWith(overview(0, 3600))
    w.findComponent(EChart).vm.$emit('plotclick', 1234.5)
    w.findComponent(EChart).vm.$emit('plotclick', 4000)
    expect(w.emitted('pick')).toEqual([[1234.5], [3600]])
  })
})
