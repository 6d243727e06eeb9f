import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import writeExcelFile from 'write-excel-file/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { poly5Physical, writePoly5, type Poly5ChannelSpec } from '../../../tests/helpers/poly5-writer.js'
import { previewSwellChannels, swellAdapter } from './swell.js'

let root: string
let mobi: string
let labelsDir: string
const SCORE_COLUMNS = ['PP', 'Blok', 'Valence_rc', 'Arousal_rc', 'Dominance', 'Stress', 'MentalEffort', 'MentalDemand', 'PhysicalDemand', 'TemporalDemand', 'Effort', 'Performance_rc', 'Frustration']

/** Channels as a Mobi file has them: skin conductance, the ECG, and an unused all-zero input. */
function channels(n: number, seed: number): Poly5ChannelSpec[] {
  return [
    { name: 'GSR', unit: 'uS', unitLow: 0, unitHigh: 100, adcLow: 0, adcHigh: 1000, raw: Float32Array.from({ length: n }, (_, i) => 200 + (i % 11)) },
    { name: 'ECG lead', unit: 'uV', unitLow: -5000, unitHigh: 5000, adcLow: -10000, adcHigh: 10000, raw: Float32Array.from({ length: n }, (_, i) => ((i * 31 + seed) % 401) - 200) },
    { name: 'AUX 1', unit: 'mV', raw: new Float32Array(n) },
  ]
}

const physical = (c: Poly5ChannelSpec | undefined): number[] => Array.from(c?.raw ?? [], (x) => poly5Physical(x, c as Poly5ChannelSpec))

