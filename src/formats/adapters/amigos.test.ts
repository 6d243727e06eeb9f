import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import writeExcelFile from 'write-excel-file/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { matCell, matChar, matColumns, matEmpty, matRow, writeMat, writeMatFile, type MatSpec } from '../../../tests/helpers/mat-writer.js'
import { InputError } from '../../common/input-error.js'
import { amigosAdapter } from './amigos.js'

const N = 30 * 128

/** A synthetic ECG: narrow R peaks at ~66 bpm, a T wave and slow baseline drift, in µV. */
function ecg(n: number, phase: number, gain = 1): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => {
    const t = i / 128
    const beat = (t * 1.1 + phase) % 1
    return gain * (800 * Math.exp(-((beat - 0.3) ** 2) / 0.0008) + 120 * Math.exp(-((beat - 0.6) ** 2) / 0.005) + 30 * Math.sin(2 * Math.PI * 0.2 * t))
  })
}

/** An N×17 joined_data trial: 14 EEG columns, ECG right, ECG left, GSR. */
function trial(right: Float64Array, left: Float64Array = ecg(right.length, 0.5, -0.5), columns = 17): MatSpec {
  const eeg = Array.from({ length: 14 }, (_, c) => Float64Array.from({ length: right.length }, (_, i) => ((i * (c + 3)) % 41) - 20))
  const gsr = Float64Array.from({ length: right.length }, (_, i) => 2000 + i / 100)
  return matColumns([...eeg, right, left, gsr].slice(0, columns))
}

const selfAssessment = (values: number[]): MatSpec => matRow([...values, 0, 0, 1, 0, 0, 0, 0])
const noLabels = (): MatSpec => matEmpty([1, 0])

