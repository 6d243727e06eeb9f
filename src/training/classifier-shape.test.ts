import { describe, expect, it } from 'vitest'
import { presetConfig } from '../contracts/presets.js'
import { ExperimentConfig } from '../contracts/runs.js'
import { classifierShapeFor } from './experiment-runner.js'

describe('the classifier head of a dataset', () => {
  const config = ExperimentConfig.parse(presetConfig('quick', 'heads', [
    { name: 'stress', tasks: [{ label: 'condition' }] },
    { name: 'mine', tasks: [{ label: 'arousal' }], classifier: 'DREAMER' },
  ]))

  it("is its kind's (contracts/dataset-kinds.ts), own recordings' for kinds with none", () => {
    expect(classifierShapeFor(config, 0, 'swell')).toBe('SWELL')
    expect(classifierShapeFor(config, 0, 'wesad')).toBe('WESAD')
    expect(classifierShapeFor(config, 0, 'wfdb')).toBe('AMIGOS')
    expect(classifierShapeFor(config, 0, 'unknown')).toBe('AMIGOS')
  })

  it('is the one the run names, whatever the kind', () => {
    expect(classifierShapeFor(config, 1, 'swell')).toBe('DREAMER')
  })
})
