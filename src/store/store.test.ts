import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError } from '../common/input-error.js'
import { blobToFloat32, float32ToBlob } from './float32-blob.js'
import { insertDataset, findDatasetByName, deleteDatasetById } from './datasets-repo.js'
import { LATEST_SCHEMA_VERSION, MIGRATIONS, schemaVersion } from './migrations/index.js'
import { insertRecording, insertSubject } from './recordings-repo.js'
import { openStore, type Store } from './store.js'
import { countWindows, pageWindowRows, readWindowBatch, readWindowSamples, WindowWriter } from './windows-repo.js'

let dir: string
let stores: Store[] = []
function open(file = path.join(dir, 'nested', 'deeper', 'db.sqlite')): Store {
  const s = openStore(file)
  stores.push(s)
  return s
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-store-'))
})
afterEach(() => {
  for (const s of stores) s.close()
  stores = []
  fs.rmSync(dir, { recursive: true, force: true })
})

function newDataset(store: Store, name = 'd1'): number {
  return insertDataset(store.db, {
    name, kind: 'wfdb', createdAt: '2026-01-02T03:04:05.000Z', sourcePath: '/data/x', fs: 256, windowSamples: 2560,
    overlapPercent: 0, preprocessing: { targetFs: 256 }, labelNames: ['arousal'], labelScales: {}, notes: [], options: {},
    appVersion: '0.1.0', contentHash: 'abc',
  })
}

function ramp(n: number, offset: number): Float32Array {
  const a = new Float32Array(n)
  for (let i = 0; i < n; i++) a[i] = offset + i * 0.5 - 1e-3
  return a
}

describe('openStore', () => {
  it('creates folders, turns on WAL, foreign keys, synchronous FULL and a busy timeout', () => {
    const store = open()
    expect(fs.existsSync(store.path)).toBe(true)
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(store.db.pragma('synchronous', { simple: true })).toBe(2)
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(10_000)
  })

  it('applies every migration once and records it', () => {
    const file = path.join(dir, 'm.sqlite')
    open(file).close()
    const again = open(file)
    expect(schemaVersion(again.db)).toBe(LATEST_SCHEMA_VERSION)
    const rows = again.db.prepare('SELECT version, name FROM schema_migrations').all()
    expect(rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version, name: m.name })))
    const tables = again.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => (r as { name: string }).name)
    expect(tables).toEqual(expect.arrayContaining(['datasets', 'import_sources', 'recordings', 'schema_migrations', 'subjects', 'window_flag_events', 'windows']))
  })

  it('refuses a database written by a newer version with a clear message', () => {
    const file = path.join(dir, 'new.sqlite')
    const s = open(file)
    s.db.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'x')").run()
    s.close()
    expect(() => openStore(file)).toThrow(InputError)
    expect(() => openStore(file)).toThrow(`schema version 99 but this version of ECG SSL Workbench knows only up to ${LATEST_SCHEMA_VERSION}; update`)
  })

  it('refuses a file that is not a database, and a folder, with InputError', () => {
    const file = path.join(dir, 'notes.txt')
    fs.writeFileSync(file, 'this is not sqlite, just text that is long enough to have a header '.repeat(20))
    expect(() => openStore(file)).toThrow(/is not a usable workbench database/)
    expect(() => openStore(dir)).toThrow(/is a folder; pass a file name with --db/)
  })
})

