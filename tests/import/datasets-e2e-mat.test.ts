/**
 * End to end for the MATLAB-file emotion datasets: AMIGOS and DREAMER folders in their documented
 * layouts, written here, go through the real adapters and import service into a temporary SQLite
 * store and are read back (listDatasets, getDataset, pageWindows, readWindow, exportDataset).
 * AMIGOS also goes through the spawned `ecg-ssl` process: JSON report with a corrupt participant
 * file skipped, and a second import under the same name refused.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportReport, WindowInfo } from '../../src/contracts/index.js'
import { getDataset, listDatasets, pageWindows, readWindow } from '../../src/services/dataset-service.js'
import { exportDataset } from '../../src/services/export-service.js'
import { importDataset } from '../../src/services/import-service.js'
import { cutWindows, DEFAULT_PREPROCESS, filterRecording, robustSubjectStats } from '../../src/signal/preprocess.js'
import { syntheticEcg } from '../../src/signal/synthetic-ecg.js'
import { openStore, type Store } from '../../src/store/store.js'
import { ensureBuilt, expectOneErrorLine, spawnCli } from '../cli/cli-helpers.js'
import { matCell, matChar, matColumns, matNumber, matNumeric, matRow, matStruct, writeMat, writeMatFile, type MatSpec } from '../helpers/mat-writer.js'

let dir: string
let store: Store
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-e2e-mat-'))
  store = openStore(path.join(dir, 'db', 'workbench.sqlite'))
})
afterAll(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const ALL = 1000
const windowsOf = (name: string, subject?: string): WindowInfo[] => pageWindows(store, { name, offset: 0, limit: ALL, ...(subject === undefined ? {} : { subject }) }).windows

/** Mean and robust sd (sd of the sorted samples from ⌊2.5 %·n⌋ to ⌊97.5 %·n⌋) of windows. */
function zStats(windows: readonly Float32Array[]): { mean: number; robustSd: number } {
  const all = new Float64Array(windows.reduce((n, w) => n + w.length, 0))
  let at = 0
  for (const w of windows) {
    all.set(w, at)
    at += w.length
  }
  const mean = all.reduce((a, b) => a + b, 0) / all.length
  const kept = all.sort().subarray(Math.floor(0.025 * all.length), Math.floor(0.975 * all.length))
  const m = kept.reduce((a, b) => a + b, 0) / kept.length
  return { mean, robustSd: Math.sqrt(kept.reduce((a, b) => a + (b - m) ** 2, 0) / kept.length) }
}

// ---------------------------------------------------------------- AMIGOS

const AMIGOS_FS = 128
type Amigos = { readonly id: string; readonly seconds: number; readonly seed: number; readonly labels: readonly number[]; nanAt?: number; allNan?: boolean }
/** P02 trial 2 has a 5-sample dropout at 25 s (window 20–30 s); P01 trial 3 is all NaN. */
const AMIGOS: Record<'P01' | 'P02', Amigos[]> = {
  P01: [
    { id: '10', seconds: 65, seed: 11, labels: [3.5, 7, 5, 6, 2] },
    { id: '13', seconds: 31, seed: 12, labels: [8, 2.25, 4, 3, 1] },
    { id: '138', seconds: 40, seed: 13, labels: [5, 5, 5, 5, 5], allNan: true },
  ],
  P02: [
    { id: 'N1', seconds: 31, seed: 21, labels: [1, 9, 6, 7, 4] },
    { id: '20', seconds: 65, seed: 22, labels: [6.5, 4, 3, 2, 9], nanAt: 25 * AMIGOS_FS },
  ],
}
const DROPOUT = 5
const NAMES = ['arousal', 'valence', 'dominance', 'liking', 'familiarity'] as const
const labelsOf = (t: Amigos): Record<string, number> => Object.fromEntries(NAMES.map((n, i) => [n, t.labels[i] ?? NaN]))

/** An N×17 joined_data trial: 14 EEG columns, ECG right, ECG left, GSR (µV-like scale). */
function amigosTrial(t: Amigos): MatSpec {
  const n = t.seconds * AMIGOS_FS
  const right = t.allNan === true ? new Float64Array(n).fill(NaN) : syntheticEcg(t.seconds, AMIGOS_FS, t.seed).map((x) => 800 * x)
  if (t.nanAt !== undefined) right.fill(NaN, t.nanAt, t.nanAt + DROPOUT)
  const left = syntheticEcg(t.seconds, AMIGOS_FS, t.seed + 100).map((x) => -400 * x)
  const eeg = Array.from({ length: 14 }, (_, c) => Float64Array.from({ length: n }, (_, i) => ((i * (c + 3)) % 41) - 20))
  return matColumns([...eeg, right, left, Float64Array.from({ length: n }, (_, i) => 2000 + i / 100)])
}

