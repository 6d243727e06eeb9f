import { describe, expect, it } from 'vitest'
import type { ResultRow } from '@contracts/runs.js'
import { settingChanges } from '@contracts/config-words.js'
import { formatFraction as reportFraction, formatMeanSd as reportMeanSd } from '@contracts/number-words.js'
import { formatFraction, formatMeanSd, fractionGroups, fractionSeries, metricDeltas, protocolLines, sortRows } from './results-model.js'
import { finishedRun } from './run-fixture.test-util.js'

const rows = finishedRun(1).results

describe('results model', () => {
  it('prints mean ± sd and fractions as the HTML report does (contracts/number-words.ts)', () => {
    expect([formatMeanSd, formatFraction]).toEqual([reportMeanSd, reportFraction])
    expect(formatFraction(1)).toBe('100 %')
  })

  it('sorts rows by protocol, method, then the largest fraction first', () => {
    expect(sortRows([...rows].reverse()).slice(0, 4).map((r) => `${r.protocol}/${r.method}/${r.fraction}`))
      .toEqual(['window-kfold/transfer/1', 'window-kfold/transfer/0.1', 'window-kfold/baseline/1', 'window-kfold/baseline/0.1'])
  })

  it('lines protocols up per method at the largest fraction, leaving probes and ablations to the table', () => {
    const probe: ResultRow = { ...rows[0]!, block: 1, accuracy: { mean: 0.1, sd: 0 } }
    const lines = protocolLines([...rows, probe])
    expect(lines.map((l) => [l.method, l.byProtocol['window-kfold']?.accuracy.mean.toFixed(2), l.byProtocol['subject-kfold']?.accuracy.mean.toFixed(2), l.byProtocol.loso])).toEqual([
      ['transfer', '0.85', '0.65', undefined],
      ['baseline', '0.80', '0.60', undefined],
    ])
  })

  it('charts groups with two or more fractions, transfer before baseline, fractions ascending', () => {
    expect(fractionGroups(rows)).toEqual([
      { dataset: 'amigos', task: 'arousal', protocol: 'window-kfold' },
      { dataset: 'amigos', task: 'arousal', protocol: 'subject-kfold' },
    ])
    expect(fractionGroups(rows.filter((r) => r.fraction === 1))).toEqual([])
    const series = fractionSeries(rows, { dataset: 'amigos', task: 'arousal', protocol: 'subject-kfold' })
    expect(series.map((s) => [s.method, s.accuracy.map(([f, m]) => [f, +m.toFixed(3)])])).toEqual([
      ['transfer', [[0.1, 0.55], [1, 0.65]]],
      ['baseline', [[0.1, 0.5], [1, 0.6]]],
    ])
  })

  it('orders rows by the run\u2019s config when given, as the report\u2019s tables do', () => {
    const two = [...rows.map((r) => ({ ...r, dataset: 'zeta' })), ...rows]
    expect([...new Set(sortRows(two).map((r) => r.dataset))]).toEqual(['amigos', 'zeta'])
    const config = [{ name: 'zeta', tasks: [{ label: 'arousal' }] }, { name: 'amigos', tasks: [{ label: 'arousal' }] }]
    expect([...new Set(sortRows(two, config).map((r) => r.dataset))]).toEqual(['zeta', 'amigos'])
  })

  it('charts the run\u2019s own pretext model when its config drops tasks, as the report\u2019s figure does', () => {
    const dropping = rows.map((r) => (r.method === 'baseline' ? r : { ...r, variant: 'without noise' }))
    const series = fractionSeries(dropping, { dataset: 'amigos', task: 'arousal', protocol: 'subject-kfold' })
    expect(series.map((s) => s.method)).toEqual(['transfer', 'baseline'])
    expect(protocolLines(dropping).map((l) => l.method)).toContain('transfer')
  })

  it('lists the config keys that differ (arrays whole) and the metric deltas of shared rows', () => {
    const a = finishedRun(1)
    const b = finishedRun(2, { seed: 4, shift: -0.1 })
    b.config.evaluation.fractions = [0.1, 0.5, 1]
    // in words, in the form's order: the form's names, percentages, no JSON
    expect(settingChanges(a.config, b.config)).toEqual([
      { key: 'name', setting: 'Name', a: 'finished 1', b: 'finished 2' },
      { key: 'seed', setting: 'Seed', a: '1', b: '4' },
      { key: 'evaluation.fractions', setting: 'Label fractions', a: '10 %, 100 %', b: '10 %, 50 %, 100 %' },
    ])
    b.config.evaluation.protocols = ['window-kfold', 'loso']
    b.config.datasets = [{ ...b.config.datasets[0]!, role: 'evaluate' }]
    const words = settingChanges(a.config, b.config)
    expect(words.find((c) => c.key === 'evaluation.protocols')?.b).toBe('k-fold over windows, leave one subject out')
    expect(words.find((c) => c.key === 'datasets')?.setting).toBe('Datasets, their roles and tasks')
    expect(words.find((c) => c.key === 'datasets')?.b).toMatch(/: evaluate only, tasks /)
    expect(words.flatMap((c) => [c.setting, c.a, c.b]).join(' ')).not.toMatch(/[[\]{}"]/)
    const { deltas, onlyA, onlyB } = metricDeltas(a.results, b.results.slice(2))
    expect([deltas.length, onlyA, onlyB]).toEqual([6, 2, 0])
    expect(deltas.every((d) => Math.abs(d.accuracy + 0.1) < 1e-9 && Math.abs(d.f1 + 0.1) < 1e-9)).toBe(true)
  })
})
