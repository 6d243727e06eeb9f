/**
 * "Try with demo data": generates the synthetic affect dataset (src/demo/) and a second set of
 * unlabelled recordings of other subjects, imports both through the ordinary import path, and
 * creates the demo run: the quick preset sized so that, in a few minutes on two cores, it shows
 * the paper's two claims — transfer from the self-supervised encoder well above chance, and ahead
 * of the fully supervised baseline when labels are scarce — with the encoder learning from the
 * unlabelled recordings only (a pretext-only dataset, issue 9 §1). The generator's options are
 * written to a small spec file that is each dataset's source, so its content hash (and the
 * "already imported" check) follows the seed and sizes like a real dataset's files.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { ImportReport } from '../contracts/import.js'
import { DEFAULT_SEED, presetConfig, type PresetName } from '../contracts/presets.js'
import type { ExperimentConfigInput } from '../contracts/runs.js'
import { buildDemoScan, demoDefaults, type DemoOptions } from '../demo/demo-dataset.js'
import { InputError } from '../common/input-error.js'
import { findDatasetByName } from '../store/datasets-repo.js'
import type { Store } from '../store/store.js'
import { appVersion } from './app-version.js'
import { importDataset, type ImportOptions } from './import-service.js'
import { createRunFromConfig } from './run-service.js'
import { term } from '../common/wording.js'

/** The demo dataset's default name in the store. */
export { DEMO_DATASET } from '../demo/demo-name.js'

/** The unlabelled demo recordings' name beside the labelled demo dataset `name`. */
export const unlabeledDemoName = (name: string): string => `${name}-unlabeled`

/**
 * The demo's windows are 4 s (1024 samples), not METHOD §2's 10 s: every network pass costs in
 * proportion to the window, and 4 s still hold 4–7 beats, enough for the heart rate and wave
 * amplitudes the demo's affect lives in. This is what lets the demo train a pretext model, 16
 * baselines and 16 transfer classifiers within about 8 minutes of CPU time (5 on two idle cores).
 * With 10 s windows (tried 2026-12-07: 12 + 12 subjects × 4 trials × 20 s) the same budget bought
 * too few steps: the pretext heads stayed at chance, the baseline near it (0.57 with all the
 * labels), and valence transfer fell to 0.54–0.63.
 */
export const DEMO_WINDOW_SECONDS = 4

/** Sizes of the demo's two datasets and their window length. */
export interface DemoSetup {
  /** The labelled recordings (arousal and valence). */
  readonly labelled: Omit<DemoOptions, 'seed' | 'unlabeled'>
  /** The unlabelled recordings of other subjects the encoder learns from. */
  readonly unlabeled: Omit<DemoOptions, 'seed' | 'unlabeled'>
  readonly windowSeconds: number
}

/**
 * The demo's data: 20 subjects × 4 trials (one per arousal/valence quadrant) × 8 s = 160 labelled
 * windows, and 16 other subjects × 4 trials × 8 s = 128 unlabelled windows, cut into 4 s windows.
 */
export const DEMO_SETUP: DemoSetup = {
  labelled: { subjects: 20, trialsPerSubject: 4, trialSeconds: 8 },
  unlabeled: { subjects: 16, trialsPerSubject: 4, trialSeconds: 8 },
  windowSeconds: DEMO_WINDOW_SECONDS,
}

/** Writes the generator spec next to the store; returns its path. */
export function writeDemoSpec(store: Store, options: Required<DemoOptions>, windowSeconds = 10): string {
  const dir = path.join(path.dirname(path.resolve(store.path)), 'demo-data')
  fs.mkdirSync(dir, { recursive: true })
  const kind = options.unlabeled ? '-unlabeled' : ''
  const file = path.join(dir, `demo${kind}-seed${options.seed}-${options.subjects}x${options.trialsPerSubject}x${options.trialSeconds}s-w${windowSeconds}s.json`)
  const spec = { generator: 'ECG SSL Workbench synthetic affect ECG (src/demo)', appVersion: appVersion(), options, windowSeconds }
  const tmp = `${file}.tmp-${process.pid}`
  fs.writeFileSync(tmp, JSON.stringify(spec, null, 2) + '\n')
  fs.renameSync(tmp, file)
  return file
}

/**
 * Imports the demo dataset under `name` unless a dataset of that name already exists (then it
 * is reused as it is). Returns the import report, or undefined when reused. With no sizes and no
 * preprocessing given (the app's "Try with demo data" and `ecg-ssl demo`), it imports what the
 * demo run needs: the labelled set and its unlabelled companion, with 4 s windows
 * ({@link ensureDemoDatasets}), and returns the labelled set's report.
 */
export async function ensureDemoDataset(store: Store, name: string, options: DemoOptions = {}, importOptions: ImportOptions = {}): Promise<ImportReport | undefined> {
  const custom = Object.keys(options).some((k) => k !== 'seed') || importOptions.preprocess !== undefined
  if (!custom) return (await ensureDemoDatasets(store, name, options.seed ?? DEFAULT_SEED, importOptions)).labelled
  return importDemo(store, name, options, importOptions)
}