function amigosFile(trials: readonly Amigos[]): Record<string, MatSpec> {
  return {
    joined_data: matCell(trials.map(amigosTrial)),
    labels_selfassessment: matCell(trials.map((t) => matRow([...t.labels, 0, 1, 0, 0, 1, 0, 0]))),
    VideoIDs: matCell(trials.map((t) => matChar(t.id))),
  }
}

async function writeAmigos(folder: string): Promise<void> {
  fs.mkdirSync(path.join(folder, 'Data_Preprocessed_P02'), { recursive: true })
  await writeMatFile(path.join(folder, 'Data_Preprocessed_P01.mat'), amigosFile(AMIGOS.P01), { compress: true })
  await writeMatFile(path.join(folder, 'Data_Preprocessed_P02', 'Data_Preprocessed_P02.mat'), amigosFile(AMIGOS.P02))
}

describe('AMIGOS through the import service', () => {
  let report: ImportReport
  beforeAll(async () => {
    const folder = path.join(dir, 'amigos')
    await writeAmigos(folder)
    report = await importDataset(store, { kind: 'amigos', path: folder, name: 'amigos' })
  })

  it('reports subjects, windows (floor of duration / 10 s at 256 Hz), the all-NaN trial and the upsampling', () => {
    expect(report).toMatchObject({
      dataset: 'amigos', kind: 'amigos', subjects: 2, recordings: 4, windows: 6 + 3 + 3 + 6, excluded: 1, flagged: 1,
      fs: 256, windowSamples: 2560, overlapPercent: 0, durationS: 65 + 31 + 31 + 65, labelNames: [...NAMES],
      skipped: [{ item: 'P01 trial 3', reason: 'the ECG Right column is all NaN (no recorded ECG)' }],
      perSubject: [{ subject: 'P01', recordings: 2, windows: 9, excluded: 0 }, { subject: 'P02', recordings: 2, windows: 9, excluded: 1 }],
      labelRanges: { arousal: { min: 1, max: 8 }, valence: { min: 2.25, max: 9 }, dominance: { min: 3, max: 6 }, liking: { min: 2, max: 7 }, familiarity: { min: 1, max: 9 } },
    })
    expect(report.notes).toEqual([
      'AMIGOS preprocessed ECG is 128 Hz; it will be upsampled to 256 Hz before windowing.',
      "ECG channel: ECG Right (joined_data column 15); choose the other arm with channel 'left'.",
      `Missing (NaN) samples inside P02 trial 2 (${DROPOUT}) are bridged only for filtering; the windows they touch are flagged 'nan' and excluded by default.`,
    ])
  })

  it('stores the same facts, listed and in detail', () => {
    expect(listDatasets(store).find((d) => d.name === 'amigos')).toMatchObject({ kind: 'amigos', subjects: 2, recordings: 4, windows: 18, excluded: 1, fs: 256, contentHash: report.contentHash })
    const detail = getDataset(store, 'amigos')
    expect(detail.skipped).toEqual(report.skipped)
    expect(detail.notes).toEqual(report.notes)
    expect(detail.labelScales.valence).toEqual({ min: 1, max: 9 })
    expect(detail.sources.map((s) => path.basename(s.path))).toEqual(['Data_Preprocessed_P01.mat', 'Data_Preprocessed_P02.mat'])
  })

  it("labels every window with its trial's self-assessment; only the window touching the dropout is 'nan' and excluded", () => {
    const expected: Omit<WindowInfo, 'index'>[] = []
    for (const subject of ['P01', 'P02'] as const) {
      for (const t of AMIGOS[subject]) {
        if (t.allNan === true) continue
        for (let k = 0; k < Math.floor(t.seconds / 10); k++) {
          const hit = t.nanAt !== undefined && k === Math.floor(t.nanAt / AMIGOS_FS / 10)
          expected.push({ subject, trial: t.id, startS: 10 * k, labels: labelsOf(t), quality: hit ? 'nan' : 'ok', excluded: hit })
        }
      }
    }
    const windows = windowsOf('amigos')
    expect(windows.map(({ index: _index, ...w }) => w)).toEqual(expected)
    expect(windows.map((w) => w.index)).toEqual(expected.map((_, i) => i))
    expect(windows.filter((w) => w.quality !== 'ok').map((w) => [w.index, w.trial, w.startS])).toEqual([[14, '20', 20]])
  })

  it('stores 2560 finite samples per window, z-scored per subject (mean ≈ 0, robust sd ≈ 1)', () => {
    for (const subject of ['P01', 'P02']) {
      const ok: Float32Array[] = []
      for (const w of windowsOf('amigos', subject)) {
        const samples = readWindow(store, 'amigos', w.index)
        expect(samples.length).toBe(2560)
        expect(samples.every(Number.isFinite)).toBe(true)
        if (w.quality === 'ok') ok.push(samples)
      }
      expect(ok.length).toBe(subject === 'P01' ? 9 : 8)
      const { mean, robustSd } = zStats(ok)
      expect(Math.abs(mean)).toBeLessThan(0.1)
      expect(Math.abs(robustSd - 1)).toBeLessThan(0.2)
    }
  })

  it('exports windows.csv with one column per label and windows.npy of shape (18, 2560)', async () => {
    const out = path.join(dir, 'amigos-export')
    const result = await exportDataset(store, { name: 'amigos', outDir: out })
    expect(result).toMatchObject({ dataset: 'amigos', windows: 18, windowSamples: 2560 })
    const csv = fs.readFileSync(path.join(out, 'windows.csv'), 'utf8').split('\n')
    expect(csv).toHaveLength(1 + 18 + 1)
    expect(csv[0]).toBe('index,subject,trial,start_s,arousal,valence,dominance,liking,familiarity,quality,excluded')
    expect(csv[1]).toBe('0,P01,10,0,3.5,7,5,6,2,ok,0')
    expect(csv[15]).toBe('14,P02,20,20,6.5,4,3,2,9,nan,1')
    expect(csv[18]).toBe('17,P02,20,50,6.5,4,3,2,9,ok,0')
    expect(csv[19]).toBe('')
    const npy = fs.readFileSync(path.join(out, 'windows.npy'))
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (18, 2560), }"
    expect(npy.subarray(0, 128).toString('latin1')).toBe(`\x93NUMPY\x01\x00v\x00${dict.padEnd(117)}\n`)
    expect(npy.length).toBe(128 + 18 * 2560 * 4)
    const w11 = readWindow(store, 'amigos', 11)
    expect(npy.readFloatLE(128 + 11 * 10240 + 1234 * 4)).toBe(w11[1234])
  })
})

