import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { matCell, matChar, matColumns, matEmpty, matNumber, matNumeric, matStruct, writeMatFile, type MatSpec } from '../../../tests/helpers/mat-writer.js'
import { InputError } from '../../common/input-error.js'
import { createDreamerAdapter, dreamerAdapter } from './dreamer.js'

const N = 20 * 256

/** A synthetic ECG lead at 256 Hz (R peaks, T wave, drift), in mV. */
function lead(n: number, phase: number, gain = 1): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => {
    const t = i / 256
    const beat = (t * 1.2 + phase) % 1
    return gain * (1.2 * Math.exp(-((beat - 0.3) ** 2) / 0.0006) + 0.2 * Math.exp(-((beat - 0.62) ** 2) / 0.004) + 0.05 * Math.sin(2 * Math.PI * 0.25 * t))
  })
}

const eeg = (n: number): MatSpec => matColumns(Array.from({ length: 14 }, (_, c) => Float64Array.from({ length: n }, (_, i) => (i * (c + 1)) % 17)))
const scores = (values: number[]): MatSpec => matNumeric([values.length, 1], values, { storeAs: 'auto' })

function subject(clips: MatSpec[], valence: number[], arousal: number[], dominance: number[]): MatSpec {
  return matStruct({
    Age: matNumber(24),
    Gender: matChar('female'),
    EEG: matStruct({ baseline: matCell(clips.map(() => eeg(128)), [clips.length, 1]), stimuli: matCell(clips.map(() => eeg(256)), [clips.length, 1]) }),
    ECG: matStruct({ baseline: matCell(clips.map((_, k) => matColumns([lead(512, k), lead(512, k, -1)])), [clips.length, 1]), stimuli: matCell(clips, [clips.length, 1]) }),
    ScoreValence: scores(valence),
    ScoreArousal: scores(arousal),
    ScoreDominance: scores(dominance),
  })
}

function dreamer(data: MatSpec, extra: Record<string, MatSpec> = {}): Record<string, MatSpec> {
  return {
    DREAMER: matStruct({
      Data: data,
      EEG_SamplingRate: matNumber(128),
      ECG_SamplingRate: matNumber(256),
      EEG_Electrodes: matCell(['AF3', 'F7', 'F3'].map((e) => matChar(e))),
      noOfSubjects: matNumber(2),
      noOfVideoSequences: matNumber(3),
      Disclaimer: matChar('test copy'),
      ...extra,
    }),
  }
}