/** Imports one demo dataset of `options` under `name` unless that name exists (then undefined). */
async function importDemo(store: Store, name: string, options: DemoOptions, importOptions: ImportOptions): Promise<ImportReport | undefined> {
  if (findDatasetByName(store.db, name) !== undefined) return undefined
  const resolved = demoDefaults(options)
  const spec = writeDemoSpec(store, resolved, importOptions.preprocess?.windowSeconds)
  const scan = { ...buildDemoScan(resolved), sourceFiles: [spec] }
  return importDataset(store, { kind: 'csv', path: spec, name }, { ...importOptions, adapters: { csv: () => Promise.resolve(scan) } })
}

/** The window length (samples) of a stored dataset, from its recorded preprocessing. */
function storedWindowSamples(store: Store, name: string): number | undefined {
  const row = findDatasetByName(store.db, name)
  if (row === undefined) return undefined
  const p = JSON.parse(row.preprocessing_json) as { windowSeconds?: number; targetFs?: number }
  return Math.round((p.windowSeconds ?? 10) * (p.targetFs ?? 256))
}

/** What {@link ensureDemoDatasets} imported: a report per dataset, undefined where reused. */
export interface DemoImports {
  readonly labelled: ImportReport | undefined
  readonly unlabeled: ImportReport | undefined
}

/**
 * Imports the demo's two datasets, `name` (labelled) and `name`-unlabeled, with 4 s windows,
 * reusing either when it is already in the store. Refuses a dataset of that name with other
 * windows (e.g. a demo imported by an older version with 10 s windows): the demo run needs both
 * at the same length.
 */
export async function ensureDemoDatasets(store: Store, name: string, seed = DEFAULT_SEED, importOptions: ImportOptions = {}, setup: DemoSetup = DEMO_SETUP): Promise<DemoImports> {
  const windowSamples = Math.round(setup.windowSeconds * 256)
  for (const n of [name, unlabeledDemoName(name)]) {
    const stored = storedWindowSamples(store, n)
    if (stored !== undefined && stored !== windowSamples) {
      throw new InputError(`The dataset "${n}" in the store has windows of ${stored} samples, but the demo uses ${setup.windowSeconds} s windows (${windowSamples} samples); ${term('delete-dataset', n)} (or choose another ${term('name-flag')}) and run the demo again.`)
    }
  }
  const preprocess = { ...importOptions.preprocess, windowSeconds: setup.windowSeconds }
  const labelled = await importDemo(store, name, { ...setup.labelled, seed }, { ...importOptions, preprocess })
  const unlabeled = await importDemo(store, unlabeledDemoName(name), { ...setup.unlabeled, seed, unlabeled: true }, { ...importOptions, preprocess })
  return { labelled, unlabeled }
}

/**
 * The demo's experiment: the quick preset with the demo's sizes. The encoder learns from the
 * unlabelled recordings only (pretext-only); arousal and valence are evaluated on the labelled
 * set (evaluate-only) with both protocols, at 10 % and 100 % of the labels, so the table shows
 * the gap that self-supervision buys when labels are few. Every window is used (no cap).
 */
export function demoConfig(name: string, seed = DEFAULT_SEED): ExperimentConfigInput {
  const config = presetConfig('quick', 'Demo: self-supervised vs fully supervised on synthetic ECG', [
    { name: unlabeledDemoName(name), role: 'pretext' },
    { name, role: 'evaluate', tasks: [{ label: 'arousal', binarisation: 'midpoint' }, { label: 'valence', binarisation: 'midpoint' }] },
  ])
  config.seed = seed
  config.maxWindowsPerDataset = 0
  config.pretext = { ...config.pretext, epochs: 3, batch: 4 }
  config.evaluation = {
    ...config.evaluation,
    protocols: ['window-kfold', 'subject-kfold'],
    folds: 2,
    fractions: [0.1, 1],
    classifier: { epochs: 60, batch: 64, learningRate: 1e-3 },
    // batch 8: the baseline needs steps (60 with all the labels) more than it needs samples per
    // step to learn anything end to end from random weights; batch 16 and 4 epochs left it at chance
    endToEnd: { epochs: 6, batch: 8, learningRate: 1e-3 },
  }
  return config
}

/**
 * Creates (queues) the demo run and returns its id: {@link demoConfig}, or `preset` (other than
 * quick) on the demo's datasets.
 */
export function createDemoRun(store: Store, name: string, preset: PresetName = 'quick', seed?: number): number {
  if (preset === 'quick') return createRunFromConfig(store, demoConfig(name, seed))
  const config = presetConfig(preset, `Demo: ${preset} preset on synthetic ECG`, demoConfig(name).datasets)
  if (seed !== undefined) config.seed = seed
  return createRunFromConfig(store, config)
}
