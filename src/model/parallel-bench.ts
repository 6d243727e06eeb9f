/**
 * `ecg-ssl bench --suite train|forward --processes N`: N processes each run the model benchmark
 * at the same time, and their throughput is added up honestly: all windows of all processes over
 * the wall time from the first process's first timed step to the last one's last, so a process
 * that started late or finished early lowers the figure rather than inflating it.
 */
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { BackendChoice } from './backend.js'
import type { ModelBenchOptions, ModelBenchResult } from './bench-model.js'

/** The compiled child entry point (out/src/model/parallel-bench-worker.js). */
export const PARALLEL_BENCH_WORKER = new URL('./parallel-bench-worker.js', import.meta.url)

/** What the parent sends each child. */
export interface ParallelBenchRequest {
  options: ModelBenchOptions
  /** Backend override; the fastest available when absent. */
  backend?: BackendChoice
}

/** What each child sends back. */
export type ParallelBenchReply =
  | { ok: true; result: ModelBenchResult; backend: BackendChoice; device: string }
  | { ok: false; error: string }

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

/** Runs one benchmark in a child process; injectable so tests can count and fail children. */
export type BenchChild = (request: ParallelBenchRequest) => Promise<ProcessBenchResult>

/** Forks {@link PARALLEL_BENCH_WORKER} (or `workerFile`) for one request. */
export function forkBenchChild(workerFile: string = fileURLToPath(PARALLEL_BENCH_WORKER)): BenchChild {
  return (request) =>
    new Promise((resolve, reject) => {
      const child = fork(workerFile, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] })
      let reply: ParallelBenchReply | undefined
      child.on('message', (message) => {
        reply = message as ParallelBenchReply
      })
      child.on('error', reject)
      child.on('exit', (code) => {
        if (reply?.ok === true) resolve({ ...reply.result, backend: reply.backend, device: reply.device })
        else reject(new Error(reply?.ok === false ? `a benchmark process failed: ${reply.error}` : `a benchmark process exited with code ${code ?? 'none'} without a result`))
      })
      child.send(request)
    })
}

/** Runs `processes` benchmarks at the same time, one per child process, and aggregates them. */
export async function runParallelBench(
  processes: number, request: ParallelBenchRequest, child: BenchChild = forkBenchChild(),
): Promise<ParallelBenchResult> {
  const results = await Promise.all(Array.from({ length: processes }, () => child(request)))
  return aggregateBench(results)
}
