/**
 * How long a run will take on this machine (issue 8): the calibration of the backend the run will
 * use (cached, or measured here in a few seconds), the run's plan read from the store without the
 * signal samples, and the pure estimate of training/estimate.ts. Used by `ecg-ssl run --estimate`,
 * by the trainer process for the ETA, and (through estimate-host.ts, which measures in a child
 * process) by the interface.
 */
import os from 'node:os'
import type { RunEstimate } from '../contracts/estimate.js'
import type { BackendName, ExperimentConfig } from '../contracts/runs.js'
import type { BackendChoice } from '../model/backend-choices.js'
import type { BackendHost } from '../model/backend.js'
import { calibrateBackend, machineKey, type BackendCalibration } from '../model/calibration.js'
import { dataParallelWorkers } from '../model/parallel.js'
import type { Store } from '../store/store.js'
import { estimateRun, type DatasetSize, type EstimateOptions } from '../training/estimate.js'
import { planExperiment, type ExperimentDataset, type ExperimentPlan } from '../training/experiment-plan.js'
import { appVersion } from './app-version.js'
import { readAutoBackend, readCalibration, writeAutoBackend, writeCalibration } from './calibration-cache.js'
import { loadExperimentData } from './experiment-data.js'

/** A calibration and where it came from. */
export interface CalibrationResult {
  readonly calibration: BackendCalibration
  readonly cached: boolean
}

/**
 * The cores a run keeps busy (`requested`, else what the machine offers: one per core as far as
 * free memory allows for the single-threaded backends, one for tfjs-node and the GPU backends).
 * The run's data-parallel pretext workers and its helper processes for folds share them.
 */
export function runCores(backend: BackendChoice, requested?: number, cores = os.availableParallelism()): number {
  return Math.max(1, requested ?? dataParallelWorkers({ backend, cpus: cores }).processes)
}

/** The workers that share each pretext step while no helper is busy: the run's cores. */
export function pretextWorkersFor(backend: BackendChoice, requested?: number): number {
  return runCores(backend, requested)
}

/** How many processes share a run by default (see {@link runCores}). */
export function defaultProcesses(backend: BackendChoice, cores = os.availableParallelism()): number {
  return runCores(backend, undefined, cores)
}

/**
 * The processes a run of `plan` uses: the run's own (pretext, frozen-encoder transfer) and one
 * helper per end-to-end fold that the other cores can take at once; one process alone when it
 * has no end-to-end folds or a single core.
 */
export function runProcesses(plan: ExperimentPlan, backend: BackendChoice, requested?: number): number {
  const endToEnd = plan.units.filter((u) => u.method !== 'transfer').length
  if (endToEnd === 0) return 1
  return 1 + Math.min(runCores(backend, requested) - 1, endToEnd)
}

/**
 * The data-parallel workers of each end-to-end step: the cores left to each helper (all of the
 * run's cores where the run's own process does its end-to-end folds itself).
 */
export function endToEndWorkersFor(plan: ExperimentPlan, backend: BackendChoice, requested?: number): number {
  const cores = runCores(backend, requested)
  const helpers = runProcesses(plan, backend, requested) - 1
  return helpers === 0 ? cores : Math.max(1, Math.floor((cores - 1) / helpers))
}

/**
 * The calibration of the active backend (`backend`, as selectBackend chose it): the cached one if
 * fresh, else measured now and cached. `samplesPerPass` is the trainer's pass size on it.
 */
export async function activeCalibration(backend: BackendChoice, device: string, samplesPerPass: number, file: string, requested?: BackendName): Promise<CalibrationResult> {
  const version = appVersion()
  if (requested === 'auto') writeAutoBackend(file, version, backend, device)
  const cached = readCalibration(file, { backend, appVersion: version })
  if (cached !== undefined) return { calibration: cached, cached: true }
  const calibration = await calibrateBackend(backend, { appVersion: version, device, passSize: samplesPerPass, machine: machineKey() })
  writeCalibration(file, calibration)
  return { calibration, cached: false }
}

