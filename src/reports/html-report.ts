/**
 * One self-contained HTML page for a run (issue 3 §6): inline CSS and SVG, no script, no URL, so
 * it opens from a mail attachment or a thesis appendix folder years later. Every text that came
 * from a user or a file (run name, dataset names, labels, the config) is escaped.
 */
import { kindTitle } from '../contracts/dataset-kinds.js'
import { pretextTaskLabel, type RunDetail } from '../contracts/runs.js'
import { describeProgress } from '../contracts/progress.js'
import { CHANCE_LABEL, formatChance, PRETEXT_CHANCE_LABEL, pretextEpochChance } from '../contracts/chance.js'
import { MACRO_F1_LABEL, PRETEXT_F1_LABEL, RESULT_F1_LABEL } from '../contracts/metric-labels.js'
import { mainModelRows } from '../contracts/figures.js'
import { UNKNOWN_KIND } from '../contracts/published.js'
import { fractionCurveCharts, pretextCurveCharts, type ChartSvg } from './charts.js'
import { REPORT_CSS } from './report-style.js'
import { buildReportRows, fixed3, formatFraction, METHOD_LABELS, PROTOCOL_LABELS, type ReportRow } from './tables.js'
import { speak } from '../common/wording.js'

/** Text safe in HTML element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c)
}

/** Options of {@link renderHtmlReport}. */
export interface HtmlReportOptions {
  /** Dataset name → kind ('amigos', 'swell', 'csv', …), as the store knows them. */
  readonly kinds: Readonly<Record<string, string>>
  /** When the report was written (ISO 8601); left out of the page when absent, for repeatable output. */
  readonly generatedAt?: string
  /** File names of the CSV and LaTeX exports beside the page, to point at. */
  readonly exports?: { readonly csv: string; readonly tex: string }
}

const h = escapeHtml

/** Where a number came from: a value ± its sd, the sd set smaller. */
const meanSdCell = (m: { mean: number; sd: number }): string => `${fixed3(m.mean)}<span class="sd"> ± ${fixed3(m.sd)}</span>`

function kvTable(rows: ReadonlyArray<readonly [string, string]>): string {
  return `<table class="kv"><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${h(k)}</th><td>${h(v)}</td></tr>`).join('')}</tbody></table>`
}

/** The config as dotted keys and readable values: `pretext.learningRate` → `0.001`. */
export function flattenConfig(value: unknown, prefix = ''): Array<[string, string]> {
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return [[prefix, value.map(String).join(', ') || '(none)']]
  if (Array.isArray(value)) return value.flatMap((v, i) => flattenConfig(v, `${prefix}[${i}]`))
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => flattenConfig(v, prefix === '' ? k : `${prefix}.${k}`))
  }
  return [[prefix, String(value)]]
}

const ROLE_WORDS: Readonly<Record<RunDetail['config']['datasets'][number]['role'], string>> = {
  both: 'learn features and evaluate',
  pretext: 'learn features only',
  evaluate: 'evaluate only',
}

/** Which windows the encoder saw: every pretext dataset with its windows, and the scope (issue 9 §1–§2). */
function pretextDataSection(run: RunDetail): string {
  const scope = run.config.pretext.scope === 'per-fold'
    ? 'Pretext scope: <strong>per fold</strong> (as the authors\' code): one pretext model per fold, trained on that fold\'s training windows and the pretext-only datasets; no model saw its fold\'s test windows.'
    : 'Pretext scope: <strong>shared</strong> (transductive, the paper\'s label-scarcity setting): one pretext model trained on every window of the datasets that teach features, the test folds\' windows included without their labels.'
  const models = run.pretextModels
  if (models.length === 0) return `<p>${scope}</p>`
  const perDataset = new Map<string, number[]>()
  for (const m of models) for (const d of m.datasets) perDataset.set(d.name, [...(perDataset.get(d.name) ?? []), d.windows])
  const span = (xs: readonly number[]): string => {
    const lo = Math.min(...xs)
    const hi = Math.max(...xs)
    return lo === hi ? lo.toLocaleString('en') : `${lo.toLocaleString('en')}–${hi.toLocaleString('en')}`
  }
  const rows = [...perDataset].map(([name, counts]) => `<tr><td>${h(name)}</td><td class="num">${span(counts)}</td><td><code>${h(run.datasetHashes[name] ?? 'not recorded')}</code></td></tr>`).join('')
  const total = span(models.map((m) => m.windows))
  const saw = models.length === 1 ? `The encoder learned from ${total} windows.` : `${models.length} pretext models; each encoder learned from ${total} windows.`
  return `<h3>What the encoder learned from</h3><p>${scope} ${saw}</p>
