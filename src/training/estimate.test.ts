import { describe, expect, it } from 'vitest'
import { presetConfig } from '../contracts/presets.js'
import { ExperimentConfig } from '../contracts/runs.js'
import type { BackendCalibration } from '../model/calibration.js'
import { dataParallelSpeedup, estimateItems, estimateRun, DATA_PARALLEL_EFFICIENCY } from './estimate.js'
import { planExperiment, type ExperimentDataset } from './experiment-plan.js'

/** 4 subjects × 24 windows, arousal alternating high/low. */
function dataset(rows = 96): ExperimentDataset {
  const subjects = Array.from({ length: rows }, (_, i) => `S${i % 4}`)
  return {
    name: 'd', kind: 'csv', length: 2560, x: new Float32Array(0), keys: subjects.map((_, i) => i + 1), subjects,
    labels: subjects.map((_, i) => ({ arousal: i % 2 === 0 ? 7 : 2, valence: i % 3 === 0 ? 7 : 2 })), labelScales: { arousal: { min: 1, max: 9 }, valence: { min: 1, max: 9 } },
  }
}

function config(over: Record<string, unknown> = {}, evaluation: Record<string, unknown> = {}): ExperimentConfig {
  const c = presetConfig('quick', 'est', [{ name: 'd', tasks: [{ label: 'arousal' }, { label: 'valence' }] }])
  return ExperimentConfig.parse({ ...c, ...over, evaluation: { ...c.evaluation, ...evaluation } })
}

/** Costs without fixed parts, so the arithmetic is easy to check. */
const cal: BackendCalibration = {
  format: 1, backend: 'wasm', device: 'CPU (test)', appVersion: 't', machine: 'm', measuredAt: '2026-01-01T00:00:00Z', windowLength: 2560, passSize: 64,
  pretextSampleSeconds: 0.1, endToEndSampleSeconds: 0.1, embedSampleSeconds: 0.02, classifierSampleSeconds: 0.001,
  pretextPass: { fixedSeconds: 0, sampleSeconds: 0.1 }, endToEndPass: { fixedSeconds: 0, sampleSeconds: 0.1 },
  forward: { fixedSeconds: 0, sampleSeconds: 0.02 }, classifierStep: { fixedSeconds: 0, sampleSeconds: 0.001 },
  setupSeconds: 0, calibrationSeconds: 1,
}

