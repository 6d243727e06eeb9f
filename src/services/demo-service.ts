/**
 * "Try with demo data": generates the synthetic affect dataset (src/demo/), imports it through
 * the ordinary import path, and creates a run of the quick preset on it. The generator's options
 * are written to a small spec file that is the dataset's source, so its content hash (and the
 * "already imported" check) follows the seed and sizes like a real dataset's files.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { ImportReport } from '../contracts/import.js'
import { presetConfig, type PresetName } from '../contracts/presets.js'
import { buildDemoScan, demoDefaults, type DemoOptions } from '../demo/demo-dataset.js'
import { findDatasetByName } from '../store/datasets-repo.js'
import type { Store } from '../store/store.js'
import { appVersion } from './app-version.js'
import { importDataset, type ImportOptions } from './import-service.js'
import { createRunFromConfig } from './run-service.js'

/** The demo dataset's default name in the store. */
export { DEMO_DATASET } from '../demo/demo-name.js'

/** Writes the generator spec next to the store; returns its path. */
export function writeDemoSpec(store: Store, options: Required<DemoOptions>): string {
  const dir = path.join(path.dirname(path.resolve(store.path)), 'demo-data')
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `demo-seed${options.seed}-${options.subjects}x${options.trialsPerSubject}x${options.trialSeconds}s.json`)
  const spec = { generator: 'ECG SSL Workbench synthetic affect ECG (src/demo)', appVersion: appVersion(), options }
  const tmp = `${file}.tmp-${process.pid}`
  fs.writeFileSync(tmp, JSON.stringify(spec, null, 2) + '\n')
  fs.renameSync(tmp, file)
  return file
}

/**
 * Imports the demo dataset under `name` unless a dataset of that name already exists (then it
 * is reused as it is). Returns the import report, or undefined when reused.
 */
export async function ensureDemoDataset(store: Store, name: string, options: DemoOptions = {}, importOptions: ImportOptions = {}): Promise<ImportReport | undefined> {
  if (findDatasetByName(store.db, name) !== undefined) return undefined
  const resolved = demoDefaults(options)
  const spec = writeDemoSpec(store, resolved)
  const scan = { ...buildDemoScan(resolved), sourceFiles: [spec] }
  return importDataset(store, { kind: 'csv', path: spec, name }, { ...importOptions, adapters: { csv: () => Promise.resolve(scan) } })
}

/** Creates (queues) a run of `preset` on the demo dataset's arousal and valence; returns its id. */
export function createDemoRun(store: Store, name: string, preset: PresetName = 'quick', seed?: number): number {
  const config = presetConfig(preset, `Demo: ${preset} preset on synthetic ECG`, [
    { name, tasks: [{ label: 'arousal', binarisation: 'midpoint' }, { label: 'valence', binarisation: 'midpoint' }] },
  ])
  if (seed !== undefined) config.seed = seed
  return createRunFromConfig(store, config)
}