let dir = ''
const p01 = { t1: ecg(N, 0), t3left: ecg(N, 0.2), t4: ecg(2560, 0.1, 1.5) }
const p02 = { t1: ecg(N, 0.3), t2: ecg(N, 0.7) }
const p03 = { t2: ecg(N, 0.4), t4: ecg(N, 0.9) }
// A dropout inside a trial: imported, and the pipeline flags the windows it touches.
p03.t2[1000] = Number.NaN
p03.t2[2000] = Number.NaN

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'amigos-'))
  const nan = new Float64Array(N).fill(Number.NaN)
  await writeMatFile(
    join(dir, 'Data_Preprocessed_P01.mat'),
    {
      joined_data: matCell([trial(p01.t1), matEmpty(), trial(nan, p01.t3left), trial(p01.t4)]),
      labels_selfassessment: matCell([selfAssessment([5.5, 6, 4, 7, 3]), noLabels(), selfAssessment([2, 2, 2, 2, 2]), noLabels()]),
      labels_ext_annotation: matCell([matRow([1, 2, 3])]),
      VideoIDs: matCell([matChar('10'), matChar('13'), matChar('138'), matChar('N1')]),
    },
    { compress: true },
  )
  // P02 nested in its own folder, uncompressed, labels stored as small ints as MATLAB does.
  await mkdir(join(dir, 'Data_Preprocessed_P02'))
  const padded = Float64Array.from({ length: N + 96 }, (_, i) => (i < 64 || i >= 64 + N ? Number.NaN : (p02.t1[i - 64] ?? 0)))
  await writeMatFile(join(dir, 'Data_Preprocessed_P02', 'Data_Preprocessed_P02.mat'), {
    joined_data: matCell([trial(padded, padded), trial(p02.t2)]),
    labels_selfassessment: matCell([matRow([9, 1, 5, 5, 1, 1, 0, 0, 0, 0, 0, 0], { storeAs: 'auto' }), matRow([3, 4, 5, 6, 7, 0, 0, 0, 0, 0, 0, 1], { storeAs: 'auto' })]),
  })
  await writeMatFile(
    join(dir, 'data_preprocessed_p03.mat'),
    {
      joined_data: matCell([trial(new Float64Array(N)), trial(p03.t2), trial(ecg(N, 0), undefined, 14), trial(p03.t4)]),
      labels_selfassessment: matCell([1, 2, 3, 4].map((k) => selfAssessment([k, k, k, k, k]))),
      VideoIDs: matCell([matChar('1'), matChar('1'), matChar('2'), matChar('3')]),
    },
    { compress: (name) => name === 'joined_data' },
  )
  const p04 = writeMat({ joined_data: matCell([trial(ecg(N, 0))]) })
  await writeFile(join(dir, 'Data_Preprocessed_P04.mat'), p04.subarray(0, 5000))
  await writeMatFile(join(dir, 'Data_Preprocessed_P05.mat'), { labels_selfassessment: matCell([selfAssessment([1, 1, 1, 1, 1])]) })
  await writeFile(join(dir, 'README.txt'), 'not a mat file')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('amigosAdapter', () => {
  it('finds the participants (also nested and lower-case), imports the usable trials and reports every skip', async () => {
    const scan = await amigosAdapter({ path: dir })
    expect(scan.kind).toBe('amigos')
    expect(scan.recordings.map((r) => [r.subject, r.trial, r.fs, r.channel, r.sampleCount])).toEqual([
      ['P01', '10', 128, 'ECG Right', N],
      ['P01', 'N1', 128, 'ECG Right', 2560],
      ['P02', 'T01', 128, 'ECG Right', N],
      ['P02', 'T02', 128, 'ECG Right', N],
      ['P03', 'T02', 128, 'ECG Right', N],
      ['P03', 'T04', 128, 'ECG Right', N],
    ])
    expect(scan.recordings.map((r) => r.labels)).toEqual([
      { arousal: 5.5, valence: 6, dominance: 4, liking: 7, familiarity: 3 },
      { arousal: null, valence: null, dominance: null, liking: null, familiarity: null },
      { arousal: 9, valence: 1, dominance: 5, liking: 5, familiarity: 1 },
      { arousal: 3, valence: 4, dominance: 5, liking: 6, familiarity: 7 },
      { arousal: 2, valence: 2, dominance: 2, liking: 2, familiarity: 2 },
      { arousal: 4, valence: 4, dominance: 4, liking: 4, familiarity: 4 },
    ])
    expect(scan.skipped.find((s) => s.item === 'P04')?.reason).toMatch(
      /^.*Data_Preprocessed_P04\.mat: the file is truncated: variable 1 \(at byte 128\) needs \d+ bytes but only 4864 follow; copy the file again\.$/,
    )
    expect(scan.skipped.map((s) => (s.item === 'P04' ? { ...s, reason: 'as above' } : s))).toEqual([
      { item: 'P01 trial 2', reason: 'the trial is empty (0×0): no data was recorded' },
      { item: 'P01 trial 3', reason: 'the ECG Right column is all NaN (no recorded ECG)' },
      { item: 'P03 trial 1', reason: 'the ECG Right column is constant (a flat line at 0), so it holds no ECG' },
      { item: 'P03 trial 3', reason: `joined_data{3} is a ${N}×14 double array, not N×17 (14 EEG, ECG right, ECG left, GSR)` },
      { item: 'P04', reason: 'as above' },
      {
        item: 'P05',
        reason: `${join(dir, 'Data_Preprocessed_P05.mat')}: there is no variable 'joined_data' (the file holds 'labels_selfassessment'); check that this is the expected file.`,
      },
    ])
    expect(scan.labelNames).toEqual(['arousal', 'valence', 'dominance', 'liking', 'familiarity'])
    expect(scan.labelScales.valence).toEqual({ min: 1, max: 9 })
    expect(scan.notes).toEqual([
      'AMIGOS preprocessed ECG is 128 Hz; it will be upsampled to 256 Hz before windowing.',
      "ECG channel: ECG Right (joined_data column 15); choose the other arm with channel 'left'.",
      '1 trial(s) have no self-assessment labels (P01 trial 4); they are imported with empty labels for self-supervised pretraining only.',
      'NaN samples at the start or end were cut off in P02 trial 1 (96).',
      "Missing (NaN) samples inside P03 trial 2 (2) are bridged only for filtering; the windows they touch are flagged 'nan' and excluded by default.",
    ])
    expect(scan.sourceFiles).toEqual([
      join(dir, 'Data_Preprocessed_P01.mat'),
      join(dir, 'Data_Preprocessed_P02', 'Data_Preprocessed_P02.mat'),
      join(dir, 'data_preprocessed_p03.mat'),
      join(dir, 'Data_Preprocessed_P04.mat'),
      join(dir, 'Data_Preprocessed_P05.mat'),
    ])
    expect(scan.recordings[0]?.sourceFiles).toEqual([join(dir, 'Data_Preprocessed_P01.mat')])
  })

  it('load returns the exact ECG samples of each trial, trimmed of NaN ends', async () => {
    const scan = await amigosAdapter({ path: dir })
    const loaded = await Promise.all(scan.recordings.map((r) => r.load()))
    expect(loaded).toEqual([p01.t1, p01.t4, p02.t1, p02.t2, p03.t2, p03.t4])
    // Loading again (out of order) still gives the same samples.
    expect(await scan.recordings[0]?.load()).toEqual(p01.t1)
  })

  it('reads the left-arm ECG when asked, by name or index', async () => {
    for (const channel of ['left', 'ECG Left', 'ecg_left', 15]) {
      const scan = await amigosAdapter({ path: dir, channel })
      expect(scan.recordings[0]?.channel).toBe('ECG Left')
      // P01 trial 3 has ECG only on the left arm, so it is imported now.
      expect(scan.recordings.slice(0, 3).map((r) => r.trial)).toEqual(['10', '138', 'N1'])
      expect(await scan.recordings[1]?.load()).toEqual(p01.t3left)
    }
    const right = await amigosAdapter({ path: dir, channel: 14 })
    expect(right.recordings[0]?.channel).toBe('ECG Right')
  })

  it('refuses a channel that is not one of the two ECG columns', async () => {
    await expect(amigosAdapter({ path: dir, channel: 3 })).rejects.toThrow(
      new InputError("AMIGOS has no ECG channel '3'; choose 'ECG Right' (index 14, joined_data column 15, the default) or 'ECG Left' (index 15, column 16)."),
    )
  })

  it('takes valence and arousal from SelfAsessment.xlsx when given (UserID = participant, Rep_Index = trial position)', async () => {
    const sheet = join(dir, 'SelfAsessment.xlsx')
    await writeExcelFile([
      ['UserID', 'Rep_Index', 'valence', 'arousal'],
      [1, 1, 8.5, 1.5],
      [1, 4, 2, 3],
      [2, 2, '6', 7],
    ]).toFile(sheet)
    const scan = await amigosAdapter({ path: dir, labels: sheet })
    expect(scan.recordings.map((r) => r.labels)).toEqual([
      { arousal: 1.5, valence: 8.5, dominance: 4, liking: 7, familiarity: 3 },
      { arousal: 3, valence: 2, dominance: null, liking: null, familiarity: null },
      { arousal: 9, valence: 1, dominance: 5, liking: 5, familiarity: 1 },
      { arousal: 7, valence: 6, dominance: 5, liking: 6, familiarity: 7 },
      { arousal: 2, valence: 2, dominance: 2, liking: 2, familiarity: 2 },
      { arousal: 4, valence: 4, dominance: 4, liking: 4, familiarity: 4 },
    ])
    expect(scan.notes).toContain("Labels from SelfAsessment.xlsx (sheet 'Sheet1': arousal, valence) replace the .mat labels for 3 trial(s); 3 trial(s) have no row there and keep the .mat labels.")
    expect(scan.notes.some((n) => n.includes('no self-assessment labels'))).toBe(false)
    expect(scan.sourceFiles.at(-1)).toBe(sheet)
    expect(scan.recordings[0]?.sourceFiles).toEqual([join(dir, 'Data_Preprocessed_P01.mat'), sheet])
  })

  it('accepts a single participant file as the path', async () => {
    const scan = await amigosAdapter({ path: join(dir, 'Data_Preprocessed_P01.mat') })
    expect(scan.recordings.map((r) => `${r.subject}/${r.trial}`)).toEqual(['P01/10', 'P01/N1'])
  })

  it('says what it expected when the folder holds no AMIGOS files', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'amigos-empty-'))
    try {
      await expect(amigosAdapter({ path: empty })).rejects.toThrow(
        `no AMIGOS files named Data_Preprocessed_P01.mat … Data_Preprocessed_P40.mat were found in ${empty} or its subfolders; point at the folder of the preprocessed AMIGOS release.`,
      )
      await expect(amigosAdapter({ path: join(empty, 'missing') })).rejects.toThrow(InputError)
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })
})
