/**
 * The one assembly of the app's services behind the interface, for Electron's main process and
 * browser mode's server alike: the job host (imports), the run queue, the API router, and the
 * events they push to the interface under one batching policy (event-batcher.ts: a job's or a
 * run's progress coalesced to its latest value, every other event at once, in order). The shells
 * differ only in how a job process is started and how a batch reaches the page.
 */
import type { EventChannel, JobEvent } from '../contracts/api.js'
import type { RunEvent } from '../contracts/runs.js'
import { createJobHost, forkJobProcess, type JobHost, type SpawnJobProcess } from '../jobs/job-host.js'
import { createRunQueue, type RunQueue } from '../jobs/run-queue.js'
import type { Store } from '../store/store.js'
import { createApiRouter, type ApiRouter } from './api-router.js'
import { createEventBatcher, type BatchedEvent } from './event-batcher.js'

/** An event for the interface, as it happens. */
export type InterfaceEvent = { readonly channel: 'jobs:event'; readonly payload: JobEvent } | { readonly channel: 'runs:event'; readonly payload: RunEvent }

export interface WiringOptions {
  readonly store: Store
  readonly dbPath: string
  /** Sends one batch of events of one channel to the interface (a window, every page). */
  readonly deliver: (channel: EventChannel, payloads: unknown[]) => void
  /** Sees every event as it happens, before batching (Electron's tray icon and keep-awake). */
  readonly observe?: (event: InterfaceEvent) => void
  /** How a job process is started: child_process.fork by default, utilityProcess in Electron. */
  readonly spawn?: SpawnJobProcess
  /** The compiled import worker; the job host's default (locateWorker) when absent. */
  readonly importWorkerFile?: string
  /** The compiled training worker; the run queue's default (locateWorker) when absent. */
  readonly runWorkerFile?: string
  /** Event batching interval in ms (event-batcher.ts's default when absent). */
  readonly eventIntervalMs?: number
}

export interface WiredServices {
  readonly jobs: JobHost
  readonly runs: RunQueue
  readonly router: ApiRouter
  /** Pushes another event to the interface under the same batching. */
  push(event: BatchedEvent): void
  /** Cancels running imports and sends what is still batched. */
  close(): void
}

/** The batching of one event: progress replaces the previous progress of the same job or run. */
export function batched(event: InterfaceEvent): BatchedEvent {
  if (event.payload.type !== 'progress') return { channel: event.channel, payload: event.payload, urgent: true }
  const key = event.channel === 'jobs:event' ? `progress:${event.payload.jobId}` : `run-progress:${event.payload.runId}`
  return { channel: event.channel, payload: event.payload, coalesceKey: key }
}

export function wireServices(options: WiringOptions): WiredServices {
  const batcher = createEventBatcher((channel, payloads) => options.deliver(channel as EventChannel, payloads), options.eventIntervalMs)
  const emit = (event: InterfaceEvent): void => {
    options.observe?.(event)
    batcher.push(batched(event))
  }
  const spawn = options.spawn ?? forkJobProcess
  const jobs = createJobHost(options.dbPath, spawn, (payload) => emit({ channel: 'jobs:event', payload }), ...(options.importWorkerFile !== undefined ? [options.importWorkerFile] : []))
  const runs = createRunQueue(options.dbPath, spawn, (payload) => emit({ channel: 'runs:event', payload }), ...(options.runWorkerFile !== undefined ? [options.runWorkerFile] : []))
  const router = createApiRouter({ store: options.store, jobs, runs })
  return {
    jobs,
    runs,
    router,
    push: (event) => batcher.push(event),
    close() {
      for (const jobId of jobs.running()) jobs.cancel(jobId)
      batcher.close()
    },
  }
}
