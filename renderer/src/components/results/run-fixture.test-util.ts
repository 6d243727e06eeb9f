// Runs for component tests of the experiment and results views: summaries in each state, pretext
// epochs, and a finished run whose rows are the mean ± sd of its folds (one AMIGOS dataset, so the
// paper's numbers apply; two protocols, transfer and baseline, fractions 0.1 and 1).
import { presetConfig } from '@contracts/presets.js'
import { ExperimentConfig, PRETEXT_TASK_NAMES, type FoldResult, type PretextEpoch, type ResultRow, type RunDetail, type RunState, type RunSummary } from '@contracts/runs.js'

/** A run summary in a state, with its progress. */
export function summary(id: number, state: RunState, done: number, total = 10, name = `run ${id}`): RunSummary {
  return {
    id, name, state, createdAt: '2026-11-22T01:00:00.000Z', updatedAt: '2026-11-22T01:05:00.000Z', seed: 1,
    backend: state === 'queued' ? '' : 'wasm', device: state === 'queued' ? '' : 'CPU (WebAssembly, SIMD)', appVersion: '0.1.0',
    progress: { done, total, phase: state === 'done' ? 'done' : 'pretext full' }, error: state === 'failed' ? 'The dataset "x" has no windows left after flags; unflag some or import again.' : null,
  }
}

/** Pretext epoch `epoch` (from 0) of a variant, with losses that fall and accuracies that rise. */
export function epochOf(epoch: number, variant = 'full'): PretextEpoch {
  const task = (held: boolean) => PRETEXT_TASK_NAMES.map((t, i) => ({ task: t, loss: 0.7 / (epoch + 1) + i * 0.01 + (held ? 0.05 : 0), accuracy: 0.5 + 0.05 * epoch + (held ? -0.02 : 0), f1: 0.5 }))
  return { variant, epoch, steps: (epoch + 1) * 4, learningRate: 1e-3, seconds: 12, trainLoss: 1.2, heldOutLoss: 1.3, train: task(false), heldOut: task(true) }
}

const meanSd = (xs: number[]) => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length
  return { mean, sd: Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length) }
}

/** A finished run on dataset `amigos` (kind amigos), task arousal; `shift` moves every accuracy. */
export function finishedRun(id: number, options: { seed?: number; shift?: number; folds?: number } = {}): RunDetail {
  const folds = options.folds ?? 2
  const config = ExperimentConfig.parse({
    ...presetConfig('quick', `finished ${id}`, [{ name: 'amigos', tasks: [{ label: 'arousal' }] }]),
    seed: options.seed ?? 1,
    evaluation: { protocols: ['window-kfold', 'subject-kfold'], folds, methods: ['transfer', 'baseline'], fractions: [0.1, 1], classifier: { epochs: 10, batch: 16, learningRate: 1e-3 }, probeBlocks: [3] },
  })
  const foldRows: FoldResult[] = []
  const results: ResultRow[] = []
  const classes = ['low', 'high']
  for (const protocol of ['window-kfold', 'subject-kfold'] as const) {
    for (const method of ['transfer', 'baseline'] as const) {
      for (const fraction of [0.1, 1]) {
        const key = { dataset: 'amigos', task: 'arousal', protocol, method, variant: method === 'baseline' ? 'none' : 'full', block: 3, fraction }
        const base = (protocol === 'window-kfold' ? 0.8 : 0.6) + (method === 'transfer' ? 0.05 : 0) - (fraction < 1 ? 0.1 : 0) + (options.shift ?? 0)
        const mine = Array.from({ length: folds }, (_, fold): FoldResult => {
          const accuracy = base + (fold % 2 === 0 ? 0.02 : -0.02)
          const right = Math.round(accuracy * 50)
          return { ...key, fold, trainWindows: 100, testWindows: 100, accuracy, f1: accuracy - 0.01, macroF1: accuracy - 0.02, confusion: [[right, 50 - right], [50 - right, right]], classes }
        })
        foldRows.push(...mine)
        const confusion = classes.map((_, i) => classes.map((__, j) => mine.reduce((s, f) => s + (f.confusion[i]?.[j] ?? 0), 0)))
        results.push({ ...key, folds, classes, confusion, accuracy: meanSd(mine.map((f) => f.accuracy)), f1: meanSd(mine.map((f) => f.f1)), macroF1: meanSd(mine.map((f) => f.macroF1)) })
      }
    }
  }
  return {
    ...summary(id, 'done', 10, 10, config.name), seed: config.seed, config, datasetHashes: { amigos: 'abc' }, pretextModels: [],
    epochs: [epochOf(0), epochOf(1), epochOf(2)], folds: foldRows, results,
  }
}
