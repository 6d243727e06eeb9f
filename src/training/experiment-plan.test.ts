import { describe, expect, it } from 'vitest'
import { presetConfig } from '../contracts/presets.js'
import { ExperimentConfig } from '../contracts/runs.js'
import { planExperiment, pretextVariants, type ExperimentDataset } from './experiment-plan.js'
import { shardUnits } from './experiment-runner.js'

/** 4 subjects × 6 windows, arousal alternating high/low per window pair, a text condition label. */
function dataset(): ExperimentDataset {
  const subjects = Array.from({ length: 24 }, (_, i) => `S${Math.floor(i / 6)}`)
  return {
    name: 'd', kind: 'csv', length: 8, x: new Float32Array(24 * 8), keys: subjects.map((_, i) => 100 + i), subjects,
    labels: subjects.map((_, i) => ({ arousal: i % 4 < 2 ? 7 : 2, condition: i % 3 === 0 ? 'rest' : 'task' })),
    labelScales: { arousal: { min: 1, max: 9 } },
  }
}

function config(over: Record<string, unknown> = {}, evaluation: Record<string, unknown> = {}): ExperimentConfig {
  const c = presetConfig('quick', 'plan', [{ name: 'd', tasks: [{ label: 'arousal', binarisation: 'midpoint' }, { label: 'condition' }] }])
  return ExperimentConfig.parse({ ...c, ...over, evaluation: { ...c.evaluation, ...evaluation } })
}

describe('experiment plan', () => {
  it('lays out dataset × task × protocol × fold × fraction × method with unique keys', () => {
    const plan = planExperiment(config({}, { protocols: ['window-kfold', 'loso'], folds: 3, fractions: [0.5, 1], methods: ['transfer', 'fine-tune', 'baseline'] }), [dataset()])
    // window-kfold 3 folds + loso 4 folds = 7 folds; × 2 fractions × 3 methods × 2 tasks
    expect(plan.units).toHaveLength(7 * 2 * 3 * 2)
    expect(new Set(plan.units.map((u) => u.key)).size).toBe(plan.units.length)
    expect(plan.labels[0]!.map((l) => l.classes)).toEqual([['low', 'high'], ['rest', 'task']])
  })

  it('gives transfer and baseline the same folds and the same label subsets', () => {
    const plan = planExperiment(config(), [dataset()])
    const byCell = new Map<string, string[]>()
    for (const u of plan.units) {
      const cell = [u.task, u.protocol, u.fold, u.fraction].join('|')
      byCell.set(cell, [...(byCell.get(cell) ?? []), JSON.stringify([u.train, u.test])])
    }
    for (const splits of byCell.values()) expect(new Set(splits).size).toBe(1)
  })

  it('keeps subjects out of their own test folds under subject-kfold', () => {
    const d = dataset()
    for (const u of planExperiment(config(), [d]).units.filter((x) => x.protocol === 'subject-kfold')) {
      const testSubjects = new Set(u.test.map((r) => d.subjects[r]))
      expect(u.train.some((r) => testSubjects.has(d.subjects[r]))).toBe(false)
    }
  })

  it('adds one pretext model per dropped transformation for the ablation, and probes blocks', () => {
    const c = config({ ablation: true }, { probeBlocks: [1, 2, 3], methods: ['transfer', 'baseline'], protocols: ['window-kfold'], fractions: [1] })
    expect(pretextVariants(c).map((v) => v.name)).toEqual(['full', 'without noise', 'without scale', 'without negate', 'without flip', 'without permute', 'without time_warp'])
    const units = planExperiment(c, [dataset()]).units
    const transfer = units.filter((u) => u.method === 'transfer')
    // 7 variants × 3 blocks per fold and task; baselines have no encoder variant
    expect(transfer).toHaveLength(7 * 3 * 2 * 2)
    expect(new Set(units.filter((u) => u.method === 'baseline').map((u) => `${u.variant}/${u.block}`))).toEqual(new Set(['none/3']))
  })

  it('needs no pretext model when only the baseline is evaluated', () => {
    expect(pretextVariants(config({}, { methods: ['baseline'] }))).toEqual([])
  })

  it('splits units between processes: transfer with the pretext process, end-to-end to helpers, baselines first', () => {
    const units = planExperiment(config({}, { methods: ['transfer', 'fine-tune', 'baseline'] }), [dataset()]).units
    const shards = [0, 1, 2].map((index) => shardUnits(units, { index, count: 3 }))
    expect(shards.flat().map((u) => u.key).sort()).toEqual(units.map((u) => u.key).sort())
    expect(shards[0]!.every((u) => u.method === 'transfer')).toBe(true)
    for (const s of shards.slice(1)) {
      const firstOther = s.findIndex((u) => u.method !== 'baseline')
      if (firstOther >= 0) expect(s.slice(firstOther).every((u) => u.method !== 'baseline')).toBe(true)
      expect(s.some((u) => u.method === 'baseline')).toBe(true)
    }
    expect(shardUnits(units, { index: 0, count: 1 })).toHaveLength(units.length)
  })
})