describe('run estimate', () => {
  it('counts pretext epochs as train windows × 7 samples, and the held-out evaluation', () => {
    const c = config({}, { methods: ['transfer'] })
    const plan = planExperiment(c, [dataset()])
    const est = estimateRun(c, plan, [{ rows: 96, length: 2560 }], cal, { processes: 1, pretextWorkers: 1, cores: 2 })
    const pretext = est.units.find((u) => u.kind === 'pretext')!
    expect(pretext.count).toBe(2)
    // 96 windows, 10 held out (quick: 10 %): 86 × 7 × 0.1 s training + 10 × 7 × 0.02 s held-out, per epoch
    expect(pretext.seconds).toBeCloseTo(2 * (86 * 7 * 0.1 + 10 * 7 * 0.02), 6)
    // one embedding of the dataset through the one encoder
    expect(est.units.find((u) => u.kind === 'embedding')).toEqual({ kind: 'embedding', count: 1, seconds: expect.closeTo(96 * 0.02, 6) as number })
    const transfer = plan.units.filter((u) => u.method === 'transfer')
    const expected = transfer.reduce((s, u) => s + 100 * u.train.length * 0.001 + u.test.length * 0.001, 0)
    expect(est.units.find((u) => u.kind === 'transfer')!.seconds).toBeCloseTo(expected, 6)
    // one process: everything in a row
    expect(est.seconds).toBeCloseTo(est.units.reduce((s, u) => s + u.seconds, 0), 6)
    expect(est.biggest?.kind).toBe('pretext')
  })

  it('lays the baselines on helper processes beside the pretext training', () => {
    const c = config()
    const plan = planExperiment(c, [dataset()])
    const one = estimateRun(c, plan, [{ rows: 96, length: 2560 }], cal, { processes: 1, pretextWorkers: 1, cores: 2 })
    const two = estimateRun(c, plan, [{ rows: 96, length: 2560 }], cal, { processes: 2, pretextWorkers: 1, cores: 2 })
    const seconds = (kind: string) => two.units.find((u) => u.kind === kind)!.seconds
    expect(two.seconds).toBeCloseTo(Math.max(seconds('pretext') + seconds('embedding') + seconds('transfer'), seconds('baseline')), 6)
    expect(two.seconds).toBeLessThan(one.seconds)
    expect(two.items.filter((i) => i.kind === 'baseline').every((i) => i.process === 1)).toBe(true)
  })

  it('makes a helper\'s fine-tune wait for its pretext model', () => {
    const c = config({}, { methods: ['fine-tune'] })
    const items = estimateItems(c, planExperiment(c, [dataset()]), [{ rows: 96, length: 2560 }], cal, { processes: 2, pretextWorkers: 1, cores: 2 })
    const lastEpoch = items.findIndex((i) => i.key === 'epoch|full|1')
    expect(items.filter((i) => i.kind === 'fine-tune').every((i) => i.after === lastEpoch)).toBe(true)
  })

  it('shares pretext steps over data-parallel workers at the named efficiency', () => {
    const c = config({}, { methods: ['transfer'] })
    const plan = planExperiment(c, [dataset()])
    const one = estimateRun(c, plan, [{ rows: 96, length: 2560 }], cal, { processes: 1, pretextWorkers: 1, cores: 4 })
    const four = estimateRun(c, plan, [{ rows: 96, length: 2560 }], cal, { processes: 1, pretextWorkers: 4, cores: 4 })
    expect(dataParallelSpeedup(4)).toBe(4 * DATA_PARALLEL_EFFICIENCY)
    const training = 2 * 86 * 7 * 0.1
    expect(one.units[0]!.seconds - four.units[0]!.seconds).toBeCloseTo(training - training / (4 * DATA_PARALLEL_EFFICIENCY), 6)
    expect(four.items.find((i) => i.kind === 'pretext')!.threads).toBe(4)
  })

  it('adds the ablation\'s models and leaves out what a resumed run has stored', () => {
    const c = config({ ablation: true }, { methods: ['transfer'] })
    const plan = planExperiment(c, [dataset()])
    const est = estimateRun(c, plan, [{ rows: 96, length: 2560 }], cal, { processes: 1, pretextWorkers: 1, cores: 2 })
    expect(est.units.find((u) => u.kind === 'pretext')!.count).toBe(7 * 2)
    expect(est.units.find((u) => u.kind === 'embedding')!.count).toBe(7)
    const resumed = estimateRun(c, plan, [{ rows: 96, length: 2560 }], cal, {
      processes: 1, pretextWorkers: 1, cores: 2, doneEpochs: new Map([['full', 2]]), doneUnits: new Set([plan.units[0]!.key]),
    })
    expect(resumed.units.find((u) => u.kind === 'pretext')!.count).toBe(6 * 2)
    expect(resumed.units.find((u) => u.kind === 'transfer')!.count).toBe(plan.units.length - 1)
  })

  it('charges the fixed cost of every pass', () => {
    const c = config({}, { methods: ['transfer'] })
    const plan = planExperiment(c, [dataset()])
    const withFixed = { ...cal, pretextPass: { fixedSeconds: 1, sampleSeconds: 0.1 } }
    const a = estimateRun(c, plan, [{ rows: 96, length: 2560 }], cal, { processes: 1, pretextWorkers: 1, cores: 2 })
    const b = estimateRun(c, plan, [{ rows: 96, length: 2560 }], withFixed, { processes: 1, pretextWorkers: 1, cores: 2 })
    // quick: batches of 32, 32, 22 windows → 224, 224, 154 samples → 12 + 12 + 6 balanced passes
    // (passes.ts: a multiple of 12 or 6 that keeps 16 samples a pass), per epoch
    expect(b.units[0]!.seconds - a.units[0]!.seconds).toBeCloseTo(2 * 30, 6)
  })
})
