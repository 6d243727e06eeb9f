/**
 * What a user can do with experiments: create a run from a config, execute or resume it (in the
 * calling process: the CLI, or a trainer process the app spawns), list runs, read one. Composes
 * the store (runs-repo), the window loader and the host-neutral runner in src/training/.
 */
import type Database from 'better-sqlite3'
import { ExperimentConfig, type RunEvent, type RunSummary } from '../contracts/runs.js'
import { CancelledError, InputError } from '../formats/input-error.js'
import { selectBackend, type BackendChoice } from '../model/backend.js'
import * as runs from '../store/runs-repo.js'
import type { Store } from '../store/store.js'
import { runExperiment, type RunRecorder } from '../training/experiment-runner.js'
import { appVersion } from './app-version.js'
import { loadExperimentData } from './experiment-data.js'
import { parseOrInputError } from './request-validation.js'

/** Whether a process id belongs to a live process (signal 0 checks without signalling). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Validates a config (from a file, the app or a preset) with sentences naming what to fix. */
export function parseExperimentConfig(input: unknown): ExperimentConfig {
  return parseOrInputError(ExperimentConfig, input, 'experiment config')
}

/** Creates a queued run after checking that its datasets exist; returns its id. */
export function createRunFromConfig(store: Store, input: unknown): number {
  const config = parseExperimentConfig(input)
  const hashes: Record<string, string> = {}
  for (const d of config.datasets) {
    const row = store.db.prepare<[string], { content_hash: string }>('SELECT content_hash FROM datasets WHERE name = ?').get(d.name)
    if (row === undefined) throw new InputError(`There is no dataset named "${d.name}" in the store; import it first or fix the config's datasets.`)
    hashes[d.name] = row.content_hash
  }
  return runs.createRun(store.db, { config, appVersion: appVersion(), datasetHashes: hashes })
}

/** Runs listed newest first, after marking those whose process died as interrupted. */
export function listRunSummaries(db: Database.Database): RunSummary[] {
  runs.markInterruptedRuns(db, processAlive)
  return runs.listRuns(db)
}

/** Options of {@link executeRun}. */
export interface ExecuteOptions {
  readonly signal?: AbortSignal
  readonly onEvent?: (event: RunEvent) => void
  /** Overrides the config's backend (`--backend`). */
  readonly backend?: BackendChoice
  /** Minimum milliseconds between progress events (others are dropped; milestones always pass). */
  readonly throttleMs?: number
}

/**
 * Executes a queued run, or resumes an interrupted, failed or cancelled one from its last stored
 * epoch and folds. Ends in state done; on Ctrl-C / cancel in interrupted or cancelled; on an
 * error in failed with the sentence. Refuses a run another live process is executing and a run
 * whose datasets changed since it started (its results would mix two datasets).
 */
export async function executeRun(store: Store, runId: number, options: ExecuteOptions = {}): Promise<RunSummary> {
  const db = store.db
  runs.markInterruptedRuns(db, processAlive)
  const run = runs.getRun(db, runId)
  if (run === undefined) throw new InputError(`There is no run ${runId}; "ecg-ssl runs" lists them.`)
  if (run.state === 'running') throw new InputError(`Run ${runId} is already running in process ${run.ownerPid ?? '?'}; wait for it or stop that process first.`)
  if (run.state === 'done') throw new InputError(`Run ${runId} is already complete; start a new run to train again.`)
  const config = run.config
  const { datasets, hashes } = loadExperimentData(db, config)
  for (const [name, hash] of Object.entries(run.datasetHashes)) {
    if (hashes[name] !== undefined && hashes[name] !== hash) {
      throw new InputError(`The dataset "${name}" changed since run ${runId} started (it was re-imported), so the run cannot be resumed; start a new run.`)
    }
  }
  const override = options.backend ?? (config.backend === 'auto' ? undefined : config.backend)
  const selection = await selectBackend(override === undefined ? {} : { override })
  runs.claimRun(db, runId, process.pid, selection.backend, selection.device)
  const emit = options.onEvent ?? (() => undefined)
  emit({ type: 'state', runId, state: 'running', error: null })
  const throttle = options.throttleMs ?? 200
  let lastProgress = 0
  const recorder: RunRecorder = {
    latestCheckpoint: (variant) => runs.latestCheckpoint(db, runId, variant),
    completedUnits: () => new Set(runs.listFolds(db, runId).keys()),
    epochDone: (metrics, checkpoint, done, total) => {
      runs.saveEpoch(db, runId, metrics, checkpoint, { done, total, phase: `pretext ${metrics.variant}` })
      emit({ type: 'epoch', runId, epoch: metrics })
    },
    foldDone: (key, result, done, total) => {
      runs.saveFold(db, runId, key, result, { done, total, phase: 'evaluation' })
      emit({ type: 'fold', runId, fold: result })
    },
    progress: (p) => {
      const now = Date.now()
      if (now - lastProgress < throttle) return
      lastProgress = now
      emit({ type: 'progress', runId, ...p })
    },
  }
  try {
    await runExperiment(config, datasets, recorder, { signal: options.signal })
    runs.setRunState(db, runId, 'done')
    emit({ type: 'state', runId, state: 'done', error: null })
  } catch (err) {
    const cancelled = err instanceof CancelledError
    const message = cancelled ? null : err instanceof Error ? err.message : String(err)
    const state = cancelled ? 'interrupted' : 'failed'
    runs.setRunState(db, runId, state, message)
    emit({ type: 'state', runId, state, error: message })
    throw err
  }
  return runs.listRuns(db).find((r) => r.id === runId)!
}
