// The one ECG trace the app draws (EcgChart: the import preview, and window review with its R
// peaks): time in seconds from the first sample on x, one thin line in the theme's trace colour,
// thinned with LTTB where the chart is narrower than the samples so each QRS keeps its shape.
import type { EChartsCoreOption } from 'echarts/core'
import { chartInk } from './chart-theme.js'

/** An R peak at sample `index`; an uncertain one (its RR interval does not fit) gets its own mark. */
export interface TracePeak {
  readonly index: number
  readonly uncertain: boolean
}

/** The time axis of `n` samples at `fs` Hz, seconds from 0 to the end. */
export function ecgTimeAxis(n: number, fs: number) {
  return { type: 'value' as const, name: 's', nameLocation: 'end' as const, min: 0, max: n / fs }
}

/** The line series of `samples` at `fs` Hz as [t, v] pairs (built once per change, outside Vue's reactivity). */
export function ecgTraceSeries(samples: Float32Array, fs: number) {
  const data = new Array<[number, number]>(samples.length)
  for (let i = 0; i < samples.length; i++) data[i] = [i / fs, samples[i] ?? 0]
  return { type: 'line' as const, data, showSymbol: false, sampling: 'lttb' as const, lineStyle: { width: 1.2, color: chartInk().trace } }
}

/** Triangles above the R peaks; a hollow ring with a question mark above an uncertain one (readable without colour). */
function peakMarks(samples: Float32Array, fs: number, peaks: readonly TracePeak[]) {
  const ink = chartInk()
  const data = peaks.map((p) => {
    const coord = [p.index / fs, samples[p.index] ?? 0]
    if (!p.uncertain) return { coord }
    return { coord, symbol: 'circle', symbolSize: 13, symbolRotate: 0, symbolOffset: [0, -12], itemStyle: { color: 'transparent', borderColor: ink.doubt, borderWidth: 2 }, label: { show: true, formatter: '?', color: ink.doubt, fontWeight: 'bold', fontSize: 11 } }
  })
  return { symbol: 'triangle', symbolSize: 9, symbolRotate: 180, symbolOffset: [0, -8], itemStyle: { color: ink.mark }, label: { show: false }, data }
}

/** The whole chart: the trace against time, its unit on y, and the R peaks when given. */
export function ecgTraceOption(samples: Float32Array, fs: number, unit: string, peaks?: readonly TracePeak[]): EChartsCoreOption {
  return {
    animation: false,
    // room above the trace for the peak marks when there are any
    grid: { left: 52, right: 20, top: peaks === undefined ? 14 : 28, bottom: 34 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? v.toFixed(3) : String(v)) },
    xAxis: ecgTimeAxis(samples.length, fs),
    yAxis: { type: 'value', name: unit, scale: true },
    series: [{ ...ecgTraceSeries(samples, fs), ...(peaks !== undefined && { markPoint: peakMarks(samples, fs, peaks) }) }],
  }
}