const files = {
  pp10c1: channels(300, 1),
  pp10c2: channels(250, 2),
  pp12c1: channels(200, 3),
  pp23c2: channels(150, 4),
  pp23c2cont: channels(70, 5),
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'swell-'))
  mobi = join(root, '0 - Raw data', 'D - Physiology - raw data', 'Mobi signals (raw and filtered)')
  await mkdir(mobi, { recursive: true })
  const write = (name: string, chs: Poly5ChannelSpec[]): Promise<void> => writePoly5(join(mobi, name), { fs: 2048, channels: chs, periodsPerBlock: 16 })
  await write('pp10_8-10-2012-c1.S00', files.pp10c1)
  await write('pp10_8-10-2012-c2.S00', files.pp10c2)
  await write('pp12_9-10-212_c1.S00', files.pp12c1)
  await write('PP23_1-11-2012_c2.s00', files.pp23c2)
  await write('pp23_1-11-2012_c2_cont.S00', files.pp23c2cont)
  await write('calibration.S00', channels(10, 0))
  labelsDir = join(root, '3 - Labels')
  await mkdir(labelsDir)
  const row = (pp: string, blok: number, base: number): (string | number)[] => [pp, blok, ...Array.from({ length: 11 }, (_, i) => base + i)]
  await writeExcelFile([
    { sheet: 'Sheet1', data: [SCORE_COLUMNS, row('PP10', 2, 1), [...row('PP12', 1, 2).slice(0, 3), 999, ...row('PP12', 1, 2).slice(4)], row('PP23', 2, 3)] },
    { sheet: 'Sheet2', data: [SCORE_COLUMNS, row('PP23', 2, 5), row('PP99', 1, 7)] },
    { sheet: 'Notes', data: [['Remark'], ['999 = missing']] },
  ]).toFile(join(labelsDir, 'behavioral-labels.xlsx'))
  await writeExcelFile([
    ['PP', 'C1', 'C2', 'C3'],
    ['PP10', 'N', 'T', 'I'],
    ['PP12', 'I', 'N', 'T'],
    ['PP23', 'T', 'I', 'N'],
  ]).toFile(join(labelsDir, 'SWELL-KW - overview available data.xlsx'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('swellAdapter', () => {
  it('finds irregularly named files, joins a _cont file, and reads the ECG channel exactly', async () => {
    const scan = await swellAdapter({ path: root })
    expect(scan.kind).toBe('swell')
    expect(scan.recordings.map((r) => [r.subject, r.trial, r.fs, r.channel, r.sampleCount, r.labels])).toEqual([
      ['PP10', 'c1', 2048, 'ECG lead', 300, { block: 1 }],
      ['PP10', 'c2', 2048, 'ECG lead', 250, { block: 2 }],
      ['PP12', 'c1', 2048, 'ECG lead', 200, { block: 1 }],
      ['PP23', 'c2', 2048, 'ECG lead', 220, { block: 2 }],
    ])
    expect(scan.skipped).toEqual([{ item: 'calibration.S00', reason: 'the name does not say participant and block (like pp10_8-10-2012-c2.S00)' }])
    expect(scan.labelNames).toEqual(['block'])
    expect(scan.notes.some((n) => n.includes('No label workbook given'))).toBe(true)
    const pp23 = scan.recordings[3]
    expect(pp23?.sourceFiles).toEqual([join(mobi, 'PP23_1-11-2012_c2.s00'), join(mobi, 'pp23_1-11-2012_c2_cont.S00')])
    expect(Array.from((await pp23?.load()) ?? [])).toEqual([...physical(files.pp23c2[1]), ...physical(files.pp23c2cont[1])])
    expect(Array.from((await scan.recordings[0]?.load()) ?? [])).toEqual(physical(files.pp10c1[1]))
  })

  it('attaches the last label row per participant and block, 999 as null, and the overview conditions', async () => {
    const scan = await swellAdapter({ path: mobi, labels: join(labelsDir, 'behavioral-labels.xlsx') })
    expect(scan.labelNames).toEqual(['valence', 'arousal', 'stress', 'condition', 'block', 'dominance', 'mentalEffort', 'mentalDemand', 'physicalDemand', 'temporalDemand', 'effort', 'performance', 'frustration'])
    const scores = (base: number): Record<string, number> => ({
      valence: base, arousal: base + 1, dominance: base + 2, stress: base + 3, mentalEffort: base + 4, mentalDemand: base + 5,
      physicalDemand: base + 6, temporalDemand: base + 7, effort: base + 8, performance: base + 9, frustration: base + 10,
    })
    const empty = Object.fromEntries(Object.keys(scores(0)).map((k) => [k, null]))
    expect(scan.recordings.map((r) => r.labels)).toEqual([
      { ...empty, block: 1, condition: 'neutral' },
      { ...scores(1), block: 2, condition: 'time pressure' },
      { ...scores(2), arousal: null, block: 1, condition: 'interruption' },
      { ...scores(5), block: 2, condition: 'interruption' },
    ])
    expect(scan.labelScales.valence).toEqual({ min: 1, max: 5 })
    expect(scan.labelScales.arousal).toEqual({ min: 2, max: 6 })
    expect(scan.labelScales.block).toEqual({ min: 1, max: 2 })
    expect(scan.notes).toContain("Sheet 'Notes' of behavioral-labels.xlsx has no PP and Blok columns; it was ignored.")
    expect(scan.notes).toContain('No label row for PP10 block 1; imported with empty labels (usable for self-supervised pretraining).')
    expect(scan.notes).toContain('1 label row(s) have no recording (PP99 block 1).')
    expect(scan.notes.find((n) => n.startsWith('The SWELL files do not state'))).toMatch(/valence 1–5, arousal 2–6, stress 4–8/)
    expect(scan.recordings[1]?.sourceFiles).toEqual([
      join(mobi, 'pp10_8-10-2012-c2.S00'),
      join(labelsDir, 'behavioral-labels.xlsx'),
      join(labelsDir, 'SWELL-KW - overview available data.xlsx'),
    ])
  })

  it('records the block only, with a note, when the condition mapping is not next to the labels', async () => {
    const elsewhere = join(root, 'labels-only')
    await mkdir(elsewhere, { recursive: true })
    await writeExcelFile([SCORE_COLUMNS, ['PP10', 1, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]]).toFile(join(elsewhere, 'behavioral-labels.xlsx'))
    const scan = await swellAdapter({ path: mobi, labels: join(elsewhere, 'behavioral-labels.xlsx') })
    expect(scan.recordings[0]?.labels).toMatchObject({ valence: 5, block: 1, condition: null })
    expect(scan.notes.some((n) => n.startsWith('No condition mapping'))).toBe(true)
  })

  it('takes the channel option by name or index', async () => {
    const byName = await swellAdapter({ path: mobi, channel: 'gsr' })
    expect(byName.recordings.map((r) => r.channel)).toEqual(['GSR', 'GSR', 'GSR', 'GSR'])
    expect(Array.from((await byName.recordings[2]?.load()) ?? [])).toEqual(physical(files.pp12c1[0]))
    const byIndex = await swellAdapter({ path: mobi, channel: 2 })
    expect(byIndex.recordings[0]?.channel).toBe('AUX 1')
    expect(Array.from((await byIndex.recordings[0]?.load()) ?? []).every((x) => x === 0)).toBe(true)
    const byIndexText = await swellAdapter({ path: mobi, channel: '0' })
    expect(byIndexText.recordings[0]?.channel).toBe('GSR')
  })

  it('previews the channels of the first file with statistics', async () => {
    const preview = await previewSwellChannels(root, 0.05)
    expect(preview.file).toBe(join(mobi, 'pp10_8-10-2012-c1.S00'))
    expect(preview.fs).toBe(2048)
    expect(preview.sampleCount).toBe(300)
    expect(preview.defaultChannel).toBe(1)
    expect(preview.channels.map((c) => [c.index, c.name, c.unit, c.samples, c.allZero])).toEqual([
      [0, 'GSR', 'uS', 102, false],
      [1, 'ECG lead', 'uV', 102, false],
      [2, 'AUX 1', 'mV', 102, true],
    ])
    const gsr = physical(files.pp10c1[0]).slice(0, 102)
    expect(preview.channels[0]?.min).toBe(Math.min(...gsr))
    expect(preview.channels[0]?.max).toBe(Math.max(...gsr))
  })
})
