/**
 * How many independent trainings (cross-validation folds, label fractions) to run at once, and a
 * small pool to run them. The WebAssembly backend computes on one thread in Node, so on a machine
 * with several cores the folds are only fast together when each gets its own process; the native
 * TensorFlow backends already spread one training over every core, so for them one at a time is
 * best. The training engine forks one trainer process per running fold and uses
 * {@link parallelTrainingProcesses} to decide how many.
 */
import os from 'node:os'
import type { BackendChoice } from './backend.js'

/**
 * Peak resident memory of one wasm process training the pretext network at batch 64 on
 * 2560-sample windows (measured peak RSS ≈ 1.4 GB), with headroom; used to keep the
 * processes within free memory.
 */
export const TRAINING_PROCESS_BYTES = 1.6 * 1024 ** 3

/** Inputs of {@link parallelTrainingProcesses}; the machine's values are the defaults. */
export interface ParallelOptions {
  /** The backend the trainings will use. */
  backend: BackendChoice
  /** Independent trainings waiting to run (e.g. 10 folds). */
  jobs: number
  /** Cores to use; default `os.availableParallelism()`. */
  cpus?: number
  /** Free memory; default `os.freemem()`. */
  freeMemoryBytes?: number
  /** Memory one training process needs; default {@link TRAINING_PROCESS_BYTES}. */
  bytesPerProcess?: number
}

/** The decision and its reason in words for the user. */
export interface ParallelPlan {
  processes: number
  reason: string
}

/**
 * How many training processes to run at once: one per core for the single-threaded backends (wasm,
 * cpu), limited by the number of jobs and by free memory; one for the native backends, which use
 * every core (tfjs-node) or the one GPU by themselves.
 */
export function parallelTrainingProcesses(options: ParallelOptions): ParallelPlan {
  const jobs = Math.max(1, Math.floor(options.jobs))
  if (options.backend === 'gpu' || options.backend === 'webgpu' || options.backend === 'node') {
    const what = options.backend === 'node' ? 'every core through TensorFlow\'s own threads' : 'the GPU'
    return { processes: 1, reason: `one training at a time: the ${options.backend} backend already uses ${what}` }
  }
  const cpus = Math.max(1, Math.floor(options.cpus ?? os.availableParallelism()))
  const free = options.freeMemoryBytes ?? os.freemem()
  const perProcess = options.bytesPerProcess ?? TRAINING_PROCESS_BYTES
  const byMemory = Math.max(1, Math.floor(free / perProcess))
  const processes = Math.min(jobs, cpus, byMemory)
  const limits = [
    processes === jobs ? `${jobs} job${jobs === 1 ? '' : 's'}` : undefined,
    processes === cpus ? `${cpus} core${cpus === 1 ? '' : 's'}` : undefined,
    processes === byMemory ? `${(free / 1024 ** 3).toFixed(1)} GB free memory (${(perProcess / 1024 ** 3).toFixed(1)} GB each)` : undefined,
  ].filter((l) => l !== undefined)
  return {
    processes,
    reason: `${processes} process${processes === 1 ? '' : 'es'} at once: the ${options.backend} backend computes on one thread per process; limited by ${limits.join(' and ')}`,
  }
}

/** Inputs of {@link dataParallelWorkers}; the machine's values are the defaults. */
export interface WorkerBudgetOptions {
  backend: BackendChoice
  cpus?: number
  freeMemoryBytes?: number
  bytesPerWorker?: number
}

/**
 * How many data-parallel workers (threads, each with its own WebAssembly backend) can share one
 * training step here: one per core, as many as free memory holds at ≈ 1.4 GB each; one for the
 * backends that already use every core or a GPU by themselves.
 */
export function dataParallelWorkers(options: WorkerBudgetOptions): ParallelPlan {
  if (options.backend !== 'wasm' && options.backend !== 'cpu') {
    return { processes: 1, reason: `one worker: the ${options.backend} backend already uses every core or the GPU by itself` }
  }
  const cpus = Math.max(1, Math.floor(options.cpus ?? os.availableParallelism()))
  const free = options.freeMemoryBytes ?? os.freemem()
  const perWorker = options.bytesPerWorker ?? TRAINING_PROCESS_BYTES
  const byMemory = Math.max(1, Math.floor(free / perWorker))
  const processes = Math.min(cpus, byMemory)
  const limit = processes === cpus ? `${cpus} core${cpus === 1 ? '' : 's'}` : `${(free / 1024 ** 3).toFixed(1)} GB free memory (${(perWorker / 1024 ** 3).toFixed(1)} GB each)`
  return { processes, reason: `${processes} worker${processes === 1 ? '' : 's'} share each training step: limited by ${limit}` }
}

/**
 * Runs `run` over `items` with at most `limit` running at once and returns the results in the
 * items' order. The first failure rejects (after the ones already running have settled), and no
 * new item starts after it.
 */
export async function runPool<T, R>(items: readonly T[], limit: number, run: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  let failed = false
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++
      try {
        results[index] = await run(items[index] as T, index)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  const lanes = Array.from({ length: Math.max(1, Math.min(Math.floor(limit), items.length)) }, lane)
  const settled = await Promise.allSettled(lanes)
  const rejection = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (rejection !== undefined) throw rejection.reason
  return results
}
