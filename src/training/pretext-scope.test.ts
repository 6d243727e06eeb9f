/** Issue 9 §1–§2: which windows each pretext model sees (dataset roles, shared or per-fold scope). */
import { describe, expect, it } from 'vitest'
import { presetConfig } from '../contracts/presets.js'
import { ExperimentConfig, type DatasetSpec } from '../contracts/runs.js'
import { InputError } from '../common/input-error.js'
import { planExperiment, type ExperimentDataset } from './experiment-plan.js'

function dataset(name: string, rows: number, labelled = true): ExperimentDataset {
  const subjects = Array.from({ length: rows }, (_, i) => `S${i % 4}`)
  return {
    name, kind: 'csv', length: 8, x: new Float32Array(rows * 8), keys: subjects.map((_, i) => 1000 * name.length + i), subjects,
    labels: subjects.map((_, i): Record<string, number> => (labelled ? { arousal: i % 4 < 2 ? 7 : 2 } : {})),
    labelScales: labelled ? { arousal: { min: 1, max: 9 } } : {},
  }
}

const evaluated: DatasetSpec = { name: 'emo', role: 'both', tasks: [{ label: 'arousal', binarisation: 'midpoint' }] }
const unlabeled: DatasetSpec = { name: 'mitbih', role: 'pretext', tasks: [] }

function config(datasets: unknown[], scope: 'shared' | 'per-fold' = 'shared', methods = ['transfer', 'fine-tune', 'baseline']): ExperimentConfig {
  const c = presetConfig('quick', 'scope', [])
  const parsed = ExperimentConfig.safeParse({ ...c, datasets, pretext: { ...c.pretext, scope }, evaluation: { ...c.evaluation, protocols: ['window-kfold'], folds: 3, fractions: [1], methods } })
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '))
  return parsed.data
}

describe('pretext data and evaluation data', () => {
  it('a pretext-only dataset without labels adds its windows to the shared model and gets no units', () => {
    const plan = planExperiment(config([evaluated, unlabeled]), [dataset('emo', 24), dataset('mitbih', 10, false)])
    expect(plan.variants).toHaveLength(1)
    expect(plan.variants[0]!.windows).toBe(34)
    expect(plan.variants[0]!.rows[1]).toHaveLength(10)
    expect(plan.units.every((u) => u.dataset === 'emo')).toBe(true)
    expect(plan.units.filter((u) => u.method !== 'baseline').every((u) => u.encoder === 'full')).toBe(true)
  })

  it('a dataset that is only evaluated gives no windows to the pretext model', () => {
    const plan = planExperiment(config([{ ...evaluated, role: 'evaluate' }, unlabeled]), [dataset('emo', 24), dataset('mitbih', 10, false)])
    expect(plan.variants[0]!.rows[0]).toEqual([])
    expect(plan.variants[0]!.windows).toBe(10)
  })

  it('per fold: one model per fold, on its training windows and the pretext-only data, never its test windows', () => {
    const plan = planExperiment(config([evaluated, unlabeled], 'per-fold'), [dataset('emo', 24), dataset('mitbih', 10, false)])
    expect(plan.variants).toHaveLength(3)
    expect(plan.variants.map((v) => v.variant)).toEqual(['full', 'full', 'full'])
    for (const unit of plan.units.filter((u) => u.method !== 'baseline')) {
      const model = plan.variants.find((v) => v.name === unit.encoder)!
      expect(model.name).toBe(`full · emo arousal window-kfold fold ${unit.fold + 1}`)
      expect(unit.variant).toBe('full')
      const seen = new Set(model.rows[0])
      expect(unit.test.some((r) => seen.has(r))).toBe(false)
      expect(model.rows[0]!.length + unit.test.length).toBe(24)
      expect(model.rows[1]).toHaveLength(10)
    }
  })

  it('refuses, in one sentence each: an evaluated dataset without tasks, nothing to evaluate, nothing to learn features from', () => {
    expect(() => config([{ name: 'emo', tasks: [] }])).toThrow(/an evaluated dataset needs at least one task \(to use it only for learning ECG features, make it pretext-only\)/)
    expect(() => config([unlabeled])).toThrow(/choose at least one dataset to evaluate emotion recognition on/)
    expect(() => config([{ ...evaluated, role: 'evaluate' }])).toThrow(/choose at least one dataset to learn ECG features from/)
    // the baseline alone needs no pretext data
    expect(() => config([{ ...evaluated, role: 'evaluate' }], 'shared', ['baseline'])).not.toThrow()
  })

  it('refuses a plan whose pretext model would have no windows, before anything runs', () => {
    const perFoldNoPretext = config([{ ...evaluated, role: 'evaluate' }, unlabeled], 'per-fold')
    expect(() => planExperiment(perFoldNoPretext, [dataset('emo', 24), dataset('mitbih', 0, false)])).toThrow(InputError)
    expect(() => planExperiment(perFoldNoPretext, [dataset('emo', 24), dataset('mitbih', 0, false)])).toThrow(/would have 0 windows to learn from/)
  })
})

describe('plan memory', () => {
  it('grows with per-fold models and their embeddings, and a plan beyond free memory is refused in one sentence', async () => {
    const { planMemoryBytes, CHECKPOINT_BYTES } = await import('./plan-memory.js')
    const { checkPlanMemory } = await import('../services/run-service.js')
    const data = [dataset('emo', 24), dataset('mitbih', 10, false)]
    const shared = planExperiment(config([evaluated, unlabeled]), data)
    const perFold = planExperiment(config([evaluated, unlabeled], 'per-fold'), data)
    expect(planMemoryBytes(shared, data)).toBe(CHECKPOINT_BYTES + 24 * 224 * 4)
    expect(planMemoryBytes(perFold, data)).toBe(3 * CHECKPOINT_BYTES + 3 * 24 * 224 * 4)
    expect(() => checkPlanMemory(perFold, data, 64 * 1024 ** 3)).not.toThrow()
    expect(() => checkPlanMemory(perFold, data, 1024 ** 3)).toThrow(/^This plan keeps 3 pretext models and their embeddings in memory \(1\.6 GB with one training worker\) but this machine has 1\.0 GB free; use fewer folds or label tasks, or the shared pretext scope\.$/)
  })
})
