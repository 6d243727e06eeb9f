/**
 * `ecg-ssl bench --suite train|forward --processes N`: N processes each run the model benchmark
 * at the same time, and their throughput is added up honestly: all windows of all processes over
 * the wall time from the first process's first timed step to the last one's last, so a process
 * that started late or finished early lowers the figure rather than inflating it. The processes
 * are job processes like any other (jobs/bench-processes.ts forks jobs/parallel-bench-worker.ts);
 * this file holds what does not depend on how they start.
 */
import type { BackendChoice } from './backend.js'
import type { ModelBenchOptions, ModelBenchResult } from './bench-model.js'

/** What the parent sends each child. */
export interface ParallelBenchRequest {
  options: ModelBenchOptions
  /** Backend override; the fastest available when absent. */
  backend?: BackendChoice
}

/** One child's outcome as the aggregate reports it. */
export type ProcessBenchResult = ModelBenchResult & { device: string }

/** What `ecg-ssl bench --suite train|forward --processes N --json` prints. */
export interface ParallelBenchResult {
  suite: 'train' | 'forward'
  backend: string
  device: string
  processes: number
  /** All processes' windows over the span of their timed steps. */
  windows_per_s: number
  /** Σ of each process's own rate (higher than windows_per_s when the timed phases did not fully overlap). */
  sum_windows_per_s: number
  /** Share of the span during which every process was in its timed steps (1 = perfectly simultaneous). */
  overlap: number
  /** Σ CPU seconds of the processes during their timed steps, and the span's wall seconds. */
  cpu_seconds: number
  wall_seconds: number
  batch: number
  steps: number
  per_process: ProcessBenchResult[]
}

/** Combines simultaneous runs' results (at least one) into the aggregate figures. */
export function aggregateBench(results: readonly ProcessBenchResult[]): ParallelBenchResult {
  const first = results[0]
  if (first === undefined) throw new Error('no benchmark results to aggregate')
  const start = Math.min(...results.map((r) => r.started_at_ms))
  const end = Math.max(...results.map((r) => r.ended_at_ms))
  const commonStart = Math.max(...results.map((r) => r.started_at_ms))
  const commonEnd = Math.min(...results.map((r) => r.ended_at_ms))
  const span = Math.max(end - start, 1) / 1000
  const windows = results.reduce((n, r) => n + r.batch * r.steps, 0)
  return {
    suite: first.suite,
    backend: first.backend,
    device: first.device,
    processes: results.length,
    windows_per_s: windows / span,
    sum_windows_per_s: results.reduce((n, r) => n + r.windows_per_s, 0),
    overlap: Math.max(0, commonEnd - commonStart) / 1000 / span,
    cpu_seconds: results.reduce((n, r) => n + r.cpu_seconds, 0),
    wall_seconds: span,
    batch: first.batch,
    steps: first.steps,
    per_process: [...results],
  }
}

/** Runs one benchmark in a child process (jobs/bench-processes.ts); injectable so tests can count and fail children. */
export type BenchChild = (request: ParallelBenchRequest) => Promise<ProcessBenchResult>

/** Runs `processes` benchmarks at the same time, one per child process, and aggregates them. */
export async function runParallelBench(processes: number, request: ParallelBenchRequest, child: BenchChild): Promise<ParallelBenchResult> {
  const results = await Promise.all(Array.from({ length: processes }, () => child(request)))
  return aggregateBench(results)
}
