/**
 * The report's figures, drawn with ECharts' server-side SVG renderer (no DOM, no canvas):
 * the per-task pretext curves of the paper's Fig. 2 and the label-fraction curves of its Fig. 3.
 * Output is deterministic: animation off, fixed sizes, and ECharts' per-instance hover classes
 * (numbered by a process-wide counter, and useless in a static page) stripped.
 */
import * as echarts from 'echarts'
import type { EChartsOption, SeriesOption } from 'echarts'
import { CHANCE_LABEL, CHANCE_LINE, formatChance, PRETEXT_CHANCE_LABEL, pretextChanceAccuracy } from '../contracts/chance.js'
import { errorBarOffset, errorBarRenderer, fractionYRange, mainModelRows, METHOD_COLOURS, PUBLISHED_COLOUR, PUBLISHED_NAME, TASK_COLOURS } from '../contracts/figures.js'
import { PRETEXT_TASK_NAMES, pretextTaskLabel, type PretextEpoch, type ProtocolName } from '../contracts/runs.js'
import { formatFraction, METHOD_LABELS, PROTOCOL_LABELS, type ReportRow } from './tables.js'

/** One rendered figure. */
export interface ChartSvg {
  /** Short title, plain text (the HTML escapes it). */
  readonly title: string
  /** Caption saying what is drawn, plain text. */
  readonly caption: string
  /** Inline SVG markup. */
  readonly svg: string
}

const FONT = { fontFamily: 'Helvetica, Arial, sans-serif', color: '#222' }
const AXIS_LINE = { lineStyle: { color: '#444' } }
const SPLIT_LINE = { lineStyle: { color: '#e6e6e6' } }


/**
 * Renders `option` to an SVG string at a fixed size and releases the chart. The SVG's namespace
 * attributes are dropped: inline SVG in HTML needs none, and the page then names no URL at all.
 * ECharts names clip paths after a process-wide instance counter; they are renamed after `id`
 * (unique within one page, since all inline SVGs share the page's id space) so output repeats.
 */
export function renderSvg(option: EChartsOption, width: number, height: number, id: string): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    chart.setOption({ animation: false, textStyle: FONT, ...option })
    return chart.renderToSVGString({ useViewBox: true })
      .replace(/<style[\s\S]*?<\/style>/g, '')
      .replace(/ class="zr\d+-cls-\d+"/g, '')
      .replace(/ xmlns(:xlink)?="[^"]*"/g, '')
      .replace(/ (version|baseProfile)="[^"]*"/g, '')
      .replace(/\bzr\d+-/g, `${id}-`)
  } finally {
    chart.dispose()
  }
}

const twoPanelGrids = [
  { left: 64, right: '52%', top: 72, bottom: 52 },
  { left: '56%', right: 24, top: 72, bottom: 52 },
]

/** Colour and legend name of the chance level drawn on every accuracy panel (contracts/chance.ts). */
const CHANCE_COLOUR = CHANCE_LINE.colour
export const CHANCE_SERIES_NAME = 'chance'

/** A dashed horizontal line at `level` from x0 to x1 on one panel: the chance accuracy. */
function chanceLine(panel: number, level: number, x0: number, x1: number): SeriesOption {
  return {
    type: 'line', name: CHANCE_SERIES_NAME, xAxisIndex: panel, yAxisIndex: panel, color: CHANCE_COLOUR, showSymbol: false, silent: true,
    lineStyle: { width: CHANCE_LINE.width, type: CHANCE_LINE.type, color: CHANCE_COLOUR }, data: [[x0, level], [x1, level]], z: 0,
  }
}

const panelTitle = (text: string, left: string | number) => ({ text, left, top: 40, textStyle: { fontSize: 13, fontWeight: 'normal' as const, ...FONT } })

/**
 * Fig. 2: loss and accuracy of each pretext task per epoch, training (solid) and held-out
 * (dashed) windows, one figure per pretext variant ("full" first). Empty when nothing was recorded.
 */
