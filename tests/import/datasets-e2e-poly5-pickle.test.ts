/**
 * End to end for SWELL-KW (Poly5 files with irregular names, a _cont file and label workbooks)
 * and WESAD (a Python 2 subject pickle): folders in their documented layouts, written here, go
 * through the real adapters and import service into a temporary SQLite store and are read back.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import writeExcelFile from 'write-excel-file/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportReport } from '../../src/contracts/index.js'
import { getDataset, listDatasets, pageWindows, readWindow } from '../../src/services/dataset-service.js'
import { exportDataset } from '../../src/services/export-service.js'
import { importDataset } from '../../src/services/import-service.js'
import { cutWindows, DEFAULT_PREPROCESS, filterRecording, robustSubjectStats } from '../../src/signal/preprocess.js'
import { syntheticEcg } from '../../src/signal/synthetic-ecg.js'
import { openStore, type Store } from '../../src/store/store.js'
import { writePy2Pickle, wesadValue } from '../helpers/pickle-writer.js'
import { poly5Physical, writePoly5, type Poly5ChannelSpec } from '../helpers/poly5-writer.js'

let dir: string
let store: Store
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-e2e-poly5-pickle-'))
  store = openStore(path.join(dir, 'db', 'workbench.sqlite'))
})
afterAll(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const page = (name: string): ReturnType<typeof pageWindows>['windows'] => pageWindows(store, { name, offset: 0, limit: 1000 }).windows

/** The pipeline by hand for one subject's raw recordings: the windows an import must store. */
function expectedWindows(raws: readonly Float64Array[], fs: number): Float32Array[] {
  const filtered = raws.map((r) => filterRecording(r, fs, DEFAULT_PREPROCESS))
  const stats = robustSubjectStats(filtered, DEFAULT_PREPROCESS)
  return filtered.flatMap((f) => cutWindows(f, stats, DEFAULT_PREPROCESS).map((w) => w.samples))
}

// ---------------------------------------------------------------- SWELL-KW

const SWELL_FS = 2048
/** Each file: name, seconds, seed. PP2 block 2 is 23.5 s + 17 s in a _cont file = 40.5 s → 4 windows. */
const SWELL_FILES = [
  { name: 'pp1_8-10-2012-c1.S00', seconds: 34, seed: 1 },
  { name: 'PP1_8-10-2012_c2.s00', seconds: 38, seed: 2 },
  { name: 'pp02_9-10-2012_c1.S00', seconds: 31, seed: 3 },
  { name: 'pp2-9-10-2012-c2.S00', seconds: 23.5, seed: 4 },
  { name: 'pp2_9-10-2012_c2_cont.S00', seconds: 17, seed: 5 },
] as const
const SCORE_COLUMNS = ['PP', 'Blok', 'Valence_rc', 'Arousal_rc', 'Dominance', 'Stress', 'MentalEffort', 'MentalDemand', 'PhysicalDemand', 'TemporalDemand', 'Effort', 'Performance_rc', 'Frustration']
const SCORE_NAMES = ['valence', 'arousal', 'dominance', 'stress', 'mentalEffort', 'mentalDemand', 'physicalDemand', 'temporalDemand', 'effort', 'performance', 'frustration'] as const
/** Scores in workbook column order (Valence_rc … Frustration); 999 = missing. */
const SCORES: Record<string, number[]> = {
  '1:1': [7, 3, 5, 2, 40, 30, 10, 20, 35, 80, 15],
  '1:2': [4, 6, 4, 6, 70, 75, 12, 85, 60, 40, 55],
  '2:1': [6, 999, 6, 3, 50, 45, 5, 35, 40, 70, 20],
  '2:2': [3, 8, 2, 7, 90, 88, 30, 95, 85, 25, 80],
}
const CONDITIONS: Record<string, string> = { '1:1': 'neutral', '1:2': 'time pressure', '2:1': 'interruption', '2:2': 'neutral' }

/** GSR, RESP, the ECG (third, in µV) and an unused all-zero input, as a Mobi file holds them. */
function swellChannels(ecg: Float64Array): Poly5ChannelSpec[] {
  const n = ecg.length
  return [
    { name: 'GSR', unit: 'uS', unitLow: 0, unitHigh: 100, adcLow: 0, adcHigh: 1000, raw: Float32Array.from({ length: n }, (_, i) => 200 + (i % 11)) },
    { name: 'RESP', unit: 'mV', raw: Float32Array.from({ length: n }, (_, i) => Math.sin(i / 700)) },
    { name: 'ECG', unit: 'uV', unitLow: -5000, unitHigh: 5000, adcLow: -10000, adcHigh: 10000, raw: Float32Array.from(ecg, (x) => 1000 * x) },
    { name: 'AUX 1', unit: 'mV', raw: new Float32Array(n) },
  ]
}

