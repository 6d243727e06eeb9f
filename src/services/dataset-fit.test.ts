import { describe, expect, it } from 'vitest'
import { presetConfig } from '../contracts/presets.js'
import { ExperimentConfig } from '../contracts/runs.js'
import { checkDatasetsFit, type DatasetLabelFacts } from './dataset-fit.js'

const facts: Record<string, DatasetLabelFacts> = {
  swell: { labelNames: ['stress', 'condition'], labelRanges: { stress: { min: 1, max: 9 } } },
  mitbih: { labelNames: [], labelRanges: {} },
}

function check(datasets: unknown[]): () => void {
  const config = ExperimentConfig.parse({ ...presetConfig('quick', 'fit', []), datasets })
  return () => checkDatasetsFit(config, (name) => facts[name]!)
}

describe('datasets against the store', () => {
  it('accepts labels the dataset has, and unlabeled data for pretraining only', () => {
    expect(check([{ name: 'swell', tasks: [{ label: 'stress', binarisation: 'midpoint' }, { label: 'condition' }] }, { name: 'mitbih', role: 'pretext' }])).not.toThrow()
  })
  it('refuses, in one sentence each, what cannot be evaluated', () => {
    expect(check([{ name: 'swell', tasks: [{ label: 'arousal' }] }])).toThrow('The dataset "swell" has no label "arousal" (its labels: stress, condition); choose one of those.')
    expect(check([{ name: 'swell', tasks: [{ label: 'stress' }] }, { name: 'mitbih', tasks: [{ label: 'stress' }] }])).toThrow('The dataset "mitbih" has no labels, so emotion recognition cannot be evaluated on it; use it only to learn ECG features (pretext-only).')
    expect(check([{ name: 'swell', tasks: [{ label: 'condition', binarisation: 'midpoint' }] }])).toThrow(/The label "condition" of "swell" is text .* the scale midpoint cannot split it/)
  })
})