export function pretextCurveCharts(epochs: readonly PretextEpoch[]): ChartSvg[] {
  const variants = [...new Set(epochs.map((e) => e.variant))].sort((a, b) => (a === 'full' ? -1 : b === 'full' ? 1 : a.localeCompare(b)))
  return variants.map((variant, vi) => {
    const mine = epochs.filter((e) => e.variant === variant).sort((a, b) => a.epoch - b.epoch)
    const tasks = PRETEXT_TASK_NAMES.filter((t) => mine.some((e) => e.train.some((m) => m.task === t)))
    const series: SeriesOption[] = []
    tasks.forEach((task, i) => {
      const colour = TASK_COLOURS[i % TASK_COLOURS.length] ?? '#000'
      for (const [panel, metric] of [[0, 'loss'], [1, 'accuracy']] as const) {
        for (const held of [false, true]) {
          const data = mine.flatMap((e) => {
            const m = (held ? e.heldOut : e.train).find((t) => t.task === task)
            // The store counts epochs from 0; the figure counts completed epochs from 1, as the paper does.
            return m === undefined ? [] : [[e.epoch + 1, m[metric]]]
          })
          if (data.length === 0) continue
          series.push({
            type: 'line', name: pretextTaskLabel(task), xAxisIndex: panel, yAxisIndex: panel, data, color: colour,
            showSymbol: mine.length <= 30, symbolSize: 4, lineStyle: { width: 1.6, type: held ? 'dashed' : 'solid' },
          })
        }
      }
    })
    // Always answering "no" scores (n − 1)/n on a head of n variants: the pretext chance level.
    const epochsDrawn = mine.map((e) => e.epoch + 1)
    if (tasks.length > 1 && epochsDrawn.length > 0) series.push(chanceLine(1, pretextChanceAccuracy(7 - tasks.length), Math.min(...epochsDrawn), Math.max(...epochsDrawn)))
    const xAxis = { type: 'value' as const, name: 'epoch', nameLocation: 'middle' as const, nameGap: 28, minInterval: 1, min: 'dataMin' as const, max: 'dataMax' as const, axisLine: AXIS_LINE, splitLine: { show: false } }
    const option: EChartsOption = {
      legend: { top: 6, left: 'center', itemWidth: 22, data: [...tasks.map(pretextTaskLabel), CHANCE_SERIES_NAME], textStyle: FONT },
      title: [panelTitle('Loss (sigmoid cross-entropy)', 64), panelTitle('Accuracy', '56%')],
      grid: twoPanelGrids,
      xAxis: [{ ...xAxis, gridIndex: 0 }, { ...xAxis, gridIndex: 1 }],
      yAxis: [
        { type: 'value', gridIndex: 0, scale: true, axisLine: { show: true, ...AXIS_LINE }, splitLine: SPLIT_LINE },
        { type: 'value', gridIndex: 1, max: 1, scale: true, axisLine: { show: true, ...AXIS_LINE }, splitLine: SPLIT_LINE },
      ],
      series,
    }
    return {
      title: variant === 'full' ? 'Pretext training: per-task curves' : `Pretext training: per-task curves (${variant})`,
      caption: `Per-task loss and accuracy of the signal transformation recognition network (${variant} model) by epoch, ` +
        'as in Fig. 2 of Sarkar & Etemad (2020). Solid lines: training windows; dashed lines: held-out windows; ' +
        `${CHANCE_LINE.words}: chance accuracy (${PRETEXT_CHANCE_LABEL}).`,
      svg: renderSvg(option, 960, 380, `pretext${vi}`),
    }
  })
}

/**
 * Fig. 3: accuracy and the authors' F1 against the label fraction (log axis), transfer vs the
 * fully supervised baseline, mean ± sd over folds; one figure per dataset × task × protocol that
 * was evaluated at two or more fractions. Uses the run's own pretext model (the ablation
 * variants are in the tables) and block-3 features only (probes are in the tables).
 */
