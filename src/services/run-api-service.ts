/**
 * The experiment calls of the API: runs listed, read, created and queued, cancelled, deleted and
 * exported; "try with demo data". The training itself happens in the queue's trainer processes.
 */
import type { RunCreated, RunExport, RunQueueState, DemoStarted } from '../contracts/run-api.js'
import type { RunDetail } from '../contracts/runs.js'
import { InputError } from '../common/input-error.js'
import type { JobHost } from '../jobs/job-host.js'
import type { RunQueue } from '../jobs/run-queue.js'
import { findDatasetByName } from '../store/datasets-repo.js'
import { deleteRun } from '../store/runs-repo.js'
import type { Store } from '../store/store.js'
import { demoConfig, unlabeledDemoName } from './demo-service.js'
import { loadRunDetail } from './run-detail.js'
import { renderRunExport } from './run-report.js'
import { createRunFromConfig, listRunSummaries } from './run-service.js'

export { listRunSummaries }

/** A run's full record, or one sentence when there is none. */
export function runDetail(store: Store, id: number): RunDetail {
  listRunSummaries(store.db) // marks runs whose process died as interrupted first
  const run = loadRunDetail(store.db, id)
  if (run === undefined) throw new InputError(`There is no run ${id}; it may have been deleted.`)
  return run
}

/** Creates a run from a config and queues it unless asked not to. */
export function createAndQueue(store: Store, queue: RunQueue, config: unknown, start: boolean): RunCreated {
  const runId = createRunFromConfig(store, config)
  if (start) queue.enqueue(runId)
  return { runId, queued: start }
}

/** Queues a run to start or resume; refuses finished ones. */
export function queueRun(store: Store, queue: RunQueue, id: number): RunQueueState {
  const run = runDetail(store, id)
  if (run.state === 'done') throw new InputError(`Run ${id} is already complete; duplicate it to train again.`)
  queue.enqueue(id)
  return queue.state()
}

/** Deletes a run that is not running or queued. */
export function deleteRunChecked(store: Store, queue: RunQueue, id: number): { deleted: boolean } {
  const state = queue.state()
  if (state.running === id || state.queued.includes(id)) throw new InputError(`Run ${id} is running or queued; cancel it before deleting it.`)
  return { deleted: deleteRun(store.db, id) }
}

/** The run's results as CSV, LaTeX or the self-contained HTML report (run-report.ts, as `ecg-ssl report` writes them). */
export function exportRun(store: Store, id: number, format: 'csv' | 'latex' | 'html'): RunExport {
  return renderRunExport(store, runDetail(store, id), format)
}

/**
 * Starts importing the demo's datasets (the labelled set `name` and its unlabelled recordings)
 * unless both exist already.
 */
export function startDemo(store: Store, jobs: JobHost, name: string, seed: number): DemoStarted {
  if (findDatasetByName(store.db, name) !== undefined && findDatasetByName(store.db, unlabeledDemoName(name)) !== undefined) return { dataset: name, jobId: null }
  return { dataset: name, jobId: jobs.startDemo(name, seed).jobId }
}

/** "Try with demo data → run": creates and queues the demo run (the same as `ecg-ssl demo`'s) on the imported demo datasets. */
export function runDemo(store: Store, queue: RunQueue, name: string, seed: number): RunCreated {
  for (const n of [name, unlabeledDemoName(name)]) {
    if (findDatasetByName(store.db, n) === undefined) throw new InputError(`The demo dataset "${n}" is not imported yet; press "Try with demo data" first.`)
  }
  return createAndQueue(store, queue, demoConfig(name, seed), true)
}