describe('repositories', () => {
  it('round-trips float32 window blobs exactly and returns copies', () => {
    const store = open()
    const datasetId = newDataset(store)
    const subjectId = insertSubject(store.db, { datasetId, code: 'S1', zscoreMean: 0.1, zscoreSd: 2, zscoreSamples: 5120 })
    const recordingId = insertRecording(store.db, { datasetId, subjectId, trial: 't1', channel: 'MLII', fsOriginal: 360, sampleCount: 7200, durationS: 20, labels: { arousal: 3 }, sourceFiles: ['a'] })
    const writer = new WindowWriter(store.db, datasetId)
    const a = ramp(2560, -3)
    const b = ramp(2560, 7)
    b[5] = Number.NaN
    expect(writer.insert({ recordingId, subjectId, trial: 't1', startS: 0, labelsJson: '{"arousal":3}', quality: 'ok', excluded: false, samples: a })).toBe(0)
    expect(writer.insert({ recordingId, subjectId, trial: 't1', startS: 10, labelsJson: '{"arousal":3}', quality: 'nan', excluded: true, samples: b })).toBe(1)
    const blob = store.db.prepare('SELECT samples FROM windows WHERE idx = 0').get() as { samples: Buffer }
    expect(blob.samples.length).toBe(10240)
    expect(blob.samples.readFloatLE(4)).toBe(a[1])
    const back = readWindowSamples(store.db, datasetId, 0)
    expect(back).toEqual(a)
    expect(back?.buffer).not.toBe(blob.samples.buffer)
    const backB = readWindowSamples(store.db, datasetId, 1)
    expect(Number.isNaN(backB?.[5])).toBe(true)
    expect(backB?.[6]).toBe(b[6])
    expect(readWindowSamples(store.db, datasetId, 2)).toBeUndefined()
    expect(countWindows(store.db, datasetId)).toBe(2)
    expect(pageWindowRows(store.db, datasetId, 1, 5).map((r) => [r.idx, r.subject, r.quality, r.excluded, r.start_s])).toEqual([[1, 'S1', 'nan', 1, 10]])
    expect(pageWindowRows(store.db, datasetId, 0, 5, subjectId).length).toBe(2)
    expect(readWindowBatch(store.db, datasetId, 0, 10).map((w) => w.samples[2559])).toEqual([a[2559], b[2559]])
  })

  it('blob helpers copy and reject partial samples', () => {
    const f = new Float32Array([1.5, -2.25, 3e-7])
    const blob = float32ToBlob(f)
    f[0] = 9
    expect(Array.from(blobToFloat32(blob))).toEqual([1.5, -2.25, Math.fround(3e-7)])
    expect(() => blobToFloat32(new Uint8Array(5))).toThrow(/not a whole number/)
  })

  it('enforces foreign keys, quality values, unique names, and cascades a delete', () => {
    const store = open()
    const datasetId = newDataset(store)
    expect(() => newDataset(store)).toThrow(/UNIQUE/)
    expect(() => insertSubject(store.db, { datasetId: 999, code: 'x', zscoreMean: 0, zscoreSd: 1, zscoreSamples: 1 })).toThrow(/FOREIGN KEY/)
    const subjectId = insertSubject(store.db, { datasetId, code: 'S1', zscoreMean: 0, zscoreSd: 1, zscoreSamples: 1 })
    const recordingId = insertRecording(store.db, { datasetId, subjectId, trial: '1', channel: 'c', fsOriginal: 256, sampleCount: 2560, durationS: 10, labels: {}, sourceFiles: [] })
    const writer = new WindowWriter(store.db, datasetId)
    expect(() => writer.insert({ recordingId, subjectId, trial: '1', startS: 0, labelsJson: '{}', quality: 'weird' as 'ok', excluded: false, samples: ramp(4, 0) })).toThrow(/CHECK/)
    writer.insert({ recordingId, subjectId, trial: '1', startS: 0, labelsJson: '{}', quality: 'ok', excluded: false, samples: ramp(2560, 0) })
    store.db.prepare('INSERT INTO import_sources (dataset_id, path, bytes, sha256) VALUES (?, ?, ?, ?)').run(datasetId, '/a', 1, 'h')
    expect(findDatasetByName(store.db, 'd1')?.id).toBe(datasetId)
    expect(deleteDatasetById(store.db, datasetId)).toBe(true)
    for (const t of ['datasets', 'import_sources', 'subjects', 'recordings', 'windows']) {
      expect((store.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n).toBe(0)
    }
  })
})
