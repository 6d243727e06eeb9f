import { describe, expect, it } from 'vitest'
import { term } from '../common/wording.js'
import { fractionCurveCharts, pretextCurveCharts, renderSvg } from './charts.js'
import { escapeHtml, flattenConfig, renderHtmlReport } from './html-report.js'
import { AMIGOS_DATASET, fixtureRun, HOSTILE_DATASET } from './report-fixture.test-util.js'
import { buildReportRows } from './tables.js'

const { run, kinds } = fixtureRun()
const html = renderHtmlReport(run, { kinds, exports: { csv: 'r.csv', tex: 'r.tex' } })

/** The rows of the results table that follows the heading of `dataset`. */
function tableRowsAfter(page: string, heading: string): string[] {
  const start = page.indexOf(`<h3>${heading}`)
  const end = page.indexOf('</table>', start)
  return page.slice(start, end).split('<tr').slice(2)
}

describe('renderHtmlReport', () => {
  it('is one self-contained page: no script, no external URL', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true)
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/https?:|\bsrc=|<link/i)
    expect(html).toContain('<style>')
  })

  it('names each dataset\'s kind in the app\'s words (its descriptor\'s title)', () => {
    expect(html).toContain(`<h3>${escapeHtml(AMIGOS_DATASET)} <span class="kind">(AMIGOS)</span></h3>`)
    expect(html).toContain('<td>SWELL-KW</td>')
    expect(renderHtmlReport(run, { kinds: { [AMIGOS_DATASET]: 'demo' } })).toContain('<span class="kind">(demo)</span>')
  })

  it('puts the paper\'s 0.858 / 0.851 beside AMIGOS arousal, k-fold over windows, transfer, all labels', () => {
    const rows = tableRowsAfter(html, escapeHtml(AMIGOS_DATASET))
    const paperRows = rows.filter((r) => r.includes('paper-row'))
    expect(paperRows).toHaveLength(2)
    const arousal = paperRows[0] ?? ''
    expect(arousal).toContain('<td class="task">arousal</td><td class="nowrap">windows k-fold</td><td class="nowrap" title="transfer (frozen encoder)">transfer</td>')
    expect(arousal).toContain('100 %')
    expect(arousal).toMatch(/<td class="num paper">0\.858<\/td><td class="num paper">0\.851<\/td><\/tr>/)
    // the other rows' paper cells say why they are empty
    for (const r of rows.filter((x) => !x.includes('paper-row'))) expect(r).toMatch(/<td class="paper why" colspan="2" title="No published number for this (setting|row)[^"]*">no published number for this (setting|row)[^<]* \([^<]+\)<\/td><\/tr>/)
    // the baseline rows of the paper's setting (arousal and valence, windows k-fold, all labels): the source lost the number
    const lost = rows.filter((r) => r.includes('(lost in the source)'))
    expect(lost).toHaveLength(2)
    for (const r of lost) expect(r).toMatch(/title="fully supervised baseline".*100 %/)
    expect(html).toContain('An empty paper column says why it is empty: ')
    expect(html).toContain('<b>other protocol</b>: the paper\u2019s numbers are for 10-fold cross-validation over windows')
    expect(html).toContain('<b>lost in the source</b>: the source text does not record the paper\u2019s fully supervised')
    expect(rows).toHaveLength(run.results.filter((r) => r.dataset === AMIGOS_DATASET).length)
  })

  it('escapes every user text: run name, dataset names, config', () => {
    expect(html).not.toContain('<b>"kw"</b>')
    expect(html).not.toContain('<AMIGOS & SWELL>')
    expect(html).toContain(escapeHtml(HOSTILE_DATASET))
    expect(html).toContain('quick trial &lt;AMIGOS &amp; SWELL&gt;')
    expect(escapeHtml(`<a href='x'>&"`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&quot;')
  })

  it('summarises the run: state, seed, backend and device, app version, hashes, the whole config', () => {
    for (const s of ['done', 'wasm on CPU (WebAssembly, SIMD, 1 thread)', 'ECG SSL Workbench 0.1.0', 'a1b2c3d4e5f6', '0f9e8d7c6b5a', 'pretext.learningRate', 'evaluation.fractions']) {
      expect(html).toContain(escapeHtml(s))
    }
    expect(html).toContain('<th scope="row">Seed</th><td>1</td>')
    expect(html).toContain('window-kfold')
    expect(html).toContain('inflation near')
  })

  it('says what the encoder learned from: the scope, every pretext dataset with its windows and hash', () => {
    expect(html).toContain('Pretext scope: <strong>shared</strong>')
    expect(html).toContain('The encoder learned from 960 windows.')
    const rows = html.slice(html.indexOf('<th>Pretext dataset</th>'), html.indexOf('</table>', html.indexOf('<th>Pretext dataset</th>')))
    expect(rows).toContain('<td class="num">800</td><td><code>a1b2c3d4e5f6</code>')
    expect(rows).toContain('<td class="num">160</td><td><code>0f9e8d7c6b5a</code>')
    const perFold = renderHtmlReport({ ...run, config: { ...run.config, pretext: { ...run.config.pretext, scope: 'per-fold' } },
      pretextModels: [800, 790].map((w, i) => ({ model: `full · fold ${i + 1}`, variant: 'full', windows: w, datasets: [{ name: 'x', windows: w }] })) }, { kinds, exports: { csv: 'r.csv', tex: 'r.tex' } })
    expect(perFold).toContain('Pretext scope: <strong>per fold</strong>')
    expect(perFold).toContain('2 pretext models; each encoder learned from 790–800 windows.')
  })

  it('draws Fig. 2 with the 7 tasks and one Fig. 3 per dataset × task × protocol with both methods', () => {
    const figures = html.match(/<figure>/g) ?? []
    expect(figures).toHaveLength(1 + 4 * 2)
    expect(html.match(/<svg/g)).toHaveLength(figures.length)
  })

  it('tabulates the last pretext epoch per task, its F1 labelled as the transformation class\u2019s', () => {
    const table = html.slice(html.indexOf('<table class="grid pretext-last">'), html.indexOf('</table>', html.indexOf('<table class="grid pretext-last">')))
    expect(table).toContain(`after epoch ${run.config.pretext.epochs} (full model). F1: F1 of the \u2018is this transformation\u2019 class, as the authors report.`)
    expect(table.match(/<tr><td>/g)).toHaveLength(7)
    const last = run.epochs.at(-1)!
    expect(table).toContain(`<tr><td>time-warp</td><td class="num">${last.train[6]!.loss.toFixed(3)}</td>`)
    expect(table).toContain(`<td class="num">${last.heldOut[0]!.f1.toFixed(3)}</td></tr>`)
  })

  it('renders the same page twice (deterministic) and warns when the run is not done', () => {
    expect(renderHtmlReport(run, { kinds, exports: { csv: 'r.csv', tex: 'r.tex' } })).toBe(html)
    const partial = renderHtmlReport({ ...run, state: 'interrupted', results: [], epochs: [] }, { kinds })
    expect(partial).toContain('This run is <strong>interrupted</strong>')
    expect(partial).toContain('No evaluation finished')
    expect(partial).toContain('No pretext epoch was recorded')
  })

  it('states a failed run\'s sentence in plain words, never a command-line option', () => {
    const failed = renderHtmlReport({ ...run, state: 'failed', error: `There is no dataset named "x"; ${term('list-datasets')}.` }, { kinds, exports: { csv: 'r.csv', tex: 'r.tex' } })
    expect(failed).toContain('failed — There is no dataset named &quot;x&quot;; the Datasets view lists them, and imports new ones.')
    expect(failed).not.toContain('{{')
  })

  it('flattens the config to dotted keys', () => {
    expect(flattenConfig({ a: { b: 1, c: [1, 2] }, d: [{ e: 'x' }], f: [] })).toEqual([['a.b', '1'], ['a.c', '1, 2'], ['d[0].e', 'x'], ['f', '(none)']])
  })
})