export function fractionCurveCharts(rows: readonly ReportRow[]): ChartSvg[] {
  const main = mainModelRows(rows)
  const groups = new Map<string, ReportRow[]>()
  for (const r of main) {
    const key = JSON.stringify([r.dataset, r.task, r.protocol])
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  const charts: ChartSvg[] = []
  for (const group of groups.values()) {
    const first = group[0]
    if (first === undefined || new Set(group.map((r) => r.fraction)).size < 2) continue
    const methods = (['transfer', 'fine-tune', 'baseline'] as const).filter((m) => group.some((r) => r.method === m))
    const series: SeriesOption[] = []
    const legend: string[] = []
    methods.forEach((method, mi) => {
      const mine = group.filter((r) => r.method === method).sort((a, b) => a.fraction - b.fraction)
      const colour = METHOD_COLOURS[method]
      const name = METHOD_LABELS[method]
      legend.push(name)
      const offset = errorBarOffset(mi, methods.length)
      for (const [panel, metric] of [[0, 'accuracy'], [1, 'f1']] as const) {
        series.push({
          type: 'line', name, xAxisIndex: panel, yAxisIndex: panel, color: colour, symbol: method === 'baseline' ? 'rect' : 'circle',
          symbolSize: 6, lineStyle: { width: 1.8 }, data: mine.map((r) => [r.fraction, r[metric].mean]),
        })
        series.push({
          type: 'custom', name, xAxisIndex: panel, yAxisIndex: panel, color: colour, renderItem: errorBarRenderer(offset, colour, 1.2),
          encode: { x: 0, y: [1, 2] }, data: mine.map((r) => [r.fraction, r[metric].mean - r[metric].sd, r[metric].mean + r[metric].sd]), z: 1,
        })
      }
    })
    // Each published number beside its own method's row (frozen transfer, or the paper's fully supervised network).
    const papers = group.flatMap((r) => (r.paper === undefined ? [] : [{ method: r.method, paper: r.paper }]))
    for (const { method, paper } of papers) {
      const name = method === 'transfer' ? PUBLISHED_NAME : `published, ${METHOD_LABELS[method]} (Sarkar & Etemad 2020)`
      const symbol = method === 'transfer' ? 'diamond' : 'triangle'
      legend.push(name)
      series.push({ type: 'scatter', name, xAxisIndex: 0, yAxisIndex: 0, symbol, symbolSize: 11, color: PUBLISHED_COLOUR, data: [[1, paper.accuracy]] })
      if (paper.f1 !== null) series.push({ type: 'scatter', name, xAxisIndex: 1, yAxisIndex: 1, symbol, symbolSize: 11, color: PUBLISHED_COLOUR, data: [[1, paper.f1]] })
    }
    const fractions = group.map((r) => r.fraction)
    const xMin = 10 ** Math.floor(Math.log10(Math.min(...fractions)))
    // The rows of a group share their test windows, hence one chance level.
    const chance = Math.max(...group.map((r) => r.chance).filter(Number.isFinite))
    if (Number.isFinite(chance)) {
      legend.push(CHANCE_SERIES_NAME)
      series.push(chanceLine(0, chance, xMin, 1))
    }
    const xAxis = {
      type: 'log' as const, logBase: 10, min: xMin, max: 1, name: 'labelled windows used (log scale)', nameLocation: 'middle' as const, nameGap: 28,
      axisLabel: { formatter: (v: number) => formatFraction(v) }, axisLine: AXIS_LINE, splitLine: SPLIT_LINE,
    }
    // The range the app's chart takes too (contracts/figures.ts): every bar, published number and the chance line inside.
    const marks = [...papers.flatMap(({ paper }) => [paper.accuracy, paper.f1]), chance]
    const { min, max } = fractionYRange(group.flatMap((r) => [r.accuracy, r.f1]), marks)
    const yAxis = { type: 'value' as const, min, max, axisLine: { show: true, ...AXIS_LINE }, splitLine: SPLIT_LINE }
    const option: EChartsOption = {
      legend: { top: 6, left: 'center', data: legend, textStyle: FONT },
      title: [panelTitle('Accuracy', 64), panelTitle('F1 (authors\u2019: harmonic mean of macro precision and recall)', '56%')],
      grid: twoPanelGrids,
      xAxis: [{ ...xAxis, gridIndex: 0 }, { ...xAxis, gridIndex: 1 }],
      yAxis: [{ ...yAxis, gridIndex: 0 }, { ...yAxis, gridIndex: 1 }],
      series,
    }
    const protocol: ProtocolName = first.protocol
    charts.push({
      title: `${first.dataset} — ${first.task} — ${PROTOCOL_LABELS[protocol]}`,
      caption: `Accuracy and F1 against the share of labelled windows given to the classifier (per subject and class), ` +
        `${methods.map((m) => METHOD_LABELS[m]).join(' vs ')}, mean ± sd over ${first.folds} folds, as in Fig. 3 of Sarkar & Etemad (2020).` +
        (Number.isFinite(chance) ? ` ${CHANCE_LINE.words.charAt(0).toUpperCase()}${CHANCE_LINE.words.slice(1)}: chance accuracy ${formatChance(chance)} (${CHANCE_LABEL}).` : '') +
        (papers.length > 0 ? ` ${papers.map((p) => (p.method === 'transfer' ? 'The diamond' : 'The triangle') + ` is the published ${METHOD_LABELS[p.method]} result`).join('; ')} at 100 %.` : ''),
      svg: renderSvg(option, 960, 340, `fraction${charts.length}`),
    })
  }
  return charts
}
