/**
 * Helper processes of one run: shard 1 … n-1 of runExperiment, each a child process with its own
 * tfjs backend (WebAssembly computes on one thread, so n processes use n cores). They write their
 * folds to the store themselves; the run's own process waits for them before it calls the run
 * done. A failing shard stops the others and the run with its sentence.
 */
import type { ChildProcess } from 'node:child_process'
import { z } from 'zod'
import { BACKEND_CHOICES, type BackendChoice } from '../contracts/backend-names.js'
import { locateWorker } from '../training/compiled-entry.js'
import { spawnWorker } from './spawn-worker.js'

export const SHARD_WORKER_FILE = new URL('./shard-worker.js', import.meta.url)

export const ShardCommand = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('shard'), runId: z.number().int(), dbPath: z.string(), index: z.number().int(), count: z.number().int(), backend: z.enum(BACKEND_CHOICES),
    /** Data-parallel workers of each of its end-to-end steps: the cores it may keep busy. */
    workers: z.number().int().min(1).default(1),
  }),
  z.object({ type: z.literal('cancel') }),
])
export type ShardCommand = z.infer<typeof ShardCommand>

export const ShardReport = z.discriminatedUnion('type', [
  z.object({ type: z.literal('shard-done'), index: z.number().int() }),
  /** Whether the helper computes (true) or waits for a pretext model (false). */
  z.object({ type: z.literal('shard-busy'), index: z.number().int(), busy: z.boolean() }),
  z.object({ type: z.literal('shard-failed'), index: z.number().int(), message: z.string(), cancelled: z.boolean() }),
])
export type ShardReport = z.infer<typeof ShardReport>

/** How long a cancelled helper may take to stop by itself before it is killed. */
export const SHARD_CANCEL_GRACE_MS = 2000

/** The running helpers of a run. */
export interface Shards {
  /** Resolves when every helper has exited. */
  finished(): Promise<void>
  /** The first helper failure's sentence, if any. */
  error(): string | undefined
  /** Cores held by the helpers computing now (not waiting, not finished). */
  busy(): number
}

/** The compiled worker file (see locateWorker). */
export function shardWorkerFile(url: URL = SHARD_WORKER_FILE): string {
  return locateWorker(url)
}

export function startShards(dbPath: string, runId: number, count: number, backend: BackendChoice, controller: AbortController, workers = 1, workerFile = shardWorkerFile()): Shards {
  let firstError: string | undefined
  const children: ChildProcess[] = []
  const exits: Promise<void>[] = []
  // A helper computes from its start (baselines need no pretext model) until it says otherwise.
  const busy = new Set<number>()
  for (let index = 1; index < count; index++) {
    const child = spawnWorker(workerFile)
    children.push(child)
    busy.add(index)
    let reported = false
    child.on('message', (raw) => {
      const report = ShardReport.safeParse(raw)
      if (!report.success) return
      if (report.data.type === 'shard-busy') {
        if (report.data.busy) busy.add(index)
        else busy.delete(index)
        return
      }
      reported = true
      busy.delete(index)
      if (report.data.type === 'shard-failed' && !report.data.cancelled) {
        firstError ??= report.data.message
        controller.abort()
      }
    })
    exits.push(new Promise((resolve) => child.on('exit', (code) => {
      busy.delete(index)
      if (!reported && !controller.signal.aborted) {
        firstError ??= `A helper process of the run stopped unexpectedly (exit code ${code ?? 'none'}); resume the run to finish its folds.`
        controller.abort()
      }
      resolve()
    })))
    child.send({ type: 'shard', runId, dbPath, index, count, backend, workers } satisfies ShardCommand)
  }
  const cancelAll = (): void => {
    for (const c of children) if (c.connected) c.send({ type: 'cancel' } satisfies ShardCommand)
    // A helper hears the cancel between its passes; one inside a long computation is stopped
    // outright after a short grace, so a cancelled run is interrupted within seconds. What it
    // stored is complete (each fold is one transaction) and a resume recomputes the rest.
    const grace = setTimeout(() => {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    }, SHARD_CANCEL_GRACE_MS)
    grace.unref()
  }
  controller.signal.addEventListener('abort', cancelAll, { once: true })
  return {
    finished: async () => {
      await Promise.all(exits)
    },
    error: () => firstError,
    busy: () => busy.size * workers,
  }
}