describe('SWELL-KW through the import service', () => {
  let report: ImportReport
  let mobi: string
  const ecgPhysical = new Map<string, Float64Array>()
  beforeAll(async () => {
    const root = path.join(dir, 'swell')
    mobi = path.join(root, '0 - Raw data', 'D - Physiology - raw data', 'Mobi signals (raw and filtered)')
    fs.mkdirSync(mobi, { recursive: true })
    for (const f of SWELL_FILES) {
      const channels = swellChannels(syntheticEcg(f.seconds, SWELL_FS, f.seed))
      await writePoly5(path.join(mobi, f.name), { fs: SWELL_FS, channels, periodsPerBlock: 64 })
      const ecg = channels[2]!
      ecgPhysical.set(f.name, Float64Array.from(ecg.raw, (x) => poly5Physical(x, ecg)))
    }
    const labels = path.join(root, '3 - Labels')
    fs.mkdirSync(labels)
    const row = (key: string, scores = SCORES[key]!): (string | number)[] => [`PP${key.split(':')[0]}`, Number(key.split(':')[1]), ...scores]
    await writeExcelFile([
      // PP1 block 2 first with other scores: the later row (Sheet2) must win
      { sheet: 'Sheet1', data: [SCORE_COLUMNS, row('1:1'), row('1:2', SCORES['1:2']!.map((v) => v + 1)), row('2:1')] },
      { sheet: 'Sheet2', data: [SCORE_COLUMNS, row('2:2'), row('1:2')] },
    ]).toFile(path.join(labels, 'behavioral-labels.xlsx'))
    await writeExcelFile([['PP', 'C1', 'C2', 'C3'], ['PP1', 'N', 'T', 'I'], ['PP2', 'I', 'N', 'T']]).toFile(path.join(labels, 'SWELL-KW - overview available data.xlsx'))
    report = await importDataset(store, { kind: 'swell', path: root, name: 'swell', labels: path.join(labels, 'behavioral-labels.xlsx') })
  })

  it('imports one recording per participant × block, joining the _cont file (23.5 s + 17 s → 4 windows)', () => {
    expect(report).toMatchObject({
      dataset: 'swell', kind: 'swell', subjects: 2, recordings: 4, windows: 3 + 3 + 3 + 4, excluded: 0, flagged: 0, skipped: [],
      durationS: 34 + 38 + 31 + 40.5,
      labelNames: ['valence', 'arousal', 'stress', 'condition', 'block', 'dominance', 'mentalEffort', 'mentalDemand', 'physicalDemand', 'temporalDemand', 'effort', 'performance', 'frustration'],
      perSubject: [{ subject: 'PP1', recordings: 2, windows: 6, excluded: 0 }, { subject: 'PP2', recordings: 2, windows: 7, excluded: 0 }],
    })
    expect(report.labelRanges).toMatchObject({ valence: { min: 3, max: 7 }, arousal: { min: 3, max: 8 }, stress: { min: 2, max: 7 }, block: { min: 1, max: 2 } })
    expect(report.notes).toEqual([
      'The SWELL files do not state the rating scales; the label scales are the ranges observed in this import: valence 3–7, arousal 3–8, stress 2–7, dominance 2–6, mentalEffort 40–90, mentalDemand 30–88, physicalDemand 5–30, temporalDemand 20–95, effort 35–85, performance 25–80, frustration 15–80.',
      "'stress' is the self-reported Stress rating; the paper's 3-class SWELL stress task uses 'condition' (neutral, interruption, time pressure).",
    ])
    expect(getDataset(store, 'swell').sources.map((s) => path.basename(s.path)).sort()).toEqual(
      [...SWELL_FILES.map((f) => f.name), 'behavioral-labels.xlsx', 'SWELL-KW - overview available data.xlsx'].sort(),
    )
  })

  it('labels every window with block, condition and the last label row (999 → null)', () => {
    const labels = (key: string): Record<string, unknown> => ({
      ...Object.fromEntries(SCORE_NAMES.map((n, i) => [n, SCORES[key]![i] === 999 ? null : SCORES[key]![i]])),
      block: Number(key.split(':')[1]),
      condition: CONDITIONS[key],
    })
    const expected = [['PP1', 'c1', 3, '1:1'], ['PP1', 'c2', 3, '1:2'], ['PP2', 'c1', 3, '2:1'], ['PP2', 'c2', 4, '2:2']] as const
    expect(page('swell').map((w) => [w.subject, w.trial, w.startS, w.labels, w.quality, w.excluded])).toEqual(
      expected.flatMap(([subject, trial, n, key]) => Array.from({ length: n }, (_, k) => [subject, trial, 10 * k, labels(key), 'ok', false])),
    )
    expect(page('swell')[3]?.labels).toMatchObject({ valence: 4, arousal: 6, stress: 6, condition: 'time pressure' })
    expect(page('swell')[6]?.labels).toMatchObject({ arousal: null, condition: 'interruption' })
  })

  it('stores the ECG channel of main + _cont samples exactly as the pipeline makes them', () => {
    const [c1, main, cont] = [ecgPhysical.get('pp02_9-10-2012_c1.S00')!, ecgPhysical.get('pp2-9-10-2012-c2.S00')!, ecgPhysical.get('pp2_9-10-2012_c2_cont.S00')!]
    const joined = new Float64Array(main.length + cont.length)
    joined.set(main)
    joined.set(cont, main.length)
    const expected = expectedWindows([c1, joined], SWELL_FS)
    expect(expected).toHaveLength(7)
    expected.forEach((w, i) => expect(readWindow(store, 'swell', 6 + i)).toEqual(w))
  })
})

