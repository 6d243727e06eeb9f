/**
 * The transformations benchmark: the same work as `peer_numpy_pipeline.py --suite transforms`
 * (2000 preprocessed 2560-sample windows, all seven variants of each, one window at a time).
 */
import { syntheticEcg } from '../signal/synthetic-ecg.js'
import { WindowTransformer } from './transforms.js'

/** What `ecg-ssl bench --suite transforms --json` prints. */
export interface TransformsBenchResult {
  readonly suite: 'transforms'
  readonly backend: 'js'
  readonly windows: number
  /** Original windows transformed per second (each yields 7 samples). */
  readonly windows_per_s: number
}

const WINDOW = 2560

/** Synthetic ECG windows of 2560 samples at 256 Hz (a realistic amplitude distribution). */
function benchWindows(count: number): Float32Array[] {
  const x = syntheticEcg(count * 10 + 20, 256, 0)
  // z-scored like stored windows, so the noise power is in the usual range.
  let mean = 0
  for (const v of x) mean += v
  mean /= x.length
  let sq = 0
  for (const v of x) sq += (v - mean) ** 2
  const sd = Math.sqrt(sq / x.length) || 1
  const out: Float32Array[] = []
  for (let i = 0; i < count; i++) out.push(Float32Array.from(x.subarray(i * WINDOW, (i + 1) * WINDOW), (v) => (v - mean) / sd))
  return out
}

/** Times the transformation of `windows` windows (default 2000) after a warm-up. */
export function runTransformsBench(options: { windows?: number } = {}): TransformsBenchResult {
  const count = options.windows ?? 2000
  const windows = benchWindows(count)
  const t = new WindowTransformer(WINDOW)
  const out = new Float32Array(7 * WINDOW)
  // Warm-up long enough for the JIT to optimise the hot loops.
  for (let i = 0; i < Math.min(200, count); i++) t.transform(windows[i]!, 1, 0, i, out)
  const start = performance.now()
  for (let i = 0; i < count; i++) t.transform(windows[i]!, 0, 0, i, out)
  const seconds = (performance.now() - start) / 1000
  return { suite: 'transforms', backend: 'js', windows: count, windows_per_s: Math.round((count / seconds) * 10) / 10 }
}
