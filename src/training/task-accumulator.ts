/**
 * Per-task running totals of a pretext pass: binary cross-entropy and the 2×2 confusion of each
 * task ("is this sample variant i?"), from the heads' sigmoid outputs read back once per step.
 * Computing them here from the probabilities costs no extra tensors or backend work.
 */
import type { PretextTaskName, TaskMetrics } from '../contracts/runs.js'
import { accuracy, positiveClassF1 } from './metrics.js'

/**
 * tfjs's logLoss epsilon. The optimiser's loss is sigmoid cross-entropy on the logits
 * (pretext-passes.ts); this one, from the float32 probabilities, equals it to about 1e-6 except
 * where the sigmoid saturates (|logit| above about 16), where it is capped near −log(1e-7) ≈ 16.1.
 */
const EPSILON = 1e-7

export class TaskAccumulator {
  private readonly loss: Float64Array
  /** Per task: [tn, fp, fn, tp]. */
  private readonly counts: Float64Array
  private samples = 0

  constructor(private readonly taskCount: number) {
    this.loss = new Float64Array(taskCount)
    this.counts = new Float64Array(taskCount * 4)
  }

  /**
   * Adds a pass over `variants.length` samples: `probs` is samples × tasks (row-major), task i's
   * target is 1 where the sample's variant equals `taskVariant[i]`.
   */
  add(probs: Float32Array, variants: Uint8Array, taskVariant: readonly number[]): void {
    const k = this.taskCount
    if (probs.length !== variants.length * k) throw new Error(`${probs.length} outputs for ${variants.length} samples × ${k} tasks`)
    for (let r = 0; r < variants.length; r++) {
      const v = variants[r]!
      for (let i = 0; i < k; i++) {
        const p = probs[r * k + i]!
        const y = v === taskVariant[i] ? 1 : 0
        this.loss[i]! += y === 1 ? -Math.log(p + EPSILON) : -Math.log(1 - p + EPSILON)
        const predicted = p > 0.5 ? 1 : 0
        this.counts[i * 4 + y * 2 + predicted]! += 1
      }
    }
    this.samples += variants.length
  }

  /**
   * Mean loss, accuracy and F1 per task; the F1 is that of the "is this transformation" class
   * ({@link positiveClassF1}), as the authors report per pretext task.
   */
  metrics(tasks: readonly PretextTaskName[]): TaskMetrics[] {
    return tasks.map((task, i) => {
      const c = this.counts
      const cm = [[c[i * 4]!, c[i * 4 + 1]!], [c[i * 4 + 2]!, c[i * 4 + 3]!]]
      return { task, loss: this.samples > 0 ? this.loss[i]! / this.samples : NaN, accuracy: accuracy(cm), f1: positiveClassF1(cm) }
    })
  }
}
