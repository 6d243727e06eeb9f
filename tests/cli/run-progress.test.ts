/**
 * One progress number everywhere (issue 10 §4): a run's progress is the units the store holds
 * over the units planned, counted from the stored epochs and folds — helper processes store their
 * folds without touching the progress columns, which used to leave a finished run at "33 of 34"
 * in the report and 97 % in `ecg-ssl runs` while the app said 100 %.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { describeProgress, formatProgress, progressPercent } from '../../src/contracts/progress.js'
import { presetConfig } from '../../src/contracts/presets.js'
import { ExperimentConfig, type FoldResult } from '../../src/contracts/runs.js'
import { formatRunList } from '../../src/cli/format-runs.js'
import { claimRun, createRun, listRuns, saveFold, setRunState } from '../../src/store/runs-repo.js'
import { openStore, type Store } from '../../src/store/store.js'

let dir: string
let store: Store
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-progress-'))
  store = openStore(path.join(dir, 's.sqlite'))
})
afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const fold = (i: number): FoldResult => ({
  dataset: 'd', task: 'arousal', protocol: 'window-kfold', method: 'baseline', variant: 'none', block: 3, fraction: 1, fold: i,
  trainWindows: 9, testWindows: 1, accuracy: 1, f1: 1, macroF1: 1, confusion: [[1, 0], [0, 0]], classes: ['low', 'high'],
})

it('counts the stored units, so every reader says the same number', () => {
  // (a plan of 4 folds and no pretext epoch stored: the columns' total says what was planned)
  const config = ExperimentConfig.parse(presetConfig('quick', 'p', [{ name: 'd', tasks: [{ label: 'arousal', binarisation: 'midpoint' }] }]))
  const id = createRun(store.db, { config, appVersion: 't', datasetHashes: {} })
  claimRun(store.db, id, process.pid, 'wasm', 'cpu')
  // The run's process stores its fold with the progress columns, as executeRun does…
  saveFold(store.db, id, 'u0', fold(0), { done: 1, total: 4, phase: 'evaluation' })
  // …its helpers store theirs alone.
  for (const i of [1, 2]) saveFold(store.db, id, `u${i}`, fold(i))
  let run = listRuns(store.db).find((r) => r.id === id)!
  expect(run.progress).toMatchObject({ done: 3, total: 4 })
  expect([progressPercent(run.progress), formatProgress(run.progress), describeProgress(run.progress)]).toEqual([75, '75 %', '3 of 4 work units (75 %)'])
  expect(formatRunList([run])).toContain(' 75 % ')

  saveFold(store.db, id, 'u3', fold(3))
  setRunState(store.db, id, 'done')
  run = listRuns(store.db).find((r) => r.id === id)!
  expect(describeProgress(run.progress)).toBe('4 of 4 work units (100 %)')
  expect(formatRunList([run])).toContain(' 100 % ')
})

it('reads 100 % only when every unit is done, and – while nothing is planned', () => {
  expect(formatProgress({ done: 33, total: 34 })).toBe('97 %')
  expect(formatProgress({ done: 33.99, total: 34 })).toBe('99 %')
  expect(formatProgress({ done: 34, total: 34 })).toBe('100 %')
  expect(formatProgress({ done: 29, total: 100 })).toBe('29 %')
  expect(formatProgress({ done: 0, total: 0 })).toBe('–')
  expect(describeProgress({ done: 2.6, total: 10 })).toBe('2 of 10 work units (26 %)')
})
