import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { publishedFor } from '../contracts/published.js'
import { AMIGOS_DATASET, fixtureRun, HOSTILE_DATASET } from './report-fixture.test-util.js'
import { buildReportRows, csvField, formatFraction, formatMeanSd, latexEscape, latexMeanSd, rowsToCsv, rowsToLatex } from './tables.js'

describe('published numbers', () => {
  it('finds METHOD §7 values by kind or name, case-insensitively, and nothing for other data', () => {
    expect(publishedFor('amigos', 'arousal')).toMatchObject({ accuracy: 0.858, f1: 0.851 })
    expect(publishedFor('AMIGOS', 'Valence')).toMatchObject({ accuracy: 0.84, f1: 0.837 })
    expect(publishedFor('SWELL-KW', 'stress')).toMatchObject({ accuracy: 0.96, f1: null })
    expect(publishedFor('dreamer', 'arousal')).toBeUndefined()
    expect(publishedFor('amigos', 'stress')).toBeUndefined()
  })
})

describe('buildReportRows', () => {
  const { run, kinds } = fixtureRun()
  const rows = buildReportRows(run, kinds)

  it('keeps every result, in config order, paper setting first', () => {
    expect(rows).toHaveLength(run.results.length)
    expect(rows[0]).toMatchObject({ dataset: AMIGOS_DATASET, task: 'arousal', protocol: 'window-kfold', method: 'transfer', fraction: 1 })
    expect(rows.map((r) => r.dataset).lastIndexOf(AMIGOS_DATASET)).toBeLessThan(rows.map((r) => r.dataset).indexOf(HOSTILE_DATASET))
  })

  it('puts the paper beside exactly the window-kfold, transfer, full-label, block-3 rows of known kinds', () => {
    const withPaper = rows.filter((r) => r.paper !== undefined)
    expect(withPaper.map((r) => [r.dataset, r.task, r.paper?.accuracy])).toEqual([
      [AMIGOS_DATASET, 'arousal', 0.858], [AMIGOS_DATASET, 'valence', 0.84], [HOSTILE_DATASET, 'stress', 0.96],
    ])
    for (const r of withPaper) expect(r).toMatchObject({ protocol: 'window-kfold', method: 'transfer', fraction: 1, block: 3, variant: 'full' })
  })

  it('matches by kind, not name: a csv dataset called AMIGOS gets no paper number', () => {
    const renamed = buildReportRows(run, { [AMIGOS_DATASET]: 'csv', [HOSTILE_DATASET]: 'csv' })
    expect(renamed.filter((r) => r.paper !== undefined)).toEqual([])
    // without a known kind the name decides
    const byName = buildReportRows({ ...run, results: run.results.map((r) => ({ ...r, dataset: 'AMIGOS' })) }, {})
    expect(byName.filter((r) => r.paper !== undefined).map((r) => r.task)).toEqual(['arousal', 'valence'])
  })
})

describe('formatting', () => {
  it('formats numbers, fractions and mean ± sd', () => {
    expect(formatMeanSd({ mean: 0.8576, sd: 0.0121 })).toBe('0.858 ± 0.012')
    expect(formatFraction(1)).toBe('100 %')
    expect(formatFraction(0.05)).toBe('5 %')
    expect(formatFraction(0.005)).toBe('0.5 %')
    expect(latexMeanSd({ mean: 0.858, sd: 0.012 })).toBe('$0.858 \\pm 0.012$')
  })

  it('quotes CSV fields only when RFC 4180 needs it', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a,b')).toBe('"a,b"')
    expect(csvField('say "hi"')).toBe('"say ""hi"""')
    expect(csvField('two\nlines')).toBe('"two\nlines"')
    expect(csvField(Number.NaN)).toBe('')
  })

  it('escapes all ten LaTeX specials', () => {
    expect(latexEscape('a\\b&c%d$e#f_g{h}i~j^k')).toBe('a\\textbackslash{}b\\&c\\%d\\$e\\#f\\_g\\{h\\}i\\textasciitilde{}j\\textasciicircum{}k')
  })
})

describe('exports', () => {
  const { run, kinds } = fixtureRun()
  const rows = buildReportRows(run, kinds)

  it('CSV parses back to the same rows, hostile names intact', () => {
    const csv = rowsToCsv(rows)
    expect(csv.endsWith('\r\n')).toBe(true)
    const parsed = Papa.parse<Record<string, string>>(csv.trimEnd(), { header: true, newline: '\r\n' })
    expect(parsed.errors).toEqual([])
    expect(parsed.data).toHaveLength(rows.length)
    const hostile = parsed.data.find((d) => d.dataset === HOSTILE_DATASET && d.paper_accuracy !== '')
    expect(hostile).toMatchObject({ kind: 'swell', task: 'stress', protocol: 'window-kfold', paper_accuracy: '0.96', paper_f1: '' })
    const first = parsed.data[0]
    expect(Number(first?.accuracy_mean)).toBe(rows[0]?.accuracy.mean)
    expect(first?.paper_accuracy).toBe('0.858')
    expect(first?.paper_source).toContain('ICASSP 2020')
  })

  it('LaTeX is a booktabs tabular with escaped names and one line per row', () => {
    const tex = rowsToLatex(rows)
    const body = tex.split('\n').filter((l) => l.endsWith('\\\\'))
    expect(body).toHaveLength(rows.length + 1)
    expect(tex).toContain('\\toprule')
    expect(tex).toContain('\\bottomrule')
    const hostileLine = body.find((l) => l.includes('stress') && l.includes('$0.960$'))
    expect(hostileLine).toBeDefined()
    expect(hostileLine).toContain('swell <b>"kw"</b> \\& 50\\% \\#1\\_\\{x\\}')
    expect(hostileLine?.endsWith('$0.960$ & -- \\\\')).toBe(true)
    const paperLine = body.find((l) => l.includes('$0.858$'))
    expect(paperLine).toMatch(/^amigos-raw & arousal & window-kfold & transfer & full & 3 & 100 \\% & 3 & \$0\.\d{3} \\pm 0\.\d{3}\$/)
    expect(paperLine?.endsWith('$0.858$ & $0.851$ \\\\')).toBe(true)
    // every row has the same number of cells as the header
    const cells = (l: string) => l.replace(/\$[^$]*\$/g, 'x').split(' & ').length
    for (const l of body) expect(cells(l)).toBe(13)
  })
})
