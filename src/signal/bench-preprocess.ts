/**
 * The preprocessing benchmark, the same work as `peer_numpy_pipeline.py --suite preprocess`:
 * a synthetic recording of `minutes` at 2048 Hz → resample to 256 Hz → Butterworth order-4
 * high-pass 0.8 Hz, zero phase → robust z-score → 10 s windows, through the real pipeline
 * (filterRecording, robustSubjectStats, cutWindows, including the quality checks). Like the
 * peer it warms up on the first minute and times only the pipeline, not the signal generation.
 */
import { DEFAULT_PREPROCESS, cutWindows, filterRecording, robustSubjectStats } from './preprocess.js'
import { syntheticEcg } from './synthetic-ecg.js'

export interface PreprocessBenchResult {
  readonly suite: 'preprocess'
  /** Seconds of input signal processed per wall-clock second. */
  readonly realtime_factor: number
  readonly signal_seconds: number
  readonly windows: number
}

const FS_IN = 2048

function pipeline(raw: Float64Array): number {
  const rec = filterRecording(raw, FS_IN, DEFAULT_PREPROCESS)
  const stats = robustSubjectStats([rec], DEFAULT_PREPROCESS)
  return cutWindows(rec, stats, DEFAULT_PREPROCESS).length
}

/** Runs the benchmark once (default 30 minutes of signal, as the peer). */
export function runPreprocessBench(options: { minutes?: number } = {}): PreprocessBenchResult {
  const minutes = options.minutes ?? 30
  const seconds = minutes * 60
  const raw = syntheticEcg(seconds, FS_IN, 0)
  pipeline(raw.subarray(0, FS_IN * 60)) // warm-up, as the peer
  const t0 = performance.now()
  const windows = pipeline(raw)
  const dt = (performance.now() - t0) / 1000
  return { suite: 'preprocess', realtime_factor: Math.round((seconds / dt) * 10) / 10, signal_seconds: seconds, windows }
}