<table class="grid"><thead><tr><th>Pretext dataset</th><th>Windows per model</th><th>Content hash</th></tr></thead><tbody>${rows}</tbody></table>`
}

function summarySection(run: RunDetail, options: HtmlReportOptions): string {
  const facts: Array<[string, string]> = [
    ['Run', `#${run.id} ${run.name}`],
    ['State', run.state + (run.error !== null ? ` — ${speak(run.error, 'app')}` : '')],
    ['Progress', `${describeProgress(run.progress)}${run.progress.phase === '' ? '' : `, last at ${run.progress.phase}`}`],
    ['Created', run.createdAt],
    ['Last updated', run.updatedAt],
    ['Preset', run.config.preset],
    ['Seed', String(run.seed)],
    ['Backend', `${run.backend} on ${run.device}`],
    ['App version', `ECG SSL Workbench ${run.appVersion}`],
  ]
  const datasets = run.config.datasets.map((d) => `<tr><td>${h(d.name)}</td><td>${h(kindTitle(options.kinds[d.name] ?? UNKNOWN_KIND))}</td><td>${h(ROLE_WORDS[d.role])}</td>` +
    `<td>${h(d.tasks.map((t) => t.label).join(', ') || '—')}</td><td><code>${h(run.datasetHashes[d.name] ?? 'not recorded')}</code></td></tr>`).join('')
  const config = flattenConfig(run.config)
  return `<section id="summary"><h2>Run</h2>${kvTable(facts)}
<h3>Datasets</h3><table class="grid"><thead><tr><th>Name</th><th>Kind</th><th>Role</th><th>Tasks</th><th>Content hash (SHA-256 of sources and preprocessing)</th></tr></thead><tbody>${datasets}</tbody></table>
${pretextDataSection(run)}
<details><summary>Full configuration (${config.length} values)</summary>${kvTable(config)}
<details><summary>The same as JSON (for ecg-ssl run)</summary><pre>${h(JSON.stringify(run.config, null, 2))}</pre></details></details></section>`
}

const LEAKAGE_NOTE = `<aside class="note"><strong>Reading the protocols.</strong> <em>k-fold over windows</em> is the paper's
protocol: windows are shuffled into folds, so windows of every subject are in both the training and the test folds, and a
classifier can partly recognise the person instead of the emotion. Published analyses put the resulting inflation near
10 percentage points. <em>Subject-grouped k-fold</em> and <em>leave one subject out</em> keep each subject in a single fold
and estimate accuracy on people the model has never seen; they are the numbers to expect in practice. Only k-fold over
windows is comparable with the published results, which stand beside the matching rows (transfer from the frozen encoder,
all labels, block-3 embedding).<br><span class="small">In the tables: <em>windows k-fold</em> = k-fold over windows (paper);
<em>subjects k-fold</em> = subject-grouped k-fold; <em>LOSO</em> = leave one subject out; <em>transfer</em> = classifier on the
frozen self-supervised encoder; <em>fine-tuned</em> = the same with the encoder trained too; <em>supervised</em> = the same
network trained from random weights on the labels only (the paper's fully supervised baseline).</span></aside>`

/** Short protocol and method names for the table cells (the note above the tables spells them out). */
const PROTOCOL_SHORT: Readonly<Record<ReportRow['protocol'], string>> = { 'window-kfold': 'windows k-fold', 'subject-kfold': 'subjects k-fold', loso: 'LOSO' }
const METHOD_SHORT: Readonly<Record<ReportRow['method'], string>> = { transfer: 'transfer', 'fine-tune': 'fine-tuned', baseline: 'supervised' }