/**
 * The part of the backend host that times a candidate backend through the calibration cache, so
 * that "auto"'s choice between a hardware GPU and native TensorFlow on the CPU (issue 8 §2) is
 * measured once per machine, backend and app version and then reused by every run and estimate.
 */
export function cachedCalibrationHost(file: string): Pick<BackendHost, 'calibrate'> {
  return {
    calibrate: async (choice, active) => {
      // loaded on use, as selectAndCalibrate does
      const { samplesPerPass } = await import('../training/passes.js')
      return (await activeCalibration(choice, active.device, samplesPerPass(active.tfBackend), file)).calibration
    },
  }
}

/**
 * Selects the backend `requested` names (the config's, or "auto"), then returns its calibration
 * (see {@link activeCalibration}). Loads tfjs: for the CLI, the trainer and the calibration child
 * process, never the interface's process.
 */
export async function selectAndCalibrate(requested: BackendName, file: string): Promise<CalibrationResult> {
  const [{ selectBackend }, { samplesPerPass }] = await Promise.all([import('../model/backend.js'), import('../training/passes.js')])
  const selection = await selectBackend(requested === 'auto' ? { host: cachedCalibrationHost(file) } : { override: requested })
  return activeCalibration(selection.backend, selection.device, samplesPerPass(selection.tfBackend), file, requested)
}

/** The cached calibration for what `requested` resolves to here, without loading tfjs. */
export function cachedCalibration(requested: BackendName, file: string): BackendCalibration | undefined {
  const version = appVersion()
  const backend = requested === 'auto' ? readAutoBackend(file, version)?.backend : requested
  return backend === undefined ? undefined : readCalibration(file, { backend, appVersion: version })
}

/** Sizes of the datasets as the estimate needs them. */
export function datasetSizes(datasets: readonly ExperimentDataset[]): DatasetSize[] {
  return datasets.map((d) => ({ rows: d.keys.length, length: d.length }))
}

/** A config's plan and the sizes of its datasets, as an estimate needs them. */
export interface PlannedRun {
  readonly plan: ExperimentPlan
  readonly sizes: DatasetSize[]
}

/** Plans a config against the store (windows' labels only, no samples). */
export function planFromStore(store: Store, config: ExperimentConfig): PlannedRun {
  const { datasets } = loadExperimentData(store.db, config, { samples: false })
  return { plan: planExperiment(config, datasets), sizes: datasetSizes(datasets) }
}

/** Options of {@link estimateConfig}; the machine's values by default. */
export interface EstimateConfigOptions {
  readonly processes?: number
  readonly cores?: number
}

/**
 * The estimate of a new run of `config`, in the contract's shape, from its plan as the caller laid
 * it out ({@link planFromStore}, done first so a config naming a missing dataset fails before the
 * machine's speed is measured): the plan is built once per estimate.
 */
export function estimateConfig(config: ExperimentConfig, { plan, sizes }: PlannedRun, result: CalibrationResult, options: EstimateConfigOptions = {}): RunEstimate {
  const cal = result.calibration
  const cores = options.cores ?? os.availableParallelism()
  const requested = options.processes ?? config.processes
  const runOptions: EstimateOptions = {
    processes: runProcesses(plan, cal.backend, requested),
    pretextWorkers: pretextWorkersFor(cal.backend, requested),
    endToEndWorkers: endToEndWorkersFor(plan, cal.backend, requested),
    cores,
  }
  const est = estimateRun(config, plan, sizes, cal, runOptions)
  return {
    seconds: est.seconds,
    backend: cal.backend,
    device: cal.device,
    processes: est.processes,
    pretextWorkers: est.pretextWorkers,
    units: est.units,
    calibration: result.cached ? 'cached' : 'measured',
    measuredAt: cal.measuredAt,
  }
}
