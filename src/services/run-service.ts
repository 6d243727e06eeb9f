/**
 * What a user can do with experiments: create a run from a config, execute or resume it (in the
 * calling process: the CLI, or a trainer process the app spawns), list runs, read one. Composes
 * the store (runs-repo), the window loader and the host-neutral runner in src/training/.
 */
import os from 'node:os'
import type { RunEvent, RunSummary } from '../contracts/runs.js'
import { CancelledError, InputError, throwIfCancelled } from '../common/input-error.js'
import { selectBackend, type BackendChoice } from '../model/backend.js'
import { findDatasetByName } from '../store/datasets-repo.js'
import * as runs from '../store/runs-repo.js'
import type { Store } from '../store/store.js'
import { planExperiment, planSize, runExperiment, type RunRecorder } from '../training/experiment-runner.js'
import { estimateItems, type EstimateItem } from '../training/estimate.js'
import { ProgressClock } from '../training/progress-clock.js'
import { samplesPerPass } from '../training/passes.js'
import { startShards, type Shards } from '../jobs/shards.js'
import { appVersion } from './app-version.js'
import { defaultCalibrationFile } from './calibration-cache.js'
import { activeCalibration, cachedCalibrationHost, datasetSizes, endToEndWorkersFor, pretextWorkersFor, runCores, runProcesses } from './estimate-service.js'
import { checkDatasetsFit, type DatasetLabelFacts } from './dataset-fit.js'
import { loadExperimentData } from './experiment-data.js'
import { parseExperimentConfig, processAlive } from './run-listing.js'
import type { ExperimentDataset, ExperimentPlan } from '../training/experiment-plan.js'
import { TRAINING_PROCESS_BYTES } from '../model/parallel.js'
import { planMemoryBytes } from '../training/plan-memory.js'
import { term } from '../common/wording.js'

export { listRunSummaries, parseExperimentConfig, processAlive } from './run-listing.js'
export { defaultProcesses } from './estimate-service.js'

/**
 * Creates a queued run after checking that its datasets exist and that its plan can give
 * meaningful results (training/plan-checks.ts); returns its id. What may make its results less
 * telling is passed to `warn`, a sentence each (with terms for the host to speak).
 */
export function createRunFromConfig(store: Store, input: unknown, warn: (sentence: string) => void = () => undefined): number {
  const config = parseExperimentConfig(input)
  const facts = new Map<string, DatasetLabelFacts>()
  for (const d of config.datasets) {
    const row = findDatasetByName(store.db, d.name)
    if (row === undefined) throw new InputError(`There is no dataset named "${d.name}" in the store; import it first or fix the config's datasets.`)
    facts.set(d.name, { labelNames: JSON.parse(row.label_names_json) as string[], labelRanges: JSON.parse(row.label_ranges_json) as DatasetLabelFacts['labelRanges'] })
  }
  checkDatasetsFit(config, (name) => facts.get(name)!)
  // Lay the plan out once from the labels alone (no samples): folds, label fractions and the
  // pretext models' windows, so a plan that cannot run is refused before anything is stored.
  // The datasets' content hashes come with the windows, read where executeRun reads them.
  const { datasets, hashes } = loadExperimentData(store.db, config, { samples: false })
  const plan = planExperiment(config, datasets)
  checkPlanMemory(plan, datasets, os.freemem())
  for (const w of plan.warnings) warn(w)
  const pretextModels = plan.variants.map((v) => ({
    model: v.name,
    variant: v.variant,
    windows: v.windows,
    datasets: config.datasets.map((d, i) => ({ name: d.name, windows: v.rows[i]?.length ?? 0 })).filter((d) => d.windows > 0),
  }))
  return runs.createRun(store.db, { config, appVersion: appVersion(), datasetHashes: hashes, pretextModels })
}

/**
 * Refuses a plan whose pretext models and embeddings would not fit in free memory beside one
 * training worker ({@link TRAINING_PROCESS_BYTES}), in one sentence naming what to change.
 */
export function checkPlanMemory(plan: ExperimentPlan, datasets: readonly ExperimentDataset[], freeBytes: number): void {
  const need = planMemoryBytes(plan, datasets) + TRAINING_PROCESS_BYTES
  if (need <= freeBytes) return
  const gb = (b: number): string => (b / 1024 ** 3).toFixed(1)
  throw new InputError(`This plan keeps ${plan.variants.length} pretext models and their embeddings in memory (${gb(need)} GB with one training worker) but this machine has ${gb(freeBytes)} GB free; use fewer folds or label tasks, or the shared pretext scope.`)
}

