import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { insertDataset } from './datasets-repo.js'
import { insertRecording, insertSubject } from './recordings-repo.js'
import { openStore, type Store } from './store.js'
import { setWindowFlag, TRAINABLE_WINDOW_CONDITION, windowFlagHistory } from './window-flags-repo.js'
import { countFilteredWindows, pageFilteredWindowRows, WindowWriter, type WindowFilter } from './windows-repo.js'

let dir: string
let store: Store
let datasetId: number
let s1: number
let s2: number

const LABELS = [
  { 'arousal': 7, 'self.report "v"': 'high' },
  { 'arousal': 2, 'self.report "v"': 'low' },
  { 'arousal': null, 'self.report "v"': 'high' },
  { 'arousal': 7 },
]

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-filters-'))
  store = openStore(path.join(dir, 'db.sqlite'))
  datasetId = insertDataset(store.db, {
    name: 'd', kind: 'csv', createdAt: '2026-01-02T03:04:05.000Z', sourcePath: '/x', fs: 256, windowSamples: 4,
    overlapPercent: 0, preprocessing: {}, labelNames: ['arousal'], labelScales: {}, notes: [], options: {}, appVersion: '0.1.0', contentHash: 'h',
  })
  s1 = insertSubject(store.db, { datasetId, code: 'S1', zscoreMean: 0, zscoreSd: 1, zscoreSamples: 4 })
  s2 = insertSubject(store.db, { datasetId, code: 'S2', zscoreMean: 0, zscoreSd: 1, zscoreSamples: 4 })
  const writer = new WindowWriter(store.db, datasetId)
  LABELS.forEach((labels, i) => {
    const subjectId = i < 2 ? s1 : s2
    const trial = i % 2 === 0 ? 'rest' : 'task'
    const recordingId = insertRecording(store.db, { datasetId, subjectId, trial: `${trial}-${i}`, channel: 'ecg', fsOriginal: 256, sampleCount: 4, durationS: 1, labels, sourceFiles: [] })
    writer.insert({ recordingId, subjectId, trial, startS: 0, labelsJson: JSON.stringify(labels), quality: 'ok', excluded: i === 3, samples: Float32Array.of(i, i, i, i) })
  })
})
afterAll(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const idx = (f: WindowFilter, offset = 0, limit = 100): number[] => pageFilteredWindowRows(store.db, datasetId, f, offset, limit).map((r) => r.idx)

describe('window filters', () => {
  it('filter by subject, trial and label (any name, numbers and text, null counts as missing)', () => {
    expect(idx({ subjectId: s2 })).toEqual([2, 3])
    expect(idx({ trial: 'rest' })).toEqual([0, 2])
    expect(idx({ labelKey: 'arousal' })).toEqual([0, 1, 3])
    expect(idx({ labelKey: 'arousal', labelValue: 7 })).toEqual([0, 3])
    expect(idx({ labelKey: 'self.report "v"', labelValue: 'high' })).toEqual([0, 2])
    expect(idx({ labelKey: 'self.report "v"' })).toEqual([0, 1, 2])
    expect(idx({ labelKey: 'arousal', labelValue: '7' })).toEqual([])
    expect(idx({ subjectId: s1, labelKey: 'arousal', labelValue: 7 })).toEqual([0])
    expect(countFilteredWindows(store.db, datasetId, { labelKey: 'arousal' })).toBe(3)
  })

  it('filter by flag and cursor, page with offset, and leave flagged windows out of training', () => {
    const id = (i: number): number => (store.db.prepare('SELECT id FROM windows WHERE idx = ?').get(i) as { id: number }).id
    setWindowFlag(store.db, id(1), 'noisy', 'A', '2026-01-01T00:00:00.000Z')
    setWindowFlag(store.db, id(2), 'good', 'A', '2026-01-01T00:00:01.000Z')
    setWindowFlag(store.db, id(0), 'artifact', 'B', '2026-01-01T00:00:02.000Z')
    setWindowFlag(store.db, id(0), null, 'B', '2026-01-01T00:00:03.000Z')
    expect(idx({ flag: 'unreviewed' })).toEqual([0, 3])
    expect(idx({ flag: 'noisy' })).toEqual([1])
    expect(idx({ afterIndex: 1 })).toEqual([2, 3])
    expect(idx({ afterIndex: -1 }, 1, 2)).toEqual([1, 2])
    expect(windowFlagHistory(store.db, id(0)).map((e) => [e.flag, e.annotator])).toEqual([['artifact', 'B'], [null, 'B']])
    const trainable = store.db.prepare(`SELECT w.idx FROM windows w WHERE w.dataset_id = ? AND ${TRAINABLE_WINDOW_CONDITION} ORDER BY w.idx`).all(datasetId)
    // 1 is noisy, 3 was excluded at import; 0 (cleared) and 2 (good) are used
    expect(trainable).toEqual([{ idx: 0 }, { idx: 2 }])
  })

  it('refuses a flag outside the four verdicts at the database level', () => {
    expect(() => store.db.prepare("UPDATE windows SET flag = 'meh' WHERE idx = 0").run()).toThrow(/CHECK/)
  })
})
