// The ECG trace the import preview (EcgChart) and window review (EcgWindowChart) both draw: time in
// seconds from the first sample on x, one thin line in the theme's trace colour, thinned with LTTB
// where the chart is narrower than the samples so each QRS keeps its shape.
import { chartInk } from './chart-theme.js'

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
