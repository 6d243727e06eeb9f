import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presetConfig } from '../contracts/presets.js'
import { ExperimentConfig, type FoldResult } from '../contracts/runs.js'
import { selectBackend } from '../model/backend.js'
import { planExperiment, type ExperimentDataset } from './experiment-plan.js'
import { runExperiment, type RunRecorder } from './experiment-runner.js'

/** 4 subjects × 6 windows of 128 samples, arousal high/low in pairs. */
function dataset(): ExperimentDataset {
  const subjects = Array.from({ length: 24 }, (_, i) => `S${Math.floor(i / 6)}`)
  const x = Float32Array.from({ length: 24 * 128 }, (_, i) => Math.sin(i / 5) * ((i >> 7) % 3))
  return {
    name: 'd', kind: 'csv', length: 128, x, keys: subjects.map((_, i) => 100 + i), subjects,
    labels: subjects.map((_, i) => ({ arousal: i % 4 < 2 ? 7 : 2 })),
    labelScales: { arousal: { min: 1, max: 9 } },
  }
}

/** Baselines only (no pretext model to train): 2 window folds of one task. */
function config(): ExperimentConfig {
  const c = presetConfig('quick', 'plan once', [{ name: 'd', tasks: [{ label: 'arousal', binarisation: 'midpoint' }] }])
  return ExperimentConfig.parse({
    ...c,
    evaluation: { ...c.evaluation, protocols: ['window-kfold'], folds: 2, fractions: [1], methods: ['baseline'], classifier: { epochs: 1, batch: 8, learningRate: 1e-3 } },
  })
}

function recorder(done: string[]): RunRecorder {
  return {
    latestCheckpoint: () => undefined,
    completedUnits: () => new Set(),
    epochDone: () => undefined,
    foldDone: (key: string, _result: FoldResult) => void done.push(key),
    progress: () => undefined,
  }
}

describe('runExperiment', () => {
  beforeAll(async () => {
    await selectBackend({ override: 'wasm' })
  })
  afterAll(() => tf.disposeVariables())

  it('runs the plan its caller laid out, and does not lay one out again', async () => {
    const data = [dataset()]
    const plan = planExperiment(config(), data)
    expect(plan.units.length).toBeGreaterThan(1)
    // The caller's plan holds only the first unit: a runner that planned again would evaluate them all.
    const first = plan.units[0]!
    const done: string[] = []
    await runExperiment(config(), data, { ...plan, units: [first] }, recorder(done))
    expect(done).toEqual([first.key])
  })
})
