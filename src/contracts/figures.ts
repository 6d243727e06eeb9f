/**
 * What the app's charts and the HTML report's figures share, written once: the colours of pretext
 * tasks and evaluation methods, the published number's colour, and the ECharts error-bar drawing
 * of the label-fraction figure (mean − sd to mean + sd with caps). Plain data and pure functions
 * with no ECharts import: the renderer (canvas) and src/reports (server-side SVG) both pass them to
 * their own ECharts.
 */
import type { MethodName } from './runs.js'

/** Okabe–Ito colours, one per pretext task: distinguishable with colour-vision deficiencies and in greyscale print. */
export const TASK_COLOURS: readonly string[] = ['#000000', '#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9']

/** The colour of each evaluation method in the label-fraction figures. */
export const METHOD_COLOURS: Readonly<Record<MethodName, string>> = { transfer: '#0072B2', 'fine-tune': '#009E73', baseline: '#D55E00' }

/** The colour of the published (Sarkar & Etemad 2020) markers. */
export const PUBLISHED_COLOUR = '#6a3d9a'

/** The legend name of the published number beside the frozen-transfer curve. */
export const PUBLISHED_NAME = 'published (Sarkar & Etemad 2020)'

/** The part of ECharts' custom-series API an error bar reads. */
export interface ErrorBarApi {
  value(dim: number): unknown
  coord(point: number[]): number[]
}

/** The graphic ECharts draws for one error bar: a group of three lines. */
export interface ErrorBarGraphic {
  readonly type: 'group'
  readonly children: Array<{ type: 'line'; shape: { x1: number; y1: number; x2: number; y2: number }; style: { stroke: string; lineWidth: number } }>
}

/**
 * The renderItem of a custom series whose data are [x, mean − sd, mean + sd]: a vertical line
 * with 8-pixel caps, nudged `offsetPx` sideways so the bars of several methods at one fraction
 * do not hide each other.
 */
export function errorBarRenderer(offsetPx: number, colour: string, lineWidth: number): (params: unknown, api: ErrorBarApi) => ErrorBarGraphic {
  return (_params, api) => {
    const x = Number(api.value(0))
    const low = api.coord([x, Number(api.value(1))])
    const high = api.coord([x, Number(api.value(2))])
    const px = (low[0] ?? 0) + offsetPx
    const y0 = low[1] ?? 0
    const y1 = high[1] ?? 0
    const style = { stroke: colour, lineWidth }
    return {
      type: 'group',
      children: [
        { type: 'line', shape: { x1: px, y1: y0, x2: px, y2: y1 }, style },
        { type: 'line', shape: { x1: px - 4, y1: y0, x2: px + 4, y2: y0 }, style },
        { type: 'line', shape: { x1: px - 4, y1: y1, x2: px + 4, y2: y1 }, style },
      ],
    }
  }
}

/** The sideways nudge of method `i` of `count` at one fraction, pixels (centred on the point). */
export const errorBarOffset = (i: number, count: number): number => (i - (count - 1) / 2) * 6

/**
 * The y range of a label-fraction figure, shared by its accuracy and F1 panels: on tenths, within
 * [0, 1], holding every error bar (mean ± sd) and every mark drawn on them (published numbers,
 * the chance line, even above every accuracy); [0, 1] when they span nothing. Marks that are
 * missing or not finite (no published F1, no chance level) are left out.
 */
export function fractionYRange(bars: readonly { readonly mean: number; readonly sd: number }[], marks: readonly (number | null | undefined)[]): { min: number; max: number } {
  const points = marks.filter((m): m is number => m !== null && m !== undefined && Number.isFinite(m))
  const lows = [...bars.map((b) => b.mean - b.sd), ...points].filter(Number.isFinite)
  const highs = [...bars.map((b) => b.mean + b.sd), ...points].filter(Number.isFinite)
  const min = Math.max(0, Math.floor(Math.min(...lows) * 10) / 10)
  const max = Math.min(1, Math.ceil(Math.max(...highs) * 10) / 10)
  return max > min ? { min, max } : { min: 0, max: 1 }
}

/** What {@link mainModelRows} reads of a result row. */
export interface ModelRowKey {
  readonly method: MethodName
  readonly variant: string
  readonly block: number
}

/**
 * The rows of the run's own pretext model with block-3 features, and the baseline's: what the
 * label-fraction figures (the app's and the report's), the app's protocol comparison and the
 * report's confusion matrices show; probes and ablations stay in the tables. The run's own model
 * is "full", or, when the config itself drops tasks, its "without …" model (the shortest name
 * among those trained, as an ablation adds to it).
 */
export function mainModelRows<R extends ModelRowKey>(rows: readonly R[]): R[] {
  const trained = [...new Set(rows.filter((r) => r.method !== 'baseline').map((r) => r.variant))].sort((a, b) => a.length - b.length)
  const base = trained.includes('full') ? 'full' : trained[0]
  return rows.filter((r) => r.block === 3 && (r.variant === base || r.method === 'baseline'))
}