/** Options of {@link executeRun}. */
export interface ExecuteOptions {
  readonly signal?: AbortSignal
  readonly onEvent?: (event: RunEvent) => void
  /** Overrides the config's backend (`--backend`). */
  readonly backend?: BackendChoice
  /** Minimum milliseconds between progress events (others are dropped; milestones always pass). */
  readonly throttleMs?: number
  /** Processes to share the run (default: see defaultProcesses in estimate-service.ts). */
  readonly processes?: number
  /**
   * Where the backend calibration for the ETA is cached (default: the user-data folder); null:
   * no calibration, the ETA follows the pace of the units.
   */
  readonly calibrationFile?: string | null
}

/**
 * Executes a queued run, or resumes an interrupted, failed or cancelled one from its last stored
 * epoch and folds. Ends in state done; on Ctrl-C / cancel in interrupted; on an error in failed
 * with the sentence. Refuses a run another live process is executing and a run whose datasets
 * changed since it started (its results would mix two datasets). The end-to-end folds run in
 * helper processes (shards) beside this one while it trains the pretext models.
 */
export async function executeRun(store: Store, runId: number, options: ExecuteOptions = {}): Promise<RunSummary> {
  const db = store.db
  runs.markInterruptedRuns(db, processAlive)
  const run = runs.getRun(db, runId)
  if (run === undefined) throw new InputError(`There is no run ${runId}; ${term('list-runs')}.`)
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
  const calibrationFile = options.calibrationFile === undefined ? defaultCalibrationFile() : options.calibrationFile
  const selection = await selectBackend(override !== undefined ? { override } : calibrationFile === null ? {} : { host: cachedCalibrationHost(calibrationFile) })
  runs.claimRun(db, runId, process.pid, selection.backend, selection.device)
  const emit = options.onEvent ?? (() => undefined)
  emit({ type: 'state', runId, state: 'running', error: null })

  const plan = planExperiment(config, datasets)
  const total = planSize(config, plan)
  const stored = (): number => runs.countStoredUnits(db, runId, config.pretext.epochs)
  // The units planned are known from here on: a run stopped early reads "0 of 34", not "–".
  runs.setRunProgress(db, runId, { done: stored(), total, phase: '' })
  const requestedCores = options.processes ?? config.processes
  const budget = runCores(selection.backend, requestedCores)
  const processes = runProcesses(plan, selection.backend, requestedCores)
  const cores = os.availableParallelism()
  let items: EstimateItem[] | undefined
  // Linked before anything slow: a cancel that arrives while the machine's speed is measured must
  // stop the run too (an AbortSignal that has already fired never calls a listener added later).
  const controller = new AbortController()
  const abort = (): void => controller.abort()
  if (options.signal?.aborted === true) controller.abort()
  else options.signal?.addEventListener('abort', abort, { once: true })
  if (calibrationFile !== null && !controller.signal.aborted) {
    // Before the helpers start, so the measurement has the machine to itself.
    emit({ type: 'progress', runId, phase: 'calibration', message: 'measuring this machine\'s speed…', done: stored(), total, etaSeconds: null })
    try {
      const { calibration } = await untilAborted(activeCalibration(selection.backend, selection.device, samplesPerPass(selection.tfBackend), calibrationFile, config.backend), controller.signal)
      const doneEpochs = new Map(plan.variants.map((v) => [v.name, runs.latestCheckpoint(db, runId, v.name)?.epochs ?? 0]))
      items = estimateItems(config, plan, datasetSizes(datasets), calibration, {
        processes, pretextWorkers: pretextWorkersFor(selection.backend, requestedCores), endToEndWorkers: endToEndWorkersFor(plan, selection.backend, requestedCores), cores, doneEpochs, doneUnits: new Set(runs.listFolds(db, runId).keys()),
      })
    } catch {
      // The ETA then follows the pace of the units; the run itself does not depend on it.
      items = undefined
    }
  }
  const clock = new ProgressClock(total, stored(), items === undefined ? {} : { items, cores })
  /** Share done of shard 0's current pretext epoch, as its trainer last reported it. */
  let partial = 0
  const seenFolds = new Set(runs.listFolds(db, runId).keys())
  const announceNewFolds = (): void => {
    for (const [key, fold] of runs.listFolds(db, runId)) {
      if (seenFolds.has(key)) continue
      seenFolds.add(key)
      clock.itemDone(key)
      emit({ type: 'fold', runId, fold })
    }
  }
  const throttle = options.throttleMs ?? 200
  let lastProgress = 0
  const recorder: RunRecorder = {
    latestCheckpoint: (variant) => runs.latestCheckpoint(db, runId, variant),
    completedUnits: () => new Set(runs.listFolds(db, runId).keys()),
    epochDone: (metrics, checkpoint) => {
      runs.saveEpoch(db, runId, metrics, checkpoint, { done: stored() + 1, total, phase: `pretext ${metrics.variant}` })
      clock.itemDone(`epoch|${metrics.variant}|${metrics.epoch}`)
      partial = 0
      emit({ type: 'epoch', runId, epoch: metrics })
    },
    foldDone: (key, result) => {
      runs.saveFold(db, runId, key, result, { done: stored() + 1, total, phase: 'evaluation' })
      clock.itemDone(key)
      partial = 0
      announceNewFolds()
    },
    progress: (p) => {
      partial = p.partial
      const now = Date.now()
      if (now - lastProgress < throttle) return
      lastProgress = now
      clock.done = stored()
      const status = clock.status(partial)
      runs.setRunProgress(db, runId, { done: clock.done, total, phase: p.phase })
      emit({ type: 'progress', runId, phase: p.phase, message: p.message, ...status })
    },
  }
  const endToEndWorkers = endToEndWorkersFor(plan, selection.backend, requestedCores)
  // A run cancelled while its speed was measured starts no helper: it stops here, interrupted.
  const shards = controller.signal.aborted ? noShards : startShards(store.path, runId, processes, selection.backend, controller, endToEndWorkers)
  const ticker = setInterval(() => {
    announceNewFolds()
    recorder.progress({ phase: 'evaluation', message: `${seenFolds.size} of ${plan.units.length} folds done`, partial })
  }, 1000)
  try {
    throwIfCancelled(controller.signal)
    // The run's cores are shared: each pretext step takes those its busy helpers leave free.
    const dataParallel = { backend: selection.backend, workers: () => Math.max(1, budget - shards.busy()), endToEndWorkers: () => endToEndWorkers }
    await runExperiment(config, datasets, plan, recorder, { signal: controller.signal, shard: { index: 0, count: processes }, dataParallel })
    await shards.finished()
    announceNewFolds()
    const missing = plan.units.filter((u) => !seenFolds.has(u.key)).length
    if (missing > 0) throw new Error(`${missing} folds were not evaluated (a helper process stopped early); resume the run to finish them.`)
    runs.setRunState(db, runId, 'done')
    emit({ type: 'state', runId, state: 'done', error: null })
  } catch (err) {
    controller.abort()
    await shards.finished().catch(() => undefined)
    const shardError = shards.error()
    const cancelled = err instanceof CancelledError && shardError === undefined
    // Stored with its terms: `ecg-ssl runs` and the app each show it in their own words.
    const message = cancelled ? null : shardError ?? (err instanceof InputError ? err.text : err instanceof Error ? err.message : String(err))
    const state = cancelled ? 'interrupted' : 'failed'
    runs.setRunState(db, runId, state, message)
    emit({ type: 'state', runId, state, error: message })
    throw cancelled || shardError === undefined ? err : new Error(shardError)
  } finally {
    clearInterval(ticker)
    options.signal?.removeEventListener('abort', abort)
  }
  return runs.listRuns(db).find((r) => r.id === runId)!
}