const s1 = { c1: [lead(N, 0), lead(N, 0.1, -0.8)], c2: [lead(N + 100, 0.3), lead(N + 100, 0.4, 0.5)] } as const
const s2 = { c1: [lead(N, 0.5), lead(N, 0.6)], c2: lead(N, 0.7), c3: [lead(N - 256, 0.9), lead(N - 256, 0.2)] } as const
let dir = ''
let file = ''

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dreamer-'))
  const padded = Float64Array.from({ length: N + 30 }, (_, i) => (i < 10 || i >= N + 10 ? Number.NaN : (s2.c1[0][i - 10] ?? 0)))
  const padded2 = Float64Array.from({ length: N + 30 }, (_, i) => (i < 10 || i >= N + 10 ? Number.NaN : (s2.c1[1][i - 10] ?? 0)))
  const data = matCell([
    subject([matColumns(s1.c1), matColumns(s1.c2), matEmpty()], [3, 4, 5], [1, 2, 3], [5, 4, 3]),
    subject([matColumns([padded, padded2]), matColumns([new Float64Array(N).fill(Number.NaN), s2.c2]), matColumns(s2.c3)], [2, 2, 1], [4, 5, 4], [1, 1, 2]),
  ])
  await mkdir(join(dir, 'release'))
  file = join(dir, 'release', 'DREAMER.mat')
  await writeMatFile(file, dreamer(data), { compress: true })
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('dreamerAdapter', () => {
  it('imports every usable clip with its scores and reports the empty and NaN clips', async () => {
    const scan = await dreamerAdapter({ path: file })
    expect(scan.kind).toBe('dreamer')
    expect(scan.recordings.map((r) => [r.subject, r.trial, r.fs, r.channel, r.sampleCount])).toEqual([
      ['S01', 'clip01', 256, 'ECG lead 1', N],
      ['S01', 'clip02', 256, 'ECG lead 1', N + 100],
      ['S02', 'clip01', 256, 'ECG lead 1', N],
      ['S02', 'clip03', 256, 'ECG lead 1', N - 256],
    ])
    expect(scan.recordings.map((r) => r.labels)).toEqual([
      { arousal: 1, valence: 3, dominance: 5 },
      { arousal: 2, valence: 4, dominance: 4 },
      { arousal: 4, valence: 2, dominance: 1 },
      { arousal: 4, valence: 1, dominance: 2 },
    ])
    expect(scan.skipped).toEqual([
      { item: 'S01 clip03', reason: 'the clip is empty (0×0): no ECG was recorded' },
      { item: 'S02 clip02', reason: 'ECG lead 1 is all NaN (no recorded ECG)' },
    ])
    expect(scan.labelNames).toEqual(['arousal', 'valence', 'dominance'])
    expect(scan.labelScales).toEqual({ arousal: { min: 1, max: 5 }, valence: { min: 1, max: 5 }, dominance: { min: 1, max: 5 } })
    expect(scan.notes).toEqual([
      'DREAMER ECG is 256 Hz (DREAMER.ECG_SamplingRate).',
      "ECG channel: ECG lead 1 (column 1 of ECG.stimuli); choose the other lead with channel 'lead2'.",
      'Baseline recordings (ECG.baseline) are not imported; only the 18 film-clip recordings are.',
      'NaN samples at the start or end were cut off in S02 clip01 (30).',
    ])
    expect(scan.sourceFiles).toEqual([file])
    expect(await Promise.all(scan.recordings.map((r) => r.load()))).toEqual([s1.c1[0], s1.c2[0], s2.c1[0], s2.c3[0]])
  })

  it('reads the second lead when asked', async () => {
    for (const channel of [1, 'lead2', 'ECG lead 2']) {
      const scan = await dreamerAdapter({ path: file, channel })
      expect(scan.recordings.map((r) => `${r.subject} ${r.trial} ${r.channel}`)).toEqual([
        'S01 clip01 ECG lead 2',
        'S01 clip02 ECG lead 2',
        'S02 clip01 ECG lead 2',
        'S02 clip02 ECG lead 2',
        'S02 clip03 ECG lead 2',
      ])
      expect(await Promise.all(scan.recordings.map((r) => r.load()))).toEqual([s1.c1[1], s1.c2[1], s2.c1[1], s2.c2, s2.c3[1]])
    }
  })

  it('loads the same samples when memory allows one subject per pass, in any order', async () => {
    const scan = await createDreamerAdapter({ loadBudgetSamples: 1 })({ path: file })
    const order = [3, 0, 2, 1, 0]
    const loaded = []
    for (const i of order) loaded.push(await scan.recordings[i]?.load())
    expect(loaded).toEqual([s2.c3[0], s1.c1[0], s2.c1[0], s1.c2[0], s1.c1[0]])
  })

  it('finds DREAMER.mat (any case) in the folder or one level down', async () => {
    expect((await dreamerAdapter({ path: dir })).sourceFiles).toEqual([file])
    const other = await mkdtemp(join(tmpdir(), 'dreamer-case-'))
    try {
      const lower = join(other, 'dreamer.mat')
      await writeMatFile(lower, dreamer(matCell([subject([matColumns(s1.c1)], [1], [2], [3])])))
      expect((await dreamerAdapter({ path: other })).sourceFiles).toEqual([lower])
    } finally {
      await rm(other, { recursive: true, force: true })
    }
  })
})

