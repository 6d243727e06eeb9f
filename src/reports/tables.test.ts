import Papa from 'papaparse'
import { describe, expect, it } from 'vitest'
import { AMIGOS_DATASET, fixtureRun, HOSTILE_DATASET } from './report-fixture.test-util.js'
import { buildReportRows, csvField, formatFraction, formatMeanSd, latexEscape, latexMeanSd, rowsToCsv, rowsToLatex } from './tables.js'

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
      [AMIGOS_DATASET, 'arousal', 0.858], [AMIGOS_DATASET, 'valence', 0.84], [HOSTILE_DATASET, 'condition', 0.96],
    ])
    for (const r of withPaper) expect(r).toMatchObject({ protocol: 'window-kfold', method: 'transfer', fraction: 1, block: 3, variant: 'full', paperWhy: '' })
  })

  it('puts SWELL\u2019s stress accuracy beside the condition task, never beside the self-rated stress score', () => {
    const swell = rows.filter((r) => r.dataset === HOSTILE_DATASET)
    expect(swell.filter((r) => r.task === 'stress').every((r) => r.paper === undefined)).toBe(true)
    const stress = swell.find((r) => r.task === 'stress' && r.protocol === 'window-kfold' && r.method === 'transfer' && r.fraction === 1)
    expect(stress?.paperWhyShort).toBe('self-rated stress')
    expect(stress?.paperWhy).toMatch(/self-rated Stress score.*the task \u2018condition\u2019/)
    expect(swell.filter((r) => r.paper !== undefined).map((r) => r.task)).toEqual(['condition'])
  })

  it('says why every other paper cell is empty', () => {
    for (const r of rows.filter((x) => x.paper === undefined)) expect(r.paperWhy).toMatch(/^No published number for this (setting|row)/)
    const at = (dataset: string, task: string, protocol: string, method: string, fraction: number) =>
      rows.find((r) => r.dataset === dataset && r.task === task && r.protocol === protocol && r.method === method && r.fraction === fraction)
    expect(at(AMIGOS_DATASET, 'arousal', 'subject-kfold', 'transfer', 1)?.paperWhyShort).toBe('other protocol')
    expect(at(AMIGOS_DATASET, 'arousal', 'subject-kfold', 'transfer', 0.05)?.paperWhyShort).toBe('other protocol, not all labels')
    // the baseline of the paper's setting: the source text lost the supervised numbers, and the row says so
    expect(at(AMIGOS_DATASET, 'arousal', 'window-kfold', 'baseline', 1)).toMatchObject({ paper: undefined, paperWhyShort: 'lost in the source' })
    expect(at(HOSTILE_DATASET, 'condition', 'window-kfold', 'baseline', 1)?.paperWhy).toContain('0.984 and 0.957 but not which tasks')
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
    expect(hostile).toMatchObject({ kind: 'swell', task: 'condition', protocol: 'window-kfold', paper_accuracy: '0.96', paper_f1: '' })
    expect(hostile?.paper_note).toContain('lost the paper\u2019s SWELL F1')
    const empty = parsed.data.find((d) => d.dataset === HOSTILE_DATASET && d.task === 'stress' && d.protocol === 'window-kfold' && d.method === 'transfer' && d.fraction === '1')
    expect(empty).toMatchObject({ paper_accuracy: '', paper_f1: '', paper_source: '' })
    expect(empty?.paper_note).toMatch(/^No published number for this setting: this SWELL-KW .stress. is the participant.s self-rated Stress score/)
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
    const hostileLine = body.find((l) => l.includes('condition') && l.includes('$0.960$'))
    expect(hostileLine).toBeDefined()
    expect(hostileLine).toContain('swell <b>"kw"</b> \\& 50\\% \\#1\\_\\{x\\}')
    expect(hostileLine?.endsWith('$0.960$ & -- \\\\')).toBe(true)
    const paperLine = body.find((l) => l.includes('$0.858$'))
    expect(paperLine).toMatch(/^amigos-raw & arousal & window-kfold & transfer & full & 3 & 100 \\% & 3 & \$0\.\d{3} \\pm 0\.\d{3}\$/)
    expect(paperLine?.endsWith('$0.858$ & $0.851$ \\\\')).toBe(true)
    // every row has the same number of cells as the header
    const cells = (l: string) => l.replace(/\$[^$]*\$/g, 'x').split(' & ').length
    for (const l of body) expect(cells(l)).toBe(14)
  })

  it('puts the chance level (majority-class rate of the test windows) beside every accuracy', () => {
    const first = rows[0]!
    const result = run.results.find((r) => r.dataset === first.dataset && r.task === first.task && r.protocol === first.protocol && r.method === first.method && r.fraction === first.fraction && r.block === first.block && r.variant === first.variant)!
    const perClass = result.confusion.map((row) => row.reduce((a, b) => a + b, 0))
    expect(first.chance).toBe(Math.max(...perClass) / perClass.reduce((a, b) => a + b, 0))
    expect(first.chance).toBeGreaterThanOrEqual(1 / perClass.length)
    expect(rowsToLatex(rows).split('\n')[3]).toContain('Accuracy & Chance &')
    const csv = rowsToCsv(rows).split('\r\n')
    expect(csv[0]!.endsWith(',chance_accuracy')).toBe(true)
    expect(Number(csv[1]!.split(',').at(-1))).toBe(first.chance)
  })
})