/** The helpers of a run that starts none (it was cancelled before they started). */
const noShards: Shards = { finished: () => Promise.resolve(), error: () => undefined, busy: () => 0 }

/**
 * Settles as `work` does, or rejects with a CancelledError as soon as `signal` aborts (the work
 * itself goes on until its process exits: it only measures, and its result is no longer wanted).
 */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new CancelledError())
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CancelledError())
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/**
 * The work of one helper process of a run (shard > 0): its end-to-end folds, stored as they
 * finish. It never trains a pretext model; it waits for shard 0's checkpoints when it needs them.
 */
export async function executeShard(
  store: Store, runId: number, shard: { index: number; count: number }, backend: BackendChoice, signal: AbortSignal, onBusy: (busy: boolean) => void = () => undefined,
  endToEndWorkers = 1,
): Promise<void> {
  const run = runs.getRun(store.db, runId)
  if (run === undefined) throw new InputError(`There is no run ${runId}.`)
  const { datasets } = loadExperimentData(store.db, run.config)
  const plan = planExperiment(run.config, datasets)
  await selectBackend({ override: backend })
  const recorder: RunRecorder = {
    latestCheckpoint: (variant) => runs.latestCheckpoint(store.db, runId, variant),
    completedUnits: () => new Set(runs.listFolds(store.db, runId).keys()),
    epochDone: () => {
      throw new Error('a helper process of a run does not train pretext models')
    },
    foldDone: (key, result) => runs.saveFold(store.db, runId, key, result),
    // Waiting for a pretext model, this helper lends its core to the run's pretext workers.
    progress: (p) => onBusy(p.phase !== 'waiting'),
  }
  await runExperiment(run.config, datasets, plan, recorder, { signal, shard, dataParallel: { backend, workers: () => 1, endToEndWorkers: () => endToEndWorkers } })
}