// ---------------------------------------------------------------- DREAMER

const DREAMER_FS = 256
/** Clip seconds and scores per subject; the baselines (61 s) must not become recordings. */
const DREAMER = [
  { seconds: [45, 23], valence: [4, 2], arousal: [3, 5], dominance: [1, 4] },
  { seconds: [30.5, 52], valence: [5, 1], arousal: [2, 2], dominance: [3, 3] },
] as const
const leadOf = (s: number, k: number, lead: number): Float64Array => syntheticEcg(DREAMER[s]!.seconds[k]!, DREAMER_FS, 100 * s + 10 * k + lead)

function dreamerSubject(s: number): MatSpec {
  const d = DREAMER[s]!
  const clips = d.seconds.map((_, k) => matColumns([leadOf(s, k, 1), leadOf(s, k, 2)]))
  const baseline = d.seconds.map((_, k) => matColumns([syntheticEcg(61, DREAMER_FS, 900 + k), syntheticEcg(61, DREAMER_FS, 950 + k)]))
  const eeg = d.seconds.map(() => matColumns(Array.from({ length: 14 }, (_, c) => Float64Array.from({ length: 256 }, (_, i) => (i * (c + 1)) % 17))))
  const scores = (v: readonly number[]): MatSpec => matNumeric([v.length, 1], v, { storeAs: 'auto' })
  return matStruct({
    Age: matNumber(25 + s),
    Gender: matChar(s === 0 ? 'male' : 'female'),
    EEG: matStruct({ baseline: matCell(eeg, [eeg.length, 1]), stimuli: matCell(eeg, [eeg.length, 1]) }),
    ECG: matStruct({ baseline: matCell(baseline, [baseline.length, 1]), stimuli: matCell(clips, [clips.length, 1]) }),
    ScoreValence: scores(d.valence),
    ScoreArousal: scores(d.arousal),
    ScoreDominance: scores(d.dominance),
  })
}

