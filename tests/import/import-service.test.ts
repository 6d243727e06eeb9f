import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportProgress } from '../../src/contracts/import.js'
import { CancelledError, InputError } from '../../src/common/input-error.js'
import { getDataset, listDatasets, pageWindows, readWindow, deleteDataset } from '../../src/services/dataset-service.js'
import { importDataset } from '../../src/services/import-service.js'
import { cutWindows, DEFAULT_PREPROCESS, filterRecording, robustSubjectStats } from '../../src/signal/preprocess.js'
import { openStore, type Store } from '../../src/store/store.js'
import { syntheticAdapter, syntheticSamples, type SyntheticRecording } from './synthetic-adapter.js'

let dir: string
let store: Store

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-import-'))
  fs.mkdirSync(path.join(dir, 'data'))
  store = openStore(path.join(dir, 'db', 'workbench.sqlite'))
})
afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const TABLES = ['datasets', 'import_sources', 'subjects', 'recordings', 'windows'] as const
function rowCounts(): Record<string, number> {
  return Object.fromEntries(TABLES.map((t) => [t, (store.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]))
}
const EMPTY = { datasets: 0, import_sources: 0, subjects: 0, recordings: 0, windows: 0 }

const BASIC: SyntheticRecording[] = [
  { subject: 'P01', trial: '1', seconds: 35, fs: 512, seed: 1, labels: { arousal: 3, valence: 7.5 } },
  { subject: 'P01', trial: '2', seconds: 21, fs: 512, seed: 2, labels: { arousal: 8, valence: null } },
  { subject: 'P02', trial: '1', seconds: 30.5, fs: 1000, seed: 3, labels: { arousal: 1, valence: 2 } },
]

function run(recordings: readonly SyntheticRecording[], patch: Record<string, unknown> = {}, opts: { signal?: AbortSignal; onProgress?: (p: ImportProgress) => void } = {}) {
  const adapter = syntheticAdapter(path.join(dir, 'data'), recordings)
  return importDataset(store, { kind: 'csv', path: path.join(dir, 'data'), name: 'syn', ...patch }, { adapters: { csv: adapter }, ...opts })
}

describe('importDataset', () => {
  it('stores subjects, recordings and windows whose samples equal the pipeline output exactly', async () => {
    const events: ImportProgress[] = []
    const report = await run(BASIC, {}, { onProgress: (p) => events.push(p) })
    expect(report).toMatchObject({
      dataset: 'syn', kind: 'csv', subjects: 2, recordings: 3, windows: 3 + 2 + 3, excluded: 0, flagged: 0, skipped: [],
      fs: 256, windowSamples: 2560, overlapPercent: 0, notes: ['synthetic data'], labelNames: ['arousal', 'valence'],
      labelRanges: { arousal: { min: 1, max: 8 }, valence: { min: 2, max: 7.5 } },
      perSubject: [{ subject: 'P01', recordings: 2, windows: 5, excluded: 0 }, { subject: 'P02', recordings: 1, windows: 3, excluded: 0 }],
    })
    expect(report.durationS).toBeCloseTo(35 + 21 + 30.5, 9)
    expect(report.contentHash).toMatch(/^[0-9a-f]{64}$/)
    expect(rowCounts()).toEqual({ datasets: 1, import_sources: 3, subjects: 2, recordings: 3, windows: 8 })

    // the same pipeline, by hand: per-subject stats over both of P01's recordings
    const f1 = filterRecording(syntheticSamples(BASIC[0]!), 512, DEFAULT_PREPROCESS)
    const f2 = filterRecording(syntheticSamples(BASIC[1]!), 512, DEFAULT_PREPROCESS)
    const stats = robustSubjectStats([f1, f2], DEFAULT_PREPROCESS)
    const expected = [...cutWindows(f1, stats, DEFAULT_PREPROCESS), ...cutWindows(f2, stats, DEFAULT_PREPROCESS)]
    for (let i = 0; i < 5; i++) expect(readWindow(store, 'syn', i)).toEqual(expected[i]!.samples)
    const subj = store.db.prepare("SELECT zscore_mean AS m, zscore_sd AS sd, zscore_samples AS n FROM subjects WHERE code = 'P01'").get()
    expect(subj).toEqual({ m: stats.mean, sd: stats.sd, n: stats.sampleCount })

    const page = pageWindows(store, { name: 'syn', offset: 3, limit: 3 })
    expect(page.total).toBe(8)
    expect(page.windows).toEqual([
      { index: 3, subject: 'P01', trial: '2', startS: 0, labels: { arousal: 8, valence: null }, quality: 'ok', excluded: false },
      { index: 4, subject: 'P01', trial: '2', startS: 10, labels: { arousal: 8, valence: null }, quality: 'ok', excluded: false },
      { index: 5, subject: 'P02', trial: '1', startS: 0, labels: { arousal: 1, valence: 2 }, quality: 'ok', excluded: false },
    ])
    const p2 = pageWindows(store, { name: 'syn', subject: 'P02', offset: 1, limit: 10 })
    expect(p2.total).toBe(3)
    expect(p2.windows.map((w) => [w.index, w.startS])).toEqual([[6, 10], [7, 20]])

    const detail = getDataset(store, 'syn')
    expect(detail.sources.map((s) => path.basename(s.path))).toEqual(['P01_1.bin', 'P01_2.bin', 'P02_1.bin'])
    expect(detail.sources[0]?.sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(detail.preprocessing).toEqual({ ...DEFAULT_PREPROCESS })
    expect(detail.appVersion).toBe('0.1.0')
    expect(detail.perSubject).toEqual(report.perSubject)
    expect(listDatasets(store).map((d) => [d.name, d.windows, d.subjects])).toEqual([['syn', 8, 2]])

    const phases = [...new Set(events.map((e) => e.phase))]
    expect(phases).toEqual(['scanning', 'hashing', 'processing', 'writing'])
    expect(events.at(-1)).toMatchObject({ phase: 'writing', done: 1, total: 1 })
  })

  it('reports short and all-NaN recordings as skipped and excludes flagged windows by default', async () => {
    const recs: SyntheticRecording[] = [
      { subject: 'P03', trial: '4', seconds: 40, fs: 256, nanFrom: 12, nanTo: 14 },
      { subject: 'P03', trial: '5', seconds: 7.2, fs: 256 },
      { subject: 'P03', trial: '6', seconds: 20, fs: 256, nanFrom: 0 },
    ]
    const report = await run(recs)
    expect(report.skipped).toEqual([
      { item: 'P03 trial 5', reason: 'shorter than one 10 s window (7.2 s)' },
      { item: 'P03 trial 6', reason: 'all samples are missing (NaN)' },
    ])
    expect(report).toMatchObject({ subjects: 1, recordings: 1, windows: 4, excluded: 1, flagged: 1 })
    expect(pageWindows(store, { name: 'syn', offset: 0, limit: 20 }).windows.map((w) => [w.quality, w.excluded])).toEqual([['ok', false], ['nan', true], ['ok', false], ['ok', false]])
    expect(getDataset(store, 'syn').skipped).toEqual(report.skipped)

    const kept = await run(recs, { name: 'kept', keepFlagged: true })
    expect(kept).toMatchObject({ windows: 4, excluded: 0, flagged: 1 })
    expect(kept.notes).toEqual(['synthetic data']) // keepFlagged changes the content hash
  })

  it('cuts overlapping windows when asked', async () => {
    const report = await run([BASIC[0]!], { overlapPercent: 50 })
    // 35 s at 256 Hz = 8960 samples, hop 1280: starts 0 … 6400
    expect(report.windows).toBe(6)
    expect(pageWindows(store, { name: 'syn', offset: 0, limit: 10 }).windows.map((w) => w.startS)).toEqual([0, 5, 10, 15, 20, 25])
  })

  it('refuses a duplicate name before running the adapter, and notes an identical earlier import', async () => {
    await run(BASIC)
    const adapter = syntheticAdapter(path.join(dir, 'data'), BASIC)
    const again = importDataset(store, { kind: 'csv', path: path.join(dir, 'data'), name: 'syn' }, { adapters: { csv: adapter } })
    await expect(again).rejects.toThrow(InputError)
    await expect(again).rejects.toThrow(/^A dataset named "syn" already exists \(imported \d{4}-\d\d-\d\d \d\d:\d\d UTC, from .*data\); choose another --name or remove it with `ecg-ssl delete syn`\.$/)
    expect(adapter.calls).toBe(0)
    const twin = await run(BASIC, { name: 'syn2' })
    expect(twin.notes).toEqual(['synthetic data', 'The same files with the same parameters were already imported as "syn".'])
    expect(deleteDataset(store, 'syn')).toEqual({ dataset: 'syn', deleted: true, windows: 8 })
    expect(listDatasets(store).map((d) => d.name)).toEqual(['syn2'])
  })

  it('rolls back everything when a recording fails mid-way', async () => {
    const recs: SyntheticRecording[] = [...BASIC, { subject: 'P03', trial: '1', seconds: 30, fs: 256, failWith: new InputError('bad bytes in block 7', '/x/P03.dat') }]
    await expect(run(recs)).rejects.toThrow('/x/P03.dat: bad bytes in block 7')
    expect(rowCounts()).toEqual(EMPTY)
    expect(store.db.inTransaction).toBe(false)
    // the store stays usable
    await run(BASIC)
    expect(rowCounts().windows).toBe(8)
  })

  it('rolls back an unexpected error too', async () => {
    const recs: SyntheticRecording[] = [BASIC[0]!, { subject: 'P01', trial: '9', seconds: 30, fs: 256, failWith: new RangeError('offset out of bounds') }]
    await expect(run(recs)).rejects.toThrow(RangeError)
    expect(rowCounts()).toEqual(EMPTY)
  })

  it('rolls back when cancelled mid-way and leaves nothing', async () => {
    const controller = new AbortController()
    let windowsBeforeCancel = 0
    const cancel = (): void => {
      windowsBeforeCancel = (store.db.prepare('SELECT COUNT(*) AS n FROM windows').get() as { n: number }).n
      controller.abort()
    }
    const recs: SyntheticRecording[] = [BASIC[0]!, BASIC[1]!, { ...BASIC[2]!, onLoad: cancel }, { subject: 'P04', trial: '1', seconds: 30, fs: 256 }]
    const p = run(recs, {}, { signal: controller.signal })
    await expect(p).rejects.toThrow(CancelledError)
    expect(windowsBeforeCancel).toBe(5) // P01's windows were written inside the transaction before the cancel
    expect(rowCounts()).toEqual(EMPTY)
  })

  it('refuses an import that yields no window, stores nothing, and says why', async () => {
    await expect(run([{ subject: 'P09', trial: '3', seconds: 5, fs: 128 }])).rejects.toThrow(
      /^No windows could be imported from .*data \(P09 trial 3: shorter than one 10 s window \(5 s\)\); check the files and options\.$/,
    )
    expect(rowCounts()).toEqual(EMPTY)
  })

  it('refuses bad requests with one sentence', async () => {
    await expect(run(BASIC, { path: path.join(dir, 'nope') })).rejects.toThrow(/^There is no file or folder at .*nope; check the path to import\.$/)
    // Out-of-range fields are refused where the request enters (the API router, the command line:
    // tests/import/dataset-page.test.ts, tests/cli/cli.test.ts); the service trusts a typed request.
    expect(rowCounts()).toEqual(EMPTY)
  })

  it('says so when asked for a dataset that does not exist', () => {
    expect(() => pageWindows(store, { name: 'ghost', offset: 0, limit: 20 })).toThrow(/^There is no dataset named "ghost" in .*workbench\.sqlite; list the datasets with `ecg-ssl datasets`/)
    expect(() => deleteDataset(store, 'ghost')).toThrow(InputError)
  })
})

describe('a database another process is writing to', () => {
  it('makes import and delete wait, then fail with one sentence and nothing written', async () => {
    const file = path.join(dir, 'busy.sqlite')
    const mine = openStore(file, { busyTimeoutMs: 50 })
    const other = openStore(file)
    try {
      const adapter = syntheticAdapter(path.join(dir, 'data'), BASIC)
      await importDataset(mine, { kind: 'csv', path: path.join(dir, 'data'), name: 'first' }, { adapters: { csv: adapter } })
      other.db.exec('BEGIN IMMEDIATE')
      const attempt = importDataset(mine, { kind: 'csv', path: path.join(dir, 'data'), name: 'second' }, { adapters: { csv: adapter } })
      await expect(attempt).rejects.toThrow(InputError)
      await expect(importDataset(mine, { kind: 'csv', path: path.join(dir, 'data'), name: 'second' }, { adapters: { csv: adapter } })).rejects.toThrow(
        /^The database .*busy\.sqlite is busy with another import or delete \(in this or another window\); wait for it to finish and try again\.$/,
      )
      expect(() => deleteDataset(mine, 'first')).toThrow(/is busy with another import or delete/)
      other.db.exec('ROLLBACK')
      expect(listDatasets(mine).map((d) => d.name)).toEqual(['first'])
    } finally {
      mine.close()
      other.close()
    }
  })
})
