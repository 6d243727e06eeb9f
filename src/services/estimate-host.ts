/**
 * The `runs:estimate` call of the interface: an estimate from the cached calibration at once, or,
 * when this machine's speed for that backend is not known yet (or stale), a calibration started
 * in a child process (calibration-worker.ts) and "measuring" as the answer until it has finished;
 * the interface asks again. The process serving the interface never loads tfjs nor measures.
 */
import type { RunEstimateReply } from '../contracts/estimate.js'
import type { BackendName } from '../contracts/runs.js'
import { InputError } from '../common/input-error.js'
import { locateWorker } from '../training/compiled-entry.js'
import { spawnWorker } from '../jobs/spawn-worker.js'
import type { Store } from '../store/store.js'
import { defaultCalibrationFile } from './calibration-cache.js'
import { cachedCalibration, estimateConfig, planFromStore } from './estimate-service.js'
import { parseExperimentConfig } from './run-listing.js'

export const CALIBRATION_WORKER_FILE = new URL('../jobs/calibration-worker.js', import.meta.url)

/** Measures `backend` in some other process and caches it in `file`; resolves when done. */
export type CalibrateElsewhere = (backend: BackendName, file: string) => Promise<void>

/** Forks calibration-worker.js (as plain Node inside Electron, like a run's helpers). */
export const forkCalibration: CalibrateElsewhere = (backend, file) =>
  new Promise((resolve, reject) => {
    const child = spawnWorker(locateWorker(CALIBRATION_WORKER_FILE))
    let failure: string | undefined
    child.on('message', (m: { type?: string; message?: string }) => {
      if (m.type === 'failed') failure = m.message
    })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 && failure === undefined ? resolve() : reject(new Error(failure ?? `the calibration process stopped (exit code ${code ?? 'none'})`))))
    child.send({ type: 'calibrate', backend, file })
  })

export interface EstimateHost {
  estimate(store: Store, config: unknown): RunEstimateReply
}

/** The estimate calls of one app; calibrations in flight are shared by repeated calls. */
export function createEstimateHost(options: { file?: string; calibrate?: CalibrateElsewhere } = {}): EstimateHost {
  const file = options.file ?? defaultCalibrationFile()
  const calibrate = options.calibrate ?? forkCalibration
  const inFlight = new Set<BackendName>()
  const failed = new Map<BackendName, string>()
  return {
    estimate(store, input) {
      const config = parseExperimentConfig(input)
      // Planned first: a config naming a missing dataset is refused before anything is measured.
      const planned = planFromStore(store, config)
      // Said only when there is something to say (training/plan-checks.ts).
      const warnings = planned.plan.warnings.length > 0 ? { warnings: [...planned.plan.warnings] } : {}
      const cached = cachedCalibration(config.backend, file)
      if (cached !== undefined) return { status: 'ready', estimate: estimateConfig(config, planned, { calibration: cached, cached: true }), ...warnings }
      const error = failed.get(config.backend)
      if (error !== undefined) {
        // said once; the next call tries again
        failed.delete(config.backend)
        throw new InputError(`This machine's speed could not be measured for the ${config.backend} backend (${error}), so there is no time estimate.`)
      }
      if (!inFlight.has(config.backend)) {
        inFlight.add(config.backend)
        calibrate(config.backend, file)
          .catch((e: unknown) => failed.set(config.backend, (e as Error).message))
          .finally(() => inFlight.delete(config.backend))
      }
      return { status: 'measuring', ...warnings }
    },
  }
}