describe('DREAMER through the import service', () => {
  let report: ImportReport
  beforeAll(async () => {
    const folder = path.join(dir, 'dreamer')
    fs.mkdirSync(folder)
    await writeMatFile(path.join(folder, 'DREAMER.mat'), {
      DREAMER: matStruct({
        Data: matCell([dreamerSubject(0), dreamerSubject(1)]),
        EEG_SamplingRate: matNumber(128),
        ECG_SamplingRate: matNumber(DREAMER_FS),
        EEG_Electrodes: matCell(['AF3', 'F7'].map((e) => matChar(e))),
        noOfSubjects: matNumber(2),
        noOfVideoSequences: matNumber(2),
        Disclaimer: matChar('test copy'),
      }),
    }, { compress: true })
    report = await importDataset(store, { kind: 'dreamer', path: folder, name: 'dreamer' })
  })

  it('imports the film clips only, with their counts and notes', () => {
    expect(report).toMatchObject({
      dataset: 'dreamer', kind: 'dreamer', subjects: 2, recordings: 4, windows: 4 + 2 + 3 + 5, excluded: 0, flagged: 0, skipped: [],
      durationS: 45 + 23 + 30.5 + 52, labelNames: ['arousal', 'valence', 'dominance'],
      labelRanges: { arousal: { min: 2, max: 5 }, valence: { min: 1, max: 5 }, dominance: { min: 1, max: 4 } },
      perSubject: [{ subject: 'S01', recordings: 2, windows: 6, excluded: 0 }, { subject: 'S02', recordings: 2, windows: 8, excluded: 0 }],
    })
    expect(report.notes).toEqual([
      'DREAMER ECG is 256 Hz (DREAMER.ECG_SamplingRate).',
      "ECG channel: ECG lead 1 (column 1 of ECG.stimuli); choose the other lead with channel 'lead2'.",
      'Baseline recordings (ECG.baseline) are not imported; only the 18 film-clip recordings are.',
    ])
    expect(getDataset(store, 'dreamer').labelScales).toEqual({ arousal: { min: 1, max: 5 }, valence: { min: 1, max: 5 }, dominance: { min: 1, max: 5 } })
  })

  it('labels every window with its clip’s ScoreValence/Arousal/Dominance', () => {
    const expected = DREAMER.flatMap((d, s) => d.seconds.flatMap((seconds, k) =>
      Array.from({ length: Math.floor(seconds / 10) }, (_, w) => [`S0${s + 1}`, `clip0${k + 1}`, 10 * w, { valence: d.valence[k], arousal: d.arousal[k], dominance: d.dominance[k] }, 'ok', false])))
    expect(windowsOf('dreamer').map((w) => [w.subject, w.trial, w.startS, w.labels, w.quality, w.excluded])).toEqual(expected)
  })

  it('stores exactly the pipeline output of lead 1, z-scored over both clips of the subject', () => {
    const filtered = [0, 1].map((k) => filterRecording(leadOf(1, k, 1), DREAMER_FS, DEFAULT_PREPROCESS))
    const stats = robustSubjectStats(filtered, DEFAULT_PREPROCESS)
    const expected = filtered.flatMap((f) => cutWindows(f, stats, DEFAULT_PREPROCESS))
    expect(expected).toHaveLength(8)
    const first = windowsOf('dreamer', 'S02')[0]?.index ?? -1
    expect(first).toBe(6)
    expected.forEach((w, i) => expect(readWindow(store, 'dreamer', first + i)).toEqual(w.samples))
  })
})

// ---------------------------------------------------------------- the ecg-ssl process

describe('ecg-ssl import amigos (spawned)', () => {
  let folder: string
  let db: string
  beforeAll(async () => {
    ensureBuilt()
    folder = path.join(dir, 'amigos-cli')
    db = path.join(dir, 'cli', 'cli.sqlite')
    await writeAmigos(folder)
    const whole = writeMat(amigosFile(AMIGOS.P02))
    fs.writeFileSync(path.join(folder, 'Data_Preprocessed_P03.mat'), whole.subarray(0, 5000))
  }, 180_000)

  it('imports with --json, listing the corrupt participant file under skipped', async () => {
    const r = await spawnCli(['import', 'amigos', folder, '--name', 'a', '--json', '--db', db])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    const report = JSON.parse(r.stdout) as ImportReport
    expect(report).toMatchObject({ dataset: 'a', kind: 'amigos', subjects: 2, recordings: 4, windows: 18, excluded: 1, flagged: 1 })
    expect(report.skipped).toEqual([
      { item: 'P01 trial 3', reason: 'the ECG Right column is all NaN (no recorded ECG)' },
      { item: 'P03', reason: expect.stringMatching(/Data_Preprocessed_P03\.mat: the file is truncated: variable 1 \(at byte 128\) needs \d+ bytes but only 4864 follow; copy the file again\.$/) as unknown },
    ])
    expect(report.perSubject.map((p) => p.subject)).toEqual(['P01', 'P02'])
  })

  it('refuses a second import under the same name with exit code 1 and one error line', async () => {
    const r = await spawnCli(['import', 'amigos', folder, '--name', 'a', '--db', db])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    const line = expectOneErrorLine(r)
    expect(line).toContain('A dataset named "a" already exists')
    expect(line).toContain(`from ${folder}`)
    const check = openStore(db)
    try {
      expect(listDatasets(check).map((d) => [d.name, d.windows])).toEqual([['a', 18]])
    } finally {
      check.close()
    }
  })
})
