/**
 * The dataset page's services: label balance counted by SQLite, rename with every run reference
 * following it, and the app's words in what the router answers (issue 10 §2).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError } from '../../src/common/input-error.js'
import { ExperimentConfig, type FoldResult } from '../../src/contracts/runs.js'
import { presetConfig } from '../../src/contracts/presets.js'
import { createApiRouter } from '../../src/services/api-router.js'
import { renameDataset } from '../../src/services/dataset-rename.js'
import { getDataset, pageWindows, readWindow } from '../../src/services/dataset-service.js'
import { importDataset } from '../../src/services/import-service.js'
import { datasetLabelBalance } from '../../src/services/label-balance.js'
import { createRun, getRun, listFolds, saveFold, setRunState } from '../../src/store/runs-repo.js'
import { openStore, type Store } from '../../src/store/store.js'
import { foldKeyText } from '../../src/training/aggregate.js'
import type { JobHost } from '../../src/jobs/job-host.js'
import type { RunQueue } from '../../src/jobs/run-queue.js'
import { syntheticAdapter, type SyntheticRecording } from './synthetic-adapter.js'

let dir: string
let store: Store

const RECORDINGS: SyntheticRecording[] = [
  { subject: 'P01', trial: '1', seconds: 35, fs: 512, seed: 1, labels: { arousal: 3, mood: 'calm' } },
  { subject: 'P01', trial: '2', seconds: 21, fs: 512, seed: 2, labels: { arousal: 8, mood: null } },
  { subject: 'P02', trial: '1', seconds: 30.5, fs: 512, seed: 3, labels: { arousal: 1, mood: 'tense' }, nanFrom: 0, nanTo: 11 },
]

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-page-'))
  fs.mkdirSync(path.join(dir, 'data'))
  store = openStore(path.join(dir, 'workbench.sqlite'))
  await importDataset(store, { kind: 'csv', path: path.join(dir, 'data'), name: 'syn' }, { adapters: { csv: syntheticAdapter(path.join(dir, 'data'), RECORDINGS, { labelNames: ['arousal', 'mood'] }) } })
})
afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('label balance', () => {
  it('counts every window per label as the windows themselves say', () => {
    const windows = pageWindows(store, { name: 'syn', offset: 0, limit: 1000 }).windows
    const byHand = (label: string, value: number | string | null): number => windows.filter((w) => w.labels[label] === value).length
    const balance = datasetLabelBalance(store, 'syn')
    expect(balance.map((b) => b.label)).toEqual(['arousal', 'mood'])
    // arousal 1–8, split at the window-weighted dataset mean as the experiments' default (METHOD §2)
    const values = windows.map((w) => w.labels.arousal).filter((v): v is number => typeof v === 'number')
    const mean = values.reduce((a, b) => a + b, 0) / values.length
    const t = Number.isInteger(mean) ? String(mean) : mean.toFixed(2).replace(/0+$/, '')
    expect(balance[0]).toEqual({
      label: 'arousal', rule: `split at the dataset mean ${t} (observed 1–8), as experiments do by default`,
      buckets: [{ name: `low (≤ ${t})`, windows: values.filter((v) => v <= mean).length }, { name: `high (> ${t})`, windows: values.filter((v) => v > mean).length }],
    })
    expect(balance[1]).toEqual({
      label: 'mood', rule: 'windows per value',
      buckets: [{ name: 'calm', windows: byHand('mood', 'calm') }, { name: 'tense', windows: byHand('mood', 'tense') }, { name: 'missing', windows: byHand('mood', null) }],
    })
    expect(balance[1]!.buckets.reduce((n, b) => n + b.windows, 0)).toBe(windows.length)
  })

  it('per subject, counts the flagged windows', () => {
    const detail = getDataset(store, 'syn')
    const flagged = pageWindows(store, { name: 'syn', offset: 0, limit: 1000 }).windows.filter((w) => w.quality !== 'ok')
    expect(flagged.length).toBeGreaterThan(0)
    expect(detail.perSubject.map((s) => [s.subject, s.flagged])).toEqual([['P01', 0], ['P02', flagged.length]])
  })
})

describe('rename', () => {
  function runOn(name: string): number {
    const config = ExperimentConfig.parse(presetConfig('quick', 'r', [{ name, tasks: [{ label: 'arousal' }] }]))
    const id = createRun(store.db, { config, appVersion: '0.1.0', datasetHashes: { [name]: 'h' }, pretextModels: [{ model: 'full', variant: 'full', windows: 8, datasets: [{ name, windows: 8 }] }] })
    const fold: FoldResult = { dataset: name, task: 'arousal', protocol: 'subject-kfold', method: 'transfer', variant: 'full', block: 3, fraction: 1, fold: 0, trainWindows: 4, testWindows: 4, accuracy: 0.5, f1: 0.5, macroF1: 0.5, confusion: [[1, 1], [1, 1]], classes: ['low', 'high'] }
    saveFold(store.db, id, foldKeyText(fold), fold)
    setRunState(store.db, id, 'done')
    return id
  }

  it('renames the dataset and every run reference in one go, losing no window', () => {
    const before = getDataset(store, 'syn')
    const samples = readWindow(store, 'syn', 2)
    const id = runOn('syn')
    expect(renameDataset(store, { name: 'syn', newName: 'study 1' })).toEqual({ dataset: 'study 1', previous: 'syn', runs: 1 })
    const after = getDataset(store, 'study 1')
    expect({ ...after, name: 'syn' }).toEqual(before)
    expect(readWindow(store, 'study 1', 2)).toEqual(samples)
    expect(() => getDataset(store, 'syn')).toThrow(InputError)
    const run = getRun(store.db, id)!
    expect(run.config.datasets.map((d) => d.name)).toEqual(['study 1'])
    expect(run.datasetHashes).toEqual({ 'study 1': 'h' })
    const folds = listFolds(store.db, id)
    expect([...folds.keys()]).toEqual([foldKeyText({ ...folds.values().next().value!, dataset: 'study 1' })])
    expect([...folds.values()][0]!.dataset).toBe('study 1')
  })

  it('refuses a name taken, a name the import would refuse, and a run still reading the dataset', async () => {
    await importDataset(store, { kind: 'csv', path: path.join(dir, 'data'), name: 'other' }, { adapters: { csv: syntheticAdapter(path.join(dir, 'data'), RECORDINGS) } })
    expect(() => renameDataset(store, { name: 'syn', newName: 'other' })).toThrow('Cannot rename "syn": a dataset named "other" already exists; choose another --name.')
    // A name the import would refuse is refused where the request enters, by the router's schema.
    const router = createApiRouter({ store, jobs: {} as JobHost, runs: {} as RunQueue })
    expect(await router.handle('datasets:rename', { name: 'syn', newName: '  ' })).toEqual({ ok: false, error: '“Dataset name” must not be empty; fix it and try again.' })
    const id = runOn('syn')
    setRunState(store.db, id, 'running')
    expect(() => renameDataset(store, { name: 'syn', newName: 'fresh' })).toThrow(`Run #${id} is running and reads "syn"`)
    expect(getDataset(store, 'syn').name).toBe('syn')
  })
})

describe('what the app reads', () => {
  const FLAG = /(^|\s|\()--[a-z]/
  it('speaks the app\'s words: no --flag and no ecg-ssl command in any answer or refusal', async () => {
    const router = createApiRouter({ store, jobs: {} as JobHost, runs: {} as RunQueue })
    fs.writeFileSync(path.join(dir, 'plain.csv'), '1\n2\n3\n')
    fs.writeFileSync(path.join(dir, 'two.csv'), 'PPG,RESP\n1,2\n3,4\n')
    const refusals = [
      await router.handle('datasets:get', { name: 'ghost' }),
      await router.handle('datasets:import', { kind: 'csv', path: dir, name: 'x', overlapPercent: 120 }),
      await router.handle('datasets:import', { kind: 'csv', path: dir, name: ' ' }),
      await router.handle('datasets:preview-channels', { kind: 'csv', path: path.join(dir, 'plain.csv'), fs: 0 }),
      await router.handle('datasets:preview-channels', { kind: 'csv', path: path.join(dir, 'plain.csv') }),
      await router.handle('datasets:preview-signal', { kind: 'csv', path: path.join(dir, 'two.csv'), fs: 10, seconds: 10 }),
      await router.handle('windows:page', { name: 'syn', subject: 'P09' }),
      await router.handle('transforms:preview', { name: 'syn', index: 0, params: { noiseSnrDb: 500 } }),
      await router.handle('datasets:rename', { name: 'syn', newName: 'syn\u0001' }),
    ]
    const answers = [await router.handle('datasets:preview-channels', { kind: 'csv', path: path.join(dir, 'two.csv'), fs: 10 })]
    for (const r of refusals) expect(r.ok).toBe(false)
    const texts = [...refusals.map((r) => (r.ok ? '' : r.error)), JSON.stringify(answers)]
    for (const text of texts) {
      expect(text).not.toMatch(FLAG)
      expect(text).not.toMatch(/ecg-ssl|Invalid [a-z]+:[a-z-]+/)
    }
    expect(texts[1]).toBe('“Window overlap, %” must be between 0 and 90 percent; fix it and try again.')
    expect(texts[3]).toMatch(/the sampling rate you entered|“Sampling rate \(Hz\)”/)
    expect(texts[4]).toMatch(/the sampling rate is not stated in the file; enter the rate in “Sampling rate \(Hz\)”/)
    expect(texts[7]).toBe('The noise SNR must be between −20 and 60 dB; fix it and try again.')
    expect(texts.at(-1)).toMatch(/fill in the “Channel” field/)
  })
})
