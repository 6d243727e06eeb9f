/**
 * Training and forward throughput of the pretext network on the active tfjs backend, in the same
 * terms as the PyTorch peer (`shared/bench/peer_torch_train.py`): 2560-sample windows, batch 64,
 * random inputs and targets, warm-up steps not timed.
 */
import * as tf from '@tensorflow/tfjs'
import { WINDOW_LENGTH } from './encoder.js'
import { buildPretextModel, PRETEXT_TASKS } from './pretext-model.js'

/** Per-task loss coefficients of METHOD §4, in {@link PRETEXT_TASKS} order. */
export const TASK_LOSS_WEIGHTS: readonly number[] = [0.195, 0.195, 0.195, 0.0125, 0.0125, 0.195, 0.195]

/** Options of {@link runModelBench}. */
export interface ModelBenchOptions {
  suite: 'train' | 'forward'
  /** Windows per step; default 64 as the peer. */
  batch?: number
  /** Timed steps; default 3. */
  steps?: number
  /** Untimed steps first (kernel compilation, memory growth); default 1. */
  warmup?: number
  /** Window length; default 2560 (tests use less). */
  length?: number
}

/** What `ecg-ssl bench --suite train|forward --json` prints. */
export interface ModelBenchResult {
  suite: 'train' | 'forward'
  backend: string
  windows_per_s: number
  batch: number
  steps: number
  /** CPU time (user + system) of this process during the timed steps; near the wall time when it had a core to itself. */
  cpu_seconds: number
  /** Wall time of the timed steps. */
  wall_seconds: number
  /** Start and end of the timed steps (ms since the epoch), to tell how far parallel runs overlapped. */
  started_at_ms: number
  ended_at_ms: number
  /** Peak resident memory of this process so far (MB). */
  max_rss_mb: number
}

/** The weighted per-task sigmoid cross-entropy of METHOD §4, on the heads' logits (numerically stable). */
export function weightedPretextLoss(logits: tf.Tensor[], targets: tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    const terms = logits.map((z, i) => {
      const y = targets[i]
      if (y === undefined) throw new Error(`no target for output ${i}`)
      return tf.losses.sigmoidCrossEntropy(y, z).mul(TASK_LOSS_WEIGHTS[i] ?? 0)
    })
    return tf.addN(terms) as tf.Scalar
  })
}

/** Measures windows per second for one suite on the active backend. */
export async function runModelBench(options: ModelBenchOptions): Promise<ModelBenchResult> {
  const batch = options.batch ?? 64
  const steps = options.steps ?? 3
  const warmup = options.warmup ?? 1
  const length = options.length ?? WINDOW_LENGTH
  const { model, logits } = buildPretextModel({ inputLength: length, seed: 1 })
  const x = tf.randomNormal([batch, length, 1], 0, 1, 'float32', 2)
  const targets = PRETEXT_TASKS.map((_, i) => tf.tidy(() => tf.randomUniform([batch, 1], 0, 1, 'float32', 10 + i).round()))
  const optimizer = tf.train.adam(1e-3)
  const step = async (): Promise<void> => {
    if (options.suite === 'forward') {
      const outs = model.predict(x) as tf.Tensor[]
      await Promise.all(outs.map((o) => o.data()))
      tf.dispose(outs)
      return
    }
    // training mode so that dropout runs as it does in real training
    const loss = optimizer.minimize(() => weightedPretextLoss(logits.apply(x, { training: true }) as tf.Tensor[], targets), true)
    await loss?.data()
    loss?.dispose()
  }
  try {
    for (let i = 0; i < warmup; i++) await step()
    const startedAt = Date.now()
    const start = performance.now()
    const cpuStart = process.cpuUsage()
    for (let i = 0; i < steps; i++) await step()
    const seconds = (performance.now() - start) / 1000
    const cpu = process.cpuUsage(cpuStart)
    return {
      suite: options.suite,
      backend: tf.getBackend(),
      windows_per_s: (batch * steps) / seconds,
      batch,
      steps,
      cpu_seconds: (cpu.user + cpu.system) / 1e6,
      wall_seconds: seconds,
      started_at_ms: startedAt,
      ended_at_ms: Date.now(),
      // resourceUsage reports kilobytes
      max_rss_mb: process.resourceUsage().maxRSS / 1024,
    }
  } finally {
    tf.dispose([x, ...targets])
    optimizer.dispose()
    // The encoder's views share its layers and disposing one model marks shared layers disposed, so
    // release the weights themselves: the pretext model holds every one of them.
    for (const w of model.weights) w.dispose()
  }
}