/**
 * One dataset's table. Task and protocol are printed only where they change, as in a journal
 * table; the block and pretext-model columns appear only when a probe or an ablation ran.
 */
function resultsTable(rows: readonly ReportRow[]): string {
  const showBlock = rows.some((r) => r.block !== 3)
  const showVariant = rows.some((r) => r.variant !== 'full' && r.variant !== 'none')
  let lastTask = ''
  let lastProtocol = ''
  const body = rows.map((r) => {
    const newTask = r.task !== lastTask
    const newProtocol = newTask || r.protocol !== lastProtocol
    lastTask = r.task
    lastProtocol = r.protocol
    const classes = [r.paper !== undefined ? 'paper-row' : '', newTask ? 'group' : newProtocol ? 'subgroup' : ''].filter((c) => c !== '')
    // A published number where the setting is the paper's; otherwise why there is none.
    const paperCells = r.paper === undefined
      ? `<td class="paper why" colspan="2" title="${h(r.paperWhy)}">${h(r.paperHeadline.replace(/^No/, 'no'))} (${h(r.paperWhyShort)})</td>`
      : `<td class="num paper"${r.paper.note !== undefined ? ` title="${h(r.paper.note)}"` : ''}>${fixed3(r.paper.accuracy)}</td>` +
        (r.paper.f1 !== null ? `<td class="num paper">${fixed3(r.paper.f1)}</td>` : `<td class="num paper" title="${h(r.paper.f1Missing ?? '')}">–</td>`)
    return `<tr${classes.length > 0 ? ` class="${classes.join(' ')}"` : ''}><td class="task">${newTask ? h(r.task) : ''}</td>` +
      `<td class="nowrap">${newProtocol ? h(PROTOCOL_SHORT[r.protocol]) : ''}</td><td class="nowrap" title="${h(METHOD_LABELS[r.method])}">${h(METHOD_SHORT[r.method])}</td>` +
      (showVariant ? `<td>${h(r.variant)}</td>` : '') + (showBlock ? `<td class="num">${r.block}</td>` : '') +
      `<td class="num">${h(formatFraction(r.fraction))}</td><td class="num">${r.folds}</td>` +
      `<td class="num">${meanSdCell(r.accuracy)}</td><td class="num chance">${formatChance(r.chance)}</td><td class="num">${meanSdCell(r.f1)}</td><td class="num">${meanSdCell(r.macroF1)}</td>` +
      `${paperCells}</tr>`
  }).join('\n')
  return `<table class="grid results"><thead><tr><th>Task</th><th>Protocol</th><th>Method</th>` +
    (showVariant ? '<th>Pretext model</th>' : '') + (showBlock ? '<th class="num">Block</th>' : '') +
    `<th class="num">Labels</th><th class="num">Folds</th><th class="num">Accuracy</th><th class="num"><abbr title="${h(CHANCE_LABEL)}">Chance</abbr></th><th class="num">F1 (authors')</th><th class="num">Macro F1</th>` +
    `<th class="num">Paper acc.</th><th class="num">Paper F1</th></tr></thead><tbody>\n${body}\n</tbody></table>`
}

