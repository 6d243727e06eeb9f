/**
 * The backend calibrations (model/calibration.ts) kept as JSON in the user-data folder, one per
 * machine, backend and app version: a run's estimate and its ETA reuse them; one older than
 * {@link CALIBRATION_MAX_AGE_DAYS}, from another machine or app version, or of an older format is
 * stale and measured again. The file also remembers which backend "auto" chose here, so the
 * interface can estimate without loading tfjs.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { BackendChoice } from '../model/backend-choices.js'
import { CALIBRATION_FORMAT, machineKey, type BackendCalibration } from '../model/calibration.js'
import { userDataDir } from './app-paths.js'

export const CALIBRATION_FILE_NAME = 'calibration.json'
export const CALIBRATION_MAX_AGE_DAYS = 30

/** Where calibrations are cached by default: `<userData>/calibration.json`. */
export function defaultCalibrationFile(): string {
  return path.join(userDataDir(), CALIBRATION_FILE_NAME)
}

/** What the file holds. */
interface CacheFile {
  calibrations: BackendCalibration[]
  /** The backend "auto" chose, per machine and app version. */
  auto: { machine: string; appVersion: string; backend: BackendChoice; device: string }[]
}

/** The identity a calibration must match to be reused. */
export interface CalibrationKey {
  readonly backend: BackendChoice
  readonly appVersion: string
  readonly machine?: string
}

function readFile(file: string): CacheFile {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<CacheFile>
    return { calibrations: Array.isArray(parsed.calibrations) ? parsed.calibrations : [], auto: Array.isArray(parsed.auto) ? parsed.auto : [] }
  } catch {
    // absent or damaged: nothing cached
    return { calibrations: [], auto: [] }
  }
}

function writeFile(file: string, content: CacheFile): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  // write then rename, so a reader never sees half a file
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, JSON.stringify(content, null, 2))
  fs.renameSync(tmp, file)
}

/** Whether a calibration is fresh for `key` at `now`. */
export function isFresh(c: BackendCalibration, key: CalibrationKey, now: Date = new Date(), maxAgeDays = CALIBRATION_MAX_AGE_DAYS): boolean {
  const age = now.getTime() - Date.parse(c.measuredAt)
  return c.format === CALIBRATION_FORMAT && c.backend === key.backend && c.appVersion === key.appVersion && c.machine === (key.machine ?? machineKey()) &&
    age >= 0 && age <= maxAgeDays * 86_400_000 && c.pretextSampleSeconds > 0
}

/** The fresh cached calibration for `key`, if any. */
export function readCalibration(file: string, key: CalibrationKey, now: Date = new Date()): BackendCalibration | undefined {
  return readFile(file).calibrations.find((c) => isFresh(c, key, now))
}

/** Stores a calibration, replacing the one of the same machine and backend. */
export function writeCalibration(file: string, calibration: BackendCalibration): void {
  const content = readFile(file)
  content.calibrations = [...content.calibrations.filter((c) => !(c.machine === calibration.machine && c.backend === calibration.backend)), calibration]
  writeFile(file, content)
}

/** The backend "auto" chose on this machine with this app version, if known. */
export function readAutoBackend(file: string, appVersion: string, machine: string = machineKey()): { backend: BackendChoice; device: string } | undefined {
  const hit = readFile(file).auto.find((a) => a.machine === machine && a.appVersion === appVersion)
  return hit === undefined ? undefined : { backend: hit.backend, device: hit.device }
}

/** Remembers the backend "auto" chose. */
export function writeAutoBackend(file: string, appVersion: string, backend: BackendChoice, device: string, machine: string = machineKey()): void {
  const content = readFile(file)
  content.auto = [...content.auto.filter((a) => a.machine !== machine), { machine, appVersion, backend, device }]
  writeFile(file, content)
}
