/**
 * The results table of a run (issue 3 §6) as rows, and its CSV and LaTeX exports. The paper's
 * numbers (METHOD §7) are put beside exactly the rows that reproduce the paper's setting, by the
 * rule of contracts/published.ts (which the app uses too); every other row says why it has none.
 */
import { chanceAccuracy } from '../contracts/chance.js'
import { METHOD_LABELS, PROTOCOL_LABELS as PROTOCOL_NAMES } from '../contracts/metric-labels.js'
import { fixed3, formatFraction, formatMeanSd } from '../contracts/number-words.js'
import { paperCell, type PaperDifference, type PaperSettingKey, type PublishedResult } from '../contracts/published.js'
import { resultRowOrder } from '../contracts/result-order.js'
import type { MeanSd, ProtocolName, RunDetail } from '../contracts/runs.js'

/** One row of the report's results table: a cell of the paper's setting key, and its figures. */
export interface ReportRow extends PaperSettingKey {
  /** The dataset's kind ('amigos', 'csv', …), or '' when unknown. */
  readonly kind: string
  readonly folds: number
  readonly accuracy: MeanSd
  /** The chance level of the accuracy: the majority-class rate of the test windows (contracts/chance.ts). */
  readonly chance: number
  readonly f1: MeanSd
  readonly macroF1: MeanSd
  /** The published result of the same setting, when there is one. */
  readonly paper: PublishedResult | undefined
  /** Why the paper column is empty (a sentence), or '' when it holds a number. */
  readonly paperWhy: string
  /** The same in a few words, for a narrow cell ('other protocol, not all labels'), or ''. */
  readonly paperWhyShort: string
  /** What the empty paper cell says first ("No published number for this setting"); '' beside a published number. */
  readonly paperHeadline: string
  /** The reasons one by one (empty when the paper column holds a number). */
  readonly paperReasons: readonly PaperDifference[]
}

/** Human names of the protocols, for tables and captions: the app's, the paper's marked as such. */
export const PROTOCOL_LABELS: Readonly<Record<ProtocolName, string>> = {
  ...PROTOCOL_NAMES,
  'window-kfold': `${PROTOCOL_NAMES['window-kfold']} (paper)`,
}

/** Human names of the methods (contracts/metric-labels.ts, which the app uses too). */
export { METHOD_LABELS }

/**
 * The run's results as report rows, in reading order (contracts/result-order.ts, the app's table's
 * order too): datasets and tasks as the config lists them, then protocol, method, pretext
 * variant, block (3 first) and fraction (largest first).
 * `kinds` maps dataset names to their kind; a dataset missing from it is matched by its name.
 */
export function buildReportRows(run: Pick<RunDetail, 'config' | 'results'>, kinds: Readonly<Record<string, string>>): ReportRow[] {
  const sorted = [...run.results].sort(resultRowOrder(run.config.datasets))
  return sorted.map((r) => {
    const kind = kinds[r.dataset]
    const cell = paperCell(r, kind)
    return {
      dataset: r.dataset, kind: kind ?? '', task: r.task, protocol: r.protocol, method: r.method, variant: r.variant,
      block: r.block, fraction: r.fraction, folds: r.folds, accuracy: r.accuracy, chance: chanceAccuracy(r), f1: r.f1, macroF1: r.macroF1,
      paper: cell.published, paperWhy: cell.why ?? '', paperWhyShort: cell.short ?? '', paperHeadline: cell.headline ?? '', paperReasons: cell.reasons ?? [],
    }
  })
}

/** The number formats of contracts/number-words.ts, which the app prints with too. */
export { fixed3, formatFraction, formatMeanSd }

/** One CSV field quoted as RFC 4180 asks: only when it holds a comma, a quote or a line break. */
export function csvField(value: string | number): string {
  const s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

const CSV_HEADER = [
  'dataset', 'kind', 'task', 'protocol', 'method', 'variant', 'block', 'fraction', 'folds',
  'accuracy_mean', 'accuracy_sd', 'f1_mean', 'f1_sd', 'macro_f1_mean', 'macro_f1_sd',
  'paper_accuracy', 'paper_f1', 'paper_source', 'paper_note', 'chance_accuracy',
] as const

/** What the CSV says beside or instead of the paper's number: why it is empty, or what to know. */
function paperNote(r: ReportRow): string {
  if (r.paper === undefined) return r.paperWhy
  return [r.paper.note, r.paper.f1Missing].filter((x): x is string => x !== undefined).join('; ')
}

/** The rows as CSV (RFC 4180: CRLF line ends, a header line, full-precision numbers). */
export function rowsToCsv(rows: readonly ReportRow[]): string {
  const lines = [CSV_HEADER.join(',')]
  for (const r of rows) {
    lines.push([
      r.dataset, r.kind, r.task, r.protocol, r.method, r.variant, r.block, r.fraction, r.folds,
      r.accuracy.mean, r.accuracy.sd, r.f1.mean, r.f1.sd, r.macroF1.mean, r.macroF1.sd,
      r.paper?.accuracy ?? '', r.paper?.f1 ?? '', r.paper?.source ?? '', paperNote(r), r.chance,
    ].map(csvField).join(','))
  }
  return lines.join('\r\n') + '\r\n'
}

const LATEX_SPECIALS: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}', '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_', '{': '\\{', '}': '\\}',
  '~': '\\textasciitilde{}', '^': '\\textasciicircum{}',
}

/** Text made safe for LaTeX: its ten special characters become their escaped forms. */
export function latexEscape(text: string): string {
  return text.replace(/[\\&%$#_{}~^]/g, (c) => LATEX_SPECIALS[c] ?? c)
}

/** "$0.858 \pm 0.012$". */
export function latexMeanSd(m: MeanSd): string {
  return `$${fixed3(m.mean)} \\pm ${fixed3(m.sd)}$`
}

/**
 * The rows as a booktabs tabular (needs `\usepackage{booktabs}`), one line per row, with the
 * paper's accuracy and F1 in the last two columns where the setting matches.
 */
export function rowsToLatex(rows: readonly ReportRow[], caption?: string): string {
  const out: string[] = []
  out.push('% Results table written by ECG SSL Workbench; needs \\usepackage{booktabs}.')
  if (caption !== undefined) out.push(`% ${latexEscape(caption).replace(/\n/g, ' ')}`)
  out.push('\\begin{tabular}{lllllrrrcccccc}')
  out.push('\\toprule')
  out.push('Dataset & Task & Protocol & Method & Variant & Block & Fraction & Folds & Accuracy & Chance & F1 (authors) & Macro F1 & Paper acc. & Paper F1 \\\\')
  out.push('\\midrule')
  for (const r of rows) {
    out.push([
      latexEscape(r.dataset), latexEscape(r.task), latexEscape(r.protocol), latexEscape(r.method), latexEscape(r.variant),
      String(r.block), latexEscape(formatFraction(r.fraction)), String(r.folds),
      latexMeanSd(r.accuracy), `$${fixed3(r.chance)}$`, latexMeanSd(r.f1), latexMeanSd(r.macroF1),
      r.paper === undefined ? '--' : `$${fixed3(r.paper.accuracy)}$`,
      r.paper?.f1 == null ? '--' : `$${fixed3(r.paper.f1)}$`,
    ].join(' & ') + ' \\\\')
  }
  out.push('\\bottomrule')
  out.push('\\end{tabular}')
  return out.join('\n') + '\n'
}
