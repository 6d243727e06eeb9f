/**
 * The experiment presets: "sarkar2020" holds every number of the authors' implementation
 * (METHOD.md §2–6); "quick" is small enough to try things on a laptop in minutes. Both are plain
 * data so the Experiments view can offer them and a run can record what it started from.
 */
import type { ExperimentConfigInput } from './runs.js'
import { PAPER_TRANSFORMS } from './transform-params.js'

export const PRESET_NAMES = ['sarkar2020', 'quick'] as const
export type PresetName = (typeof PRESET_NAMES)[number]

/** Loss coefficients of METHOD §4 in pretext task order. */
export const PAPER_LOSS_WEIGHTS = [0.195, 0.195, 0.195, 0.0125, 0.0125, 0.195, 0.195] as const

/**
 * The seed every place starts from unless the user gives one: the presets, Tune, the demo and the
 * transformation preview (issue 10 §4: Tune said 0 while the presets said 1).
 */
export const DEFAULT_SEED = 1

type PresetBody = Omit<ExperimentConfigInput, 'name' | 'datasets'>

export const PRESETS: Readonly<Record<PresetName, PresetBody>> = {
  sarkar2020: {
    preset: 'sarkar2020',
    seed: DEFAULT_SEED,
    backend: 'auto',
    maxWindowsPerDataset: 0,
    transforms: { ...PAPER_TRANSFORMS },
    pretext: {
      epochs: 100, batch: 128, learningRate: 1e-3, decayRate: 0.9, decaySteps: 10_000, l2: 1e-4, dropout: 0.6,
      lossWeights: [...PAPER_LOSS_WEIGHTS], heldOut: 0.1, dropTasks: [],
    },
    evaluation: {
      protocols: ['window-kfold', 'subject-kfold'],
      folds: 10,
      methods: ['transfer', 'baseline'],
      fractions: [0.01, 0.05, 0.1, 0.2, 0.5, 1],
      classifier: { epochs: 200, batch: 128, learningRate: 1e-3 },
      probeBlocks: [3],
    },
    ablation: false,
  },
  // Sized for `ecg-ssl demo` (issue 3 §7: end to end in at most 10 minutes on 2 CPU cores):
  // 96 windows, a short pretext phase, two folds per protocol, two label fractions.
  quick: {
    preset: 'quick',
    seed: DEFAULT_SEED,
    backend: 'auto',
    maxWindowsPerDataset: 96,
    transforms: { ...PAPER_TRANSFORMS },
    pretext: {
      epochs: 2, batch: 32, learningRate: 1e-3, decayRate: 0.9, decaySteps: 10_000, l2: 1e-4, dropout: 0.6,
      lossWeights: [...PAPER_LOSS_WEIGHTS], heldOut: 0.1, dropTasks: [],
    },
    evaluation: {
      protocols: ['window-kfold', 'subject-kfold'],
      folds: 2,
      methods: ['transfer', 'baseline'],
      fractions: [0.25, 1],
      // the frozen-encoder classifier trains on embeddings computed once: many epochs cost little
      classifier: { epochs: 100, batch: 16, learningRate: 1e-3 },
      endToEnd: { epochs: 10, batch: 16, learningRate: 1e-3 },
      probeBlocks: [3],
    },
    ablation: false,
  },
}

/** A preset's config for the given datasets, ready for ExperimentConfig.parse. */
export function presetConfig(preset: PresetName, name: string, datasets: ExperimentConfigInput['datasets']): ExperimentConfigInput {
  const body = PRESETS[preset]
  return { ...structuredClone(body), name, datasets: structuredClone(datasets) }
}
