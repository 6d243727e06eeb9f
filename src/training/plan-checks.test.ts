/**
 * Settings that cannot give meaningful results are refused before anything is stored, in one
 * sentence naming the setting to change in the reader's words (issue 10 §4).
 */
import { describe, expect, it } from 'vitest'
import { InputError } from '../common/input-error.js'
import { presetConfig } from '../contracts/presets.js'
import { ExperimentConfig } from '../contracts/runs.js'
import { planExperiment, type ExperimentDataset } from './experiment-plan.js'

/** `subjects` subjects; `high(i)` says whether window i is high arousal. */
function dataset(windows: number, subjects: number, high: (i: number) => boolean): ExperimentDataset {
  const names = Array.from({ length: windows }, (_, i) => `S${i % subjects}`)
  return {
    name: 'd', kind: 'csv', length: 8, x: new Float32Array(windows * 8), keys: names.map((_, i) => i), subjects: names,
    labels: names.map((_, i) => ({ arousal: high(i) ? 8 : 2 })), labelScales: { arousal: { min: 1, max: 9 } },
  }
}

function config(evaluation: Record<string, unknown>, over: Record<string, unknown> = {}): ExperimentConfig {
  const c = presetConfig('quick', 'checks', [{ name: 'd', tasks: [{ label: 'arousal', binarisation: 'midpoint' }] }])
  return ExperimentConfig.parse({ ...c, ...over, evaluation: { ...c.evaluation, methods: ['baseline'], fractions: [1], ...evaluation } })
}

/** The refusal of planning `c` on `d`, in the app's and the CLI's words. */
function refusal(c: ExperimentConfig, d: ExperimentDataset): { app: string; cli: string } {
  try {
    planExperiment(c, [d])
  } catch (e) {
    if (e instanceof InputError) return { app: e.messageFor('app'), cli: e.messageFor('cli') }
    throw e
  }
  throw new Error('the plan was not refused')
}

describe('plan checks', () => {
  it('refuses fewer labelled windows of a class than folds, naming Folds in the app and evaluation.folds on the CLI', () => {
    // 40 windows, 3 of them high: 5 folds over windows cannot each test and learn "high"
    const r = refusal(config({ protocols: ['window-kfold'], folds: 5 }), dataset(40, 8, (i) => i < 3))
    expect(r.app).toBe('The task "arousal" on "d" has 3 labelled windows of class "high", fewer than the 5 folds, so some folds could not test or learn it; set “Folds” to at most 3.')
    expect(r.cli).toContain('set evaluation.folds in the config to at most 3')
    expect(r.app.split('\n')).toHaveLength(1)
  })

  it('names the window cap when it may keep windows out', () => {
    const r = refusal(config({ protocols: ['window-kfold'], folds: 5 }, { maxWindowsPerDataset: 40 }), dataset(40, 8, (i) => i < 3))
    expect(r.app).toContain('or raise “Windows per dataset” (now 40)')
    expect(r.cli).toContain('or raise maxWindowsPerDataset in the config (now 40)')
  })

  it('refuses a task with one class, and fewer subjects than subject folds', () => {
    expect(refusal(config({ protocols: ['window-kfold'], folds: 2 }), dataset(10, 2, () => false)).app).toMatch(/only the class "low"/)
    const r = refusal(config({ protocols: ['subject-kfold'], folds: 5 }), dataset(40, 4, (i) => i % 2 === 0))
    expect(r.app).toBe('The task "arousal" on "d" has labelled windows of 4 subjects, fewer than the 5 subject-grouped folds; set “Folds” to at most 4.')
  })

  it('refuses a fold whose training windows hold no window of a class (what reported 0.000 ± 0.000)', () => {
    // high arousal only in subject S0: the subject fold testing S0 trains on "low" alone
    const r = refusal(config({ protocols: ['subject-kfold'], folds: 2 }), dataset(16, 4, (i) => i % 4 === 0))
    expect(r.app).toMatch(/^In fold [12] of subject-grouped .* on "d" \(arousal\) the training windows hold no window of class "high" \(its windows all belong to the test subjects\), so the classifier could never predict it; set “Folds” lower\.$/i)
  })

  it('warns, without refusing, when some folds test no window of a class', () => {
    // S0 and S1 have both classes, S2 and S3 only "low": every training set has both, S2's and S3's tests lack "high"
    const plan = planExperiment(config({ protocols: ['loso'] }), [dataset(16, 4, (i) => (i % 4 === 0 || i % 4 === 1) && i < 8)])
    expect(plan.units.length).toBeGreaterThan(0)
    expect(plan.warnings.length).toBe(1)
    expect(plan.warnings[0]).toMatch(/^2 of the 4 folds of .* on "d" \(arousal\) test no window of class "high"; their accuracy still counts/)
  })

  it('passes a plan that can give meaningful results, without warnings', () => {
    const plan = planExperiment(config({ protocols: ['window-kfold', 'subject-kfold'], folds: 2 }), [dataset(32, 4, (i) => i % 8 < 4)])
    expect(plan.warnings).toEqual([])
  })
})