describe('charts', () => {
  it('Fig. 2 has a legend entry per task and train + held-out lines per task and metric', () => {
    const [chart] = pretextCurveCharts(run.epochs)
    const svg = chart?.svg ?? ''
    for (const t of ['original', 'noise', 'scale', 'negate', 'flip', 'permute', 'time-warp']) expect(svg).toMatch(new RegExp(`>${t}</text>`))
    // 7 tasks × 2 metrics × (train solid + held-out dashed), plus 7 legend icons
    const dashed = svg.match(/<path [^>]*stroke-dasharray/g) ?? []
    expect(dashed.length).toBeGreaterThanOrEqual(14)
    expect(svg).not.toMatch(/class="zr|<style|xmlns|zr\d/)
    expect(svg).toContain('clip-path="url(#pretext0-c0)"')
    // stored epochs 0…n−1 are drawn as epochs 1…n (no y value reaches n ≥ 2)
    const n = run.config.pretext.epochs
    expect(n).toBeGreaterThanOrEqual(2)
    expect(run.epochs.map((e) => e.epoch)).toEqual([...Array(n).keys()])
    expect(svg).toContain(`>${n}</text>`)
  })

  it('Fig. 3 shows transfer and baseline with error bars and the published diamond where it applies', () => {
    const charts = fractionCurveCharts(buildReportRows(run, kinds))
    expect(charts.map((c) => c.title)).toContain(`${AMIGOS_DATASET} — arousal — k-fold over windows (paper)`)
    const amigos = charts.find((c) => c.title.startsWith(`${AMIGOS_DATASET} — arousal — k-fold`))?.svg ?? ''
    expect(amigos).toContain('>transfer (frozen encoder)</text>')
    expect(amigos).toContain('>fully supervised baseline</text>')
    expect(amigos).toContain('>published (Sarkar &amp; Etemad 2020)</text>')
    const subject = charts.find((c) => c.title.startsWith(`${AMIGOS_DATASET} — arousal — subject`))?.svg ?? ''
    expect(subject).not.toContain('published')
    expect(amigos).toContain('>100 %</text>')
  })

  it('Fig. 3 keeps the chance line inside the panel when every accuracy is below it', () => {
    // accuracies 0.41–0.49 and a chance level of 0.542: the panel must reach 0.6
    const rows = buildReportRows(run, kinds).map((r) => ({ ...r, accuracy: { mean: 0.45, sd: 0.04 }, f1: { mean: 0.31, sd: 0.02 }, chance: 0.542, paper: undefined }))
    const svg = fractionCurveCharts(rows)[0]?.svg ?? ''
    expect(svg).toContain('>0.6</text>')
    expect(svg).not.toContain('>0.7</text>')
  })

  it('Fig. 3 leaves ablation variants and probes to the tables, and follows a config that drops tasks itself', () => {
    const rows = buildReportRows(run, kinds)
    const extra = rows.filter((r) => r.method === 'transfer').map((r) => ({ ...r, variant: 'without noise, flip', accuracy: { mean: 0.1, sd: 0 } }))
    const probes = rows.filter((r) => r.method === 'transfer').map((r) => ({ ...r, block: 1, accuracy: { mean: 0.2, sd: 0 } }))
    const svgs = fractionCurveCharts([...rows, ...extra, ...probes]).map((c) => c.svg)
    expect(svgs).toEqual(fractionCurveCharts(rows).map((c) => c.svg))
    const onlyDropped = rows.map((r) => (r.method === 'transfer' ? { ...r, variant: 'without flip' } : r))
    expect(fractionCurveCharts(onlyDropped).map((c) => c.svg)).toEqual(fractionCurveCharts(rows).map((c) => c.svg))
  })

  it('ECharts escapes text inside the SVG', () => {
    const svg = renderSvg({ title: { text: 'a <b> & "c"' }, xAxis: { type: 'value' }, yAxis: { type: 'value' }, series: [] }, 200, 100, 't')
    expect(svg).not.toContain('<b>')
    expect(svg).toContain('a &lt;b&gt; &amp;')
  })
})