describe('dreamerAdapter on bad input', () => {
  let bad = ''
  beforeAll(async () => {
    bad = await mkdtemp(join(tmpdir(), 'dreamer-bad-'))
  })
  afterAll(async () => {
    await rm(bad, { recursive: true, force: true })
  })
  const ok = (): MatSpec => subject([matColumns(s1.c1)], [1], [2], [3])

  async function scanOf(name: string, variables: Record<string, MatSpec>): Promise<Awaited<ReturnType<typeof dreamerAdapter>>> {
    const path = join(bad, name)
    await writeMatFile(path, variables, { compress: true })
    return dreamerAdapter({ path })
  }

  it('refuses a file without the DREAMER variable', async () => {
    await expect(scanOf('a.mat', { data: matNumber(1) })).rejects.toThrow(new InputError("there is no variable 'DREAMER' (the file holds 'data'); check that this is the expected file.", join(bad, 'a.mat')))
  })

  it('refuses a DREAMER struct without Data or ECG_SamplingRate', async () => {
    await expect(scanOf('b.mat', { DREAMER: matStruct({ ECG_SamplingRate: matNumber(256) }) })).rejects.toThrow("b.mat: DREAMER has no field 'Data' (its fields are 'ECG_SamplingRate'); check that this is the expected file.")
    await expect(scanOf('c.mat', { DREAMER: matStruct({ Data: matCell([ok()]) }) })).rejects.toThrow("c.mat: DREAMER has no field 'ECG_SamplingRate' (its fields are 'Data')")
    await expect(scanOf('d.mat', dreamer(matCell([ok()]), { ECG_SamplingRate: matChar('256') }))).rejects.toThrow(
      'd.mat: DREAMER.ECG_SamplingRate should be a number but is a 1×3 char array; check that this is the expected file.',
    )
    await expect(scanOf('e.mat', dreamer(matNumber(3)))).rejects.toThrow('e.mat: DREAMER.Data should be a 1×23 cell array of subject structs but is a 1×1 double array')
  })

  it('skips a subject without ECG and a clip with one lead when lead 2 is asked', async () => {
    const path = join(bad, 'f.mat')
    const noEcg = matStruct({ Age: matNumber(30), ScoreValence: scores([1]) })
    const oneLead = subject([matColumns([s1.c1[0]])], [1], [1], [1])
    await writeMatFile(path, dreamer(matCell([ok(), noEcg, oneLead])))
    const scan = await dreamerAdapter({ path, channel: 'lead2' })
    expect(scan.recordings.map((r) => `${r.subject} ${r.trial}`)).toEqual(['S01 clip01'])
    expect(scan.skipped).toEqual([
      { item: 'S02', reason: 'DREAMER.Data{2} is a 1×1 struct without ECG.stimuli, so it holds no ECG clips' },
      { item: 'S03 clip01', reason: `DREAMER.Data{3}.ECG.stimuli{1} is a ${N}×1 double array, not N×2 (two ECG leads)` },
    ])
  })

  it('refuses a file in which no clip is usable, naming the reasons', async () => {
    await expect(scanOf('g.mat', dreamer(matCell([subject([matEmpty()], [1], [1], [1])])))).rejects.toThrow(
      `no DREAMER ECG clip could be imported from ${join(bad, 'g.mat')} (S01 clip01: the clip is empty (0×0): no ECG was recorded).`,
    )
  })

  it('refuses a folder without DREAMER.mat, an unknown channel, and a v7.3 file', async () => {
    const empty = join(bad, 'empty')
    await mkdir(empty)
    await expect(dreamerAdapter({ path: empty })).rejects.toThrow(`no DREAMER.mat was found in ${empty} or its subfolders; choose the DREAMER.mat file of the DREAMER release.`)
    await expect(dreamerAdapter({ path: file, channel: 'lead3' })).rejects.toThrow("DREAMER has no ECG channel 'lead3'; choose 'lead1' (index 0, the default) or 'lead2' (index 1).")
    const v73 = new Uint8Array(1024)
    v73.set(new TextEncoder().encode('MATLAB 7.3 MAT-file, Platform: GLNXA64, HDF5 schema 1.00 .'))
    v73.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 512)
    await writeFile(join(bad, 'DREAMER.mat'), v73)
    await expect(dreamerAdapter({ path: bad })).rejects.toThrow("DREAMER.mat: this is a MATLAB v7.3 file (HDF5), which the workbench cannot read; re-save it as v7 in MATLAB with s = load('DREAMER.mat'); save('DREAMER_v7.mat', '-struct', 's', '-v7')")
  })
})
