/**
 * `ecg-ssl bench --suite pretext`: the real pretext trainer's steps (METHOD §4 network, weighted
 * loss, L2, Adam, seeded dropout, the six transformations) on random ECG-sized windows, shared by
 * `workers` data-parallel workers. A window is one 2560-sample input of the 7·B per step, as in
 * the PyTorch peer (shared/bench/peer_torch_train.py).
 */
import { PRESETS } from '../contracts/presets.js'
import { PretextConfig, TransformConfig } from '../contracts/runs.js'
import type { BackendChoice } from '../model/backend-choices.js'
import { WINDOW_LENGTH } from '../model/encoder.js'
import { Purpose, SplitRandom } from '../common/random.js'
import { PretextTrainer, type PretextData } from './pretext-trainer.js'

/** Options of {@link runPretextBench}. */
export interface PretextBenchOptions {
  /** The active backend (the workers start the same). */
  readonly backend: BackendChoice
  /** Workers sharing each step. */
  readonly workers: number
  /** Original windows per step (7 samples each); default 16. */
  readonly batch?: number
  /** Timed steps after one untimed warm-up step; default 4. */
  readonly steps?: number
  /** Window length; default 2560 (tests use less). */
  readonly length?: number
}

/** What `ecg-ssl bench --suite pretext --json` prints (with backend, device and processes added). */
export interface PretextBenchResult {
  suite: 'pretext'
  processes: number
  batch: number
  steps: number
  /** 2560-sample inputs (7 per original window) per second over the timed steps. */
  windows_per_s: number
  /** Peak resident memory of the process, its worker threads included (MB). */
  max_rss_mb: number
}

/** Times `steps` pretext steps after one warm-up step. */
export async function runPretextBench(options: PretextBenchOptions): Promise<PretextBenchResult> {
  const batch = options.batch ?? 16
  const steps = options.steps ?? 4
  const length = options.length ?? WINDOW_LENGTH
  const rng = new SplitRandom().reseed(7, 0, 0, Purpose.init)
  const windows = Array.from({ length: batch }, () => {
    const x = new Float32Array(length)
    for (let i = 0; i < length; i++) x[i] = rng.float() * 2 - 1
    return x
  })
  const data: PretextData = { windows, keys: windows.map((_, i) => i), train: windows.map((_, i) => i), heldOut: [] }
  const trainer = new PretextTrainer({
    config: PretextConfig.parse({ ...PRESETS.sarkar2020.pretext, batch }),
    transforms: TransformConfig.parse(PRESETS.sarkar2020.transforms),
    seed: 1,
    variant: 'full',
    windowLength: length,
    workers: () => options.workers,
    backend: options.backend,
  })
  try {
    await trainer.trainStep(data, data.train)
    const start = performance.now()
    for (let s = 0; s < steps; s++) await trainer.trainStep(data, data.train)
    const seconds = (performance.now() - start) / 1000
    return {
      suite: 'pretext',
      processes: options.workers,
      batch,
      steps,
      windows_per_s: (7 * batch * steps) / seconds,
      // resourceUsage reports kilobytes
      max_rss_mb: process.resourceUsage().maxRSS / 1024,
    }
  } finally {
    trainer.dispose()
  }
}
