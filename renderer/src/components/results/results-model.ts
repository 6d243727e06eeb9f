// What the Results view shows, computed from a run's rows: window-level vs subject-independent
// protocols side by side, the label-fraction series, and the differences between two runs. Which
// published number stands beside which row is decided by paperCell (src/contracts/published.ts),
// the one rule the HTML, CSV and LaTeX reports use too.
import { chanceAccuracy } from '@contracts/chance.js'
import { mainModelRows } from '@contracts/figures.js'
import { PROTOCOL_LABELS } from '@contracts/metric-labels.js'
import { formatFraction, formatMeanSd } from '@contracts/number-words.js'
import { resultRowOrder, type ConfigOrder } from '@contracts/result-order.js'
import { MethodName, type MeanSd, type ProtocolName, type ResultKey, type ResultRow } from '@contracts/runs.js'

export { PROTOCOL_LABELS }
/** Methods in the order their contract lists them, as the report's tables order them too. */
export const METHOD_ORDER: readonly MethodName[] = MethodName.options

/** The identity of a row as one string (for joins and keys). */
export function rowKey(k: ResultKey): string {
  return JSON.stringify([k.dataset, k.task, k.protocol, k.method, k.variant, k.block, k.fraction])
}

/** "0.853 ± 0.012" and "5 %", as the HTML report prints them (contracts/number-words.ts). */
export { formatFraction, formatMeanSd }

/**
 * Rows in reading order, as the report's tables have them (contracts/result-order.ts): datasets
 * and tasks as the run's config lists them when given, else alphabetically; then protocol,
 * method, pretext model, block and fraction (largest first).
 */
export function sortRows(rows: readonly ResultRow[], datasets?: ConfigOrder): ResultRow[] {
  return [...rows].sort(resultRowOrder(datasets))
}

/** One line of the protocol comparison: a dataset, task and method, and its score per protocol. */
export interface ProtocolLine {
  readonly dataset: string
  readonly task: string
  readonly method: string
  readonly byProtocol: Partial<Record<ProtocolName, { accuracy: MeanSd; f1: MeanSd; chance: number }>>
}

/**
 * Window-level vs subject-independent protocols side by side, at the largest label fraction and
 * with the block-3 features of the run's main pretext model (probes and ablations stay in the table).
 */
export function protocolLines(rows: readonly ResultRow[]): ProtocolLine[] {
  const main = mainModelRows(rows)
  const top = Math.max(...main.map((r) => r.fraction))
  const lines = new Map<string, ProtocolLine>()
  for (const r of sortRows(main.filter((m) => m.fraction === top))) {
    const key = JSON.stringify([r.dataset, r.task, r.method])
    let line = lines.get(key)
    if (line === undefined) lines.set(key, (line = { dataset: r.dataset, task: r.task, method: r.method, byProtocol: {} }))
    line.byProtocol[r.protocol] = { accuracy: r.accuracy, f1: r.f1, chance: chanceAccuracy(r) }
  }
  return [...lines.values()]
}

/** One method's points of the label-fraction chart. */
export interface FractionSeries {
  readonly method: MethodName
  /** [fraction, mean, sd], fractions ascending. */
  readonly accuracy: Array<[number, number, number]>
  readonly f1: Array<[number, number, number]>
}

/** The (dataset, task, protocol) groups evaluated at two or more fractions. */
export function fractionGroups(rows: readonly ResultRow[]): Array<{ dataset: string; task: string; protocol: ProtocolName }> {
  const seen = new Map<string, { dataset: string; task: string; protocol: ProtocolName; fractions: Set<number> }>()
  for (const r of sortRows(rows)) {
    const key = JSON.stringify([r.dataset, r.task, r.protocol])
    const g = seen.get(key) ?? { dataset: r.dataset, task: r.task, protocol: r.protocol, fractions: new Set<number>() }
    g.fractions.add(r.fraction)
    seen.set(key, g)
  }
  return [...seen.values()].filter((g) => g.fractions.size >= 2).map(({ dataset, task, protocol }) => ({ dataset, task, protocol }))
}

/** Transfer, fine-tune and baseline against the label fraction for one group (block 3, main model). */
export function fractionSeries(rows: readonly ResultRow[], group: { dataset: string; task: string; protocol: ProtocolName }): FractionSeries[] {
  const mine = mainModelRows(rows).filter((r) => r.dataset === group.dataset && r.task === group.task && r.protocol === group.protocol)
  return METHOD_ORDER.flatMap((method) => {
    const m = mine.filter((r) => r.method === method).sort((a, b) => a.fraction - b.fraction)
    if (m.length === 0) return []
    return [{ method, accuracy: m.map((r) => [r.fraction, r.accuracy.mean, r.accuracy.sd] as [number, number, number]), f1: m.map((r) => [r.fraction, r.f1.mean, r.f1.sd] as [number, number, number]) }]
  })
}

/** One row present in both runs, with the change of its means. */
export interface MetricDelta {
  readonly key: ResultKey
  readonly a: ResultRow
  readonly b: ResultRow
  readonly accuracy: number
  readonly f1: number
}

/** Rows evaluated in both runs with B − A of accuracy and F1 means, plus how many rows only one has. */
export function metricDeltas(a: readonly ResultRow[], b: readonly ResultRow[]): { deltas: MetricDelta[]; onlyA: number; onlyB: number } {
  const inB = new Map(b.map((r) => [rowKey(r), r]))
  const deltas: MetricDelta[] = []
  for (const ra of sortRows(a)) {
    const rb = inB.get(rowKey(ra))
    if (rb === undefined) continue
    deltas.push({ key: ra, a: ra, b: rb, accuracy: rb.accuracy.mean - ra.accuracy.mean, f1: rb.f1.mean - ra.f1.mean })
  }
  return { deltas, onlyA: a.length - deltas.length, onlyB: b.length - deltas.length }
}