function resultsSection(run: RunDetail, rows: readonly ReportRow[], options: HtmlReportOptions): string {
  if (rows.length === 0) {
    return `<section id="results"><h2>Results</h2><p class="empty">No evaluation finished in this run yet, so there is no results table.</p></section>`
  }
  const datasets = [...new Set(rows.map((r) => r.dataset))]
  const tables = datasets.map((d) => {
    const kind = options.kinds[d]
    return `<h3>${h(d)}${kind !== undefined ? ` <span class="kind">(${h(kindTitle(kind))})</span>` : ''}</h3>${resultsTable(rows.filter((r) => r.dataset === d))}`
  }).join('\n')
  const sources = [...new Set(rows.flatMap((r) => (r.paper === undefined ? [] : [r.paper.source])))]
  const notes = [...new Set(rows.flatMap((r) => (r.paper === undefined ? [] : [r.paper.note, r.paper.f1Missing].filter((x): x is string => x !== undefined))))]
  // Each distinct reason once (two datasets may give the same few words different reasons).
  const whys = new Map(rows.flatMap((r) => r.paperReasons.map((d) => [d.text, d.short] as const)))
  const whyList = whys.size === 0 ? '' :
    `<p class="small">An empty paper column says why it is empty: ${[...whys].map(([text, short]) => `<b>${h(short)}</b>: ${h(text)}`).join('; ')}.</p>`
  const exportsLine = options.exports === undefined ? '' :
    `<p class="small">The same table, with full-precision numbers, is in <code>${h(options.exports.csv)}</code> (CSV) and <code>${h(options.exports.tex)}</code> (LaTeX, booktabs).</p>`
  return `<section id="results"><h2>Results</h2>${LEAKAGE_NOTE}
<p class="small">Mean ± standard deviation over folds. ${h(RESULT_F1_LABEL)} (METHOD §6);
${h(MACRO_F1_LABEL)}. "Chance" is the accuracy to beat: the ${h(CHANCE_LABEL)}, counted over every fold's test windows. "Labels" is the share of labelled windows per subject and class given to the classifier.
${run.config.evaluation.classifier.epochs} classifier epochs, batch ${run.config.evaluation.classifier.batch}.</p>
${tables}
${sources.length > 0 ? `<p class="small">Paper columns: ${sources.map(h).join('; ')}. Shaded rows are the paper's setting.${notes.length > 0 ? ` Note: ${notes.map(h).join('; ')}.` : ''}</p>` : '<p class="small">None of these rows has a published number beside it.</p>'}
${whyList}
${exportsLine}</section>`
}

function figure(chart: ChartSvg, n: number): string {
  return `<figure><div class="fig-title">Figure ${n}. ${h(chart.title)}</div>${chart.svg}<figcaption>${h(chart.caption)}</figcaption></figure>`
}

function confusionSection(run: RunDetail, rows: readonly ReportRow[]): string {
  const full = mainModelRows(run.results).filter((r) => r.fraction === 1 && r.confusion.length > 0)
  if (full.length === 0) return ''
  const order = new Map(rows.map((r, i) => [JSON.stringify([r.dataset, r.task, r.protocol, r.method, r.variant, r.block, r.fraction]), i]))
  full.sort((a, b) => (order.get(JSON.stringify([a.dataset, a.task, a.protocol, a.method, a.variant, a.block, a.fraction])) ?? 0) -
    (order.get(JSON.stringify([b.dataset, b.task, b.protocol, b.method, b.variant, b.block, b.fraction])) ?? 0))
  const matrices = full.map((r) => {
    const max = Math.max(1, ...r.confusion.flat())
    const head = r.classes.map((c) => `<th>${h(c)}</th>`).join('')
    const body = r.confusion.map((row, i) => `<tr><th scope="row">${h(r.classes[i] ?? String(i))}</th>${row.map((v) =>
      `<td style="background:rgba(0,114,178,${(0.08 + 0.72 * (v / max)).toFixed(2)});color:${v / max > 0.6 ? '#fff' : '#111'}">${v}</td>`).join('')}</tr>`).join('')
    return `<div class="cm"><div class="cm-title">${h(r.dataset)} · ${h(r.task)}<br>${h(PROTOCOL_LABELS[r.protocol])} · ${h(METHOD_LABELS[r.method])}</div>` +
      `<table><thead><tr><th class="corner">true \\ predicted</th>${head}</tr></thead><tbody>${body}</tbody></table></div>`
  }).join('')
  return `<section id="confusion"><h2>Confusion matrices</h2><p class="small">All labels, block-3 features; test windows summed over folds. Rows are the true class, columns the predicted one.</p><div class="cms">${matrices}</div></section>`
}

/**
 * Per pretext model, the last epoch's loss, accuracy and F1 per task on training and held-out
 * windows; the F1 is labelled as what it is (the positive class's, as the authors report).
 */
function pretextLastEpochTables(epochs: RunDetail['epochs']): string {
  const variants = [...new Set(epochs.map((e) => e.variant))].sort((a, b) => (a === 'full' ? -1 : b === 'full' ? 1 : a.localeCompare(b)))
  return variants.map((variant) => {
    const last = epochs.filter((e) => e.variant === variant).reduce((a, b) => (b.epoch > a.epoch ? b : a))
    const cells = (m: { loss: number; accuracy: number; f1: number } | undefined): string =>
      m === undefined ? '<td></td><td></td><td></td>' : `<td class="num">${fixed3(m.loss)}</td><td class="num">${fixed3(m.accuracy)}</td><td class="num">${fixed3(m.f1)}</td>`
    const body = last.train.map((t) => `<tr><td>${h(pretextTaskLabel(t.task))}</td>${cells(t)}${cells(last.heldOut.find((x) => x.task === t.task))}</tr>`).join('')
    const f1 = `<abbr title="${h(PRETEXT_F1_LABEL)}">F1</abbr>`
    return `<table class="grid pretext-last"><caption class="small">Pretext tasks after epoch ${last.epoch + 1} (${h(variant)} model). F1: ${h(PRETEXT_F1_LABEL)}. Chance accuracy ${formatChance(pretextEpochChance(last))}: ${h(PRETEXT_CHANCE_LABEL)}.</caption>` +
      `<thead><tr><th rowspan="2">Task</th><th colspan="3">training windows</th><th colspan="3">held-out windows</th></tr>` +
      `<tr><th class="num">Loss</th><th class="num">Accuracy</th><th class="num">${f1}</th><th class="num">Loss</th><th class="num">Accuracy</th><th class="num">${f1}</th></tr></thead>` +
      `<tbody>${body}</tbody></table>`
  }).join('\n')
}

/** The report page of `run`. Deterministic for the same run and options. */
export function renderHtmlReport(run: RunDetail, options: HtmlReportOptions): string {
  const rows = buildReportRows(run, options.kinds)
  let n = 0
  const pretext = pretextCurveCharts(run.epochs)
  const fractions = fractionCurveCharts(rows)
  const pretextSection = `<section id="pretext"><h2>Self-supervised pretext training</h2>${pretext.length === 0
    ? '<p class="empty">No pretext epoch was recorded.</p>'
    : pretext.map((c) => figure(c, ++n)).join('\n') + pretextLastEpochTables(run.epochs)}</section>`
  const fractionSection = `<section id="fractions"><h2>Label-fraction study</h2>${fractions.length === 0
    ? '<p class="empty">This run evaluated a single label fraction, so there is no fraction curve.</p>'
    : fractions.map((c) => figure(c, ++n)).join('\n')}</section>`
  const stateNote = run.state === 'done' ? '' :
    `<p class="warn">This run is <strong>${h(run.state)}</strong>: the report shows only what had finished by ${h(run.updatedAt)}.</p>`
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ECG SSL Workbench ${h(run.appVersion)}">
<title>${h(run.name)} — ECG SSL Workbench report</title>
<style>${REPORT_CSS}</style></head>
<body><main>
<header><p class="eyebrow">ECG SSL Workbench · run report</p><h1>${h(run.name)}</h1>
<p class="sub">Self-supervised ECG emotion recognition after Sarkar &amp; Etemad (ICASSP 2020) · run #${run.id} · seed ${run.seed}${options.generatedAt !== undefined ? ` · report written ${h(options.generatedAt)}` : ''}</p></header>
${stateNote}
${summarySection(run, options)}
${resultsSection(run, rows, options)}
${pretextSection}
${fractionSection}
${confusionSection(run, rows)}
<footer>Written by ECG SSL Workbench ${h(run.appVersion)}. The method and its defaults follow P. Sarkar and A. Etemad,
“Self-supervised Learning for ECG-based Emotion Recognition”, ICASSP 2020 (arXiv 1910.07497).</footer>
</main></body></html>
`
}