// ---------------------------------------------------------------- WESAD

const WESAD_FS = 700
/** [label code, seconds]: 0 undefined, 1 baseline, 2 stress, 3 amusement, 5–7 ignored. */
const WESAD_RUNS = [[0, 1.5], [1, 41], [0, 0.5], [6, 2], [2, 32], [5, 0.25], [7, 1], [0, 3], [3, 21], [0, 2]] as const

describe('WESAD through the import service', () => {
  let report: ImportReport
  let ecg: Float64Array
  const starts: number[] = []
  beforeAll(async () => {
    const labels: number[] = []
    for (const [code, seconds] of WESAD_RUNS) {
      starts.push(labels.length)
      labels.push(...Array<number>(Math.round(seconds * WESAD_FS)).fill(code))
    }
    ecg = syntheticEcg(labels.length / WESAD_FS, WESAD_FS, 7)
    expect(ecg.length).toBe(labels.length)
    const folder = path.join(dir, 'WESAD', 'S2')
    fs.mkdirSync(folder, { recursive: true })
    await writePy2Pickle(path.join(folder, 'S2.pkl'), wesadValue({ subject: 'S2', ecg, label: labels }))
    report = await importDataset(store, { kind: 'wesad', path: path.join(dir, 'WESAD'), name: 'wesad' })
  })

  it('makes one recording per condition run, leaving out samples labelled 0 and 5–7', () => {
    expect(report).toMatchObject({
      dataset: 'wesad', kind: 'wesad', subjects: 1, recordings: 3, windows: 4 + 3 + 2, excluded: 0, flagged: 0, skipped: [],
      durationS: 41 + 32 + 21, labelNames: ['condition', 'stress'], labelRanges: { stress: { min: 0, max: 1 } },
      perSubject: [{ subject: 'S2', recordings: 3, windows: 9, excluded: 0 }],
    })
    expect(report.notes[0]).toBe('WESAD chest ECG (signal.chest.ECG) at 700 Hz, the rate of the WESAD chest device; the pickle itself does not state it.')
    expect(listDatasets(store).find((d) => d.name === 'wesad')).toMatchObject({ subjects: 1, recordings: 3, windows: 9 })
  })

  it('labels the windows with condition and stress (1 only for the stress run)', () => {
    const runs = [['baseline', 4, 0], ['stress', 3, 1], ['amusement', 2, 0]] as const
    expect(page('wesad').map((w) => [w.index, w.subject, w.trial, w.startS, w.labels, w.quality, w.excluded])).toEqual(
      runs.flatMap(([condition, n, stress], r) =>
        Array.from({ length: n }, (_, k) => [[0, 4, 7][r]! + k, 'S2', condition, 10 * k, { condition, stress }, 'ok', false])),
    )
  })

  it('cuts each run at its exact first and last sample', () => {
    const run = (i: number): Float64Array => ecg.slice(starts[i], starts[i + 1])
    const expected = expectedWindows([run(1), run(4), run(8)], WESAD_FS)
    expect(expected).toHaveLength(9)
    expected.forEach((w, i) => expect(readWindow(store, 'wesad', i)).toEqual(w))
  })

  it('exports one csv column per label and a (9, 2560) npy', async () => {
    const out = path.join(dir, 'wesad-export')
    await exportDataset(store, { name: 'wesad', outDir: out })
    const csv = fs.readFileSync(path.join(out, 'windows.csv'), 'utf8').split('\n')
    expect(csv.slice(0, 2)).toEqual(['index,subject,trial,start_s,condition,stress,quality,excluded', '0,S2,baseline,0,baseline,0,ok,0'])
    expect(csv[5]).toBe('4,S2,stress,0,stress,1,ok,0')
    expect(csv).toHaveLength(11)
    const npy = fs.readFileSync(path.join(out, 'windows.npy'))
    expect(npy.subarray(10, 128).toString('latin1')).toBe(`${"{'descr': '<f4', 'fortran_order': False, 'shape': (9, 2560), }".padEnd(117)}\n`)
    expect(npy.length).toBe(128 + 9 * 10240)
  })
})
