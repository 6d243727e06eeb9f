/**
 * A realistic finished run for report tests: two datasets (one AMIGOS; one SWELL whose name holds
 * HTML and LaTeX specials, with its 3-class condition task and the self-rated stress score), the
 * quick preset with three fractions, pretext curves that learn, and fold results whose table rows
 * are their true mean ± sd. Seeded, so every test sees the same run.
 */
import { presetConfig } from '../contracts/presets.js'
import { ExperimentConfig, PRETEXT_TASK_NAMES, type FoldResult, type PretextEpoch, type ResultRow, type RunDetail } from '../contracts/runs.js'

/** A name with every character that HTML, CSV and LaTeX must escape. */
export const HOSTILE_DATASET = 'swell <b>"kw"</b> & 50% #1_{x}'
export const AMIGOS_DATASET = 'amigos-raw'

function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const meanSd = (xs: number[]): { mean: number; sd: number } => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length
  const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / Math.max(1, xs.length - 1))
  return { mean, sd }
}

function pretextEpochs(rand: () => number, epochs: number): PretextEpoch[] {
  const out: PretextEpoch[] = []
  for (let e = 1; e <= epochs; e++) {
    const task = (held: boolean) => PRETEXT_TASK_NAMES.map((name, i) => {
      const ease = 0.35 + 0.08 * i
      const loss = 0.69 * Math.exp(-ease * e) + 0.05 + (held ? 0.04 : 0) + 0.01 * rand()
      const accuracy = Math.min(0.995, 0.55 + 0.4 * (1 - Math.exp(-ease * e)) - (held ? 0.03 : 0) + 0.01 * rand())
      return { task: name, loss, accuracy, f1: accuracy - 0.02 }
    })
    const train = task(false)
    const heldOut = task(true)
    out.push({
      variant: 'full', epoch: e - 1, steps: e * 8, learningRate: 1e-3, seconds: 41.5 + rand(),
      trainLoss: train.reduce((s, t) => s + t.loss, 0), heldOutLoss: heldOut.reduce((s, t) => s + t.loss, 0), train, heldOut,
    })
  }
  return out
}

/** The finished run, with its dataset kinds. */
export function fixtureRun(): { run: RunDetail; kinds: Record<string, string> } {
  const rand = mulberry32(7)
  const config = ExperimentConfig.parse({
    ...presetConfig('quick', 'quick trial <AMIGOS & SWELL>', [
      { name: AMIGOS_DATASET, tasks: [{ label: 'arousal' }, { label: 'valence' }] },
      { name: HOSTILE_DATASET, tasks: [{ label: 'condition' }, { label: 'stress' }] },
    ]),
    evaluation: {
      protocols: ['window-kfold', 'subject-kfold'], folds: 3, methods: ['transfer', 'baseline'], fractions: [0.05, 0.2, 1],
      classifier: { epochs: 30, batch: 32, learningRate: 1e-3 }, probeBlocks: [3],
    },
  })
  const folds: FoldResult[] = []
  const results: ResultRow[] = []
  for (const ds of config.datasets) {
    for (const { label } of ds.tasks) {
      // SWELL's 'condition' is the paper's 3-class stress task; its 'stress' the self-rated score, split high/low.
      const classes = label === 'condition' ? ['neutral', 'interruption', 'time pressure'] : ['low', 'high']
      for (const protocol of config.evaluation.protocols) {
        for (const method of config.evaluation.methods) {
          for (const fraction of config.evaluation.fractions) {
            const key = { dataset: ds.name, task: label, protocol, method, variant: method === 'baseline' ? 'none' : 'full', block: 3, fraction }
            const base = (protocol === 'window-kfold' ? 0.8 : 0.62) + (method === 'transfer' ? 0.03 : 0) - 0.06 * Math.log10(1 / fraction) * (method === 'baseline' ? 1.6 : 1)
            const mine = folds.length
            for (let fold = 0; fold < config.evaluation.folds; fold++) {
              const accuracy = base + 0.04 * (rand() - 0.5)
              const n = 80
              const k = classes.length
              const correct = Math.round(accuracy * n)
              const confusion = classes.map((_, i) => classes.map((__, j) => (i === j ? Math.floor(correct / k) : Math.floor((n - correct) / (k * (k - 1))))))
              folds.push({ ...key, fold, trainWindows: 160, testWindows: n, accuracy, f1: accuracy - 0.01, macroF1: accuracy - 0.015, confusion, classes })
            }
            const mineFolds = folds.slice(mine)
            const confusion = classes.map((_, i) => classes.map((__, j) => mineFolds.reduce((s, f) => s + (f.confusion[i]?.[j] ?? 0), 0)))
            results.push({
              ...key, folds: mineFolds.length, classes, confusion,
              accuracy: meanSd(mineFolds.map((f) => f.accuracy)), f1: meanSd(mineFolds.map((f) => f.f1)), macroF1: meanSd(mineFolds.map((f) => f.macroF1)),
            })
          }
        }
      }
    }
  }
  const run: RunDetail = {
    id: 12, name: config.name, state: 'done', createdAt: '2026-11-22T01:10:00.000Z', updatedAt: '2026-11-22T01:19:30.000Z',
    seed: config.seed, backend: 'wasm', device: 'CPU (WebAssembly, SIMD, 1 thread)', appVersion: '0.1.0',
    progress: { done: 10, total: 10, phase: 'done' }, error: null, config,
    datasetHashes: { [AMIGOS_DATASET]: 'a1b2c3d4e5f6', [HOSTILE_DATASET]: '0f9e8d7c6b5a' },
    pretextModels: [{ model: 'full', variant: 'full', windows: 960, datasets: [{ name: AMIGOS_DATASET, windows: 800 }, { name: HOSTILE_DATASET, windows: 160 }] }],
    epochs: pretextEpochs(rand, config.pretext.epochs), folds, results,
  }
  return { run, kinds: { [AMIGOS_DATASET]: 'amigos', [HOSTILE_DATASET]: 'swell' } }
}
