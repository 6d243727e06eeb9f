/**
 * Data-parallel workers of one pretext trainer: worker threads, each with its own tfjs backend
 * (WebAssembly computes on one thread per thread, so k threads use k cores) and a replica of the
 * network. The trainer hands each a contiguous share of a step's passes together with the current
 * weights, computes the first share itself, and sums every pass's gradient in pass order
 * (gradient-sum.ts), so the trained weights do not depend on how many workers shared the step.
 *
 * Threads rather than processes: they end with their process whatever kills it (a crash, SIGKILL,
 * a power cut), so a run can never leave one behind.
 */
import { Worker } from 'node:worker_threads'
import type { BackendChoice } from '../model/backend-choices.js'
import { locateWorker } from './compiled-entry.js'
import type { GradientReply, GradientRequest, GradientWorkerInit, NetSpec, PassComputer, SharedPassJob, SharedPassResult } from './gradient-protocol.js'

export const GRADIENT_WORKER_FILE = new URL('./gradient-worker.js', import.meta.url)

interface Lane {
  readonly worker: Worker
  pending?: { id: number; resolve: (r: SharedPassResult) => void; reject: (e: Error) => void }
  failure?: Error
}

/** Worker threads that compute shares of a network's steps; grown on demand, up to any number. */
export class GradientPool<J extends SharedPassJob = SharedPassJob, R extends SharedPassResult = SharedPassResult> {
  private readonly lanes: Lane[] = []
  private nextId = 1
  private closed = false

  constructor(
    private readonly spec: NetSpec,
    private readonly backend: BackendChoice,
    private readonly workerFile: string = locateWorker(GRADIENT_WORKER_FILE),
  ) {}

  /** Threads started so far. */
  get size(): number {
    return this.lanes.length
  }

  /**
   * Sends job i to thread i (starting threads as needed) with `weights`, at once, and resolves
   * to the results in job order. Every message is posted before this returns, so the caller can
   * compute its own share meanwhile.
   */
  compute(weights: readonly Float32Array[], jobs: readonly J[]): Promise<R[]> {
    if (this.closed) return Promise.reject(new Error('the data-parallel workers were closed'))
    while (this.lanes.length < jobs.length) this.lanes.push(this.start())
    return Promise.all(jobs.map((job, i) => this.send(this.lanes[i]!, weights, job)))
  }

  /** Stops every thread. */
  /** Stops every thread; shares still being computed are answered with an error. */
  async close(): Promise<void> {
    this.closed = true
    const lanes = this.lanes.splice(0)
    for (const lane of lanes) {
      lane.pending?.reject(new Error('the data-parallel workers were stopped'))
      lane.pending = undefined
    }
    await Promise.all(lanes.map((l) => l.worker.terminate()))
  }

  private start(): Lane {
    const init: GradientWorkerInit = { backend: this.backend, spec: this.spec }
    const worker = new Worker(this.workerFile, { workerData: init })
    const lane: Lane = { worker }
    const fail = (error: Error): void => {
      lane.failure = error
      const pending = lane.pending
      lane.pending = undefined
      pending?.reject(error)
    }
    worker.on('message', (reply: GradientReply) => {
      const pending = lane.pending
      if (pending === undefined || pending.id !== reply.id) return
      lane.pending = undefined
      if (reply.ok) pending.resolve(reply.result)
      else pending.reject(new Error(`a data-parallel training worker failed: ${reply.error}`))
    })
    worker.on('error', (error) => fail(new Error(`a data-parallel training worker stopped: ${error.message}`)))
    worker.on('exit', (code) => {
      if (!this.closed) fail(new Error(`a data-parallel training worker exited unexpectedly (code ${code})`))
    })
    return lane
  }

  private send(lane: Lane, weights: readonly Float32Array[], job: J): Promise<R> {
    if (lane.failure !== undefined) return Promise.reject(lane.failure)
    if (lane.pending !== undefined) return Promise.reject(new Error('a data-parallel worker is still busy with the previous step'))
    const id = this.nextId++
    return new Promise<R>((resolve, reject) => {
      // The worker computes with the same network code, so its result has the caller's shape.
      lane.pending = { id, resolve: (r) => resolve(r as R), reject }
      const request: GradientRequest = { id, weights, job }
      lane.worker.postMessage(request)
    })
  }
}

/**
 * One data-parallel step: `jobs[0]` computed by `local` (the trainer's own model), the others at
 * once by the pool's threads with the local model's current weights; resolves to every share's
 * result in job order. Both sides settle before it answers, so no reply arrives unheard.
 */
export async function runShares<J extends SharedPassJob, R extends SharedPassResult>(
  local: PassComputer<J, R>, pool: () => GradientPool<J, R>, jobs: readonly J[], signal?: AbortSignal,
): Promise<R[]> {
  const [first, ...others] = jobs
  if (first === undefined) throw new Error('a training step needs at least one share')
  let remote: Promise<R[]> = Promise.resolve([])
  let stop: (() => void) | undefined
  if (others.length > 0) {
    const workers = pool()
    remote = workers.compute(await local.weights(), others)
    // A cancel stops the threads mid-share (the run resumes from its last checkpoint anyway).
    stop = () => void workers.close()
    signal?.addEventListener('abort', stop, { once: true })
  }
  const [own, rest] = await Promise.allSettled([local.run(first, signal), remote])
  if (stop !== undefined) signal?.removeEventListener('abort', stop)
  if (own.status === 'rejected') throw own.reason
  if (rest.status === 'rejected') throw rest.reason
  return [own.value, ...rest.value]
}
