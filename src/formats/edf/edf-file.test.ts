import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEdf, quantisationStep, type EdfTestOptions, type EdfTestSignal } from '../../../tests/helpers/edf-writer.js'
import { openEdf } from './edf-file.js'
import { sharedData } from '../../../tests/helpers/shared-data.js'

const SUBSECOND = sharedData('edf/pyedflib_test_subsecond.edf')

let dir: string
let n = 0
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'edf-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

async function write(o: EdfTestOptions): Promise<string> {
  const path = join(dir, `t${n++}.edf`)
  await writeFile(path, buildEdf(o))
  return path
}

function expectWithinStep(got: Float64Array, s: EdfTestSignal): void {
  expect(got).toHaveLength(s.samples.length)
  const step = quantisationStep(s)
  let worst = 0
  for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i]! - s.samples[i]!))
  expect(worst).toBeLessThanOrEqual(step)
}

describe('openEdf on pyedflib test_subsecond.edf (EDF+C)', () => {
  it('reads the structure, the sub-second start and the annotations', async () => {
    const f = await openEdf(SUBSECOND)
    expect(f.format).toBe('edf')
    expect(f.header.variant).toBe('EDF+C')
    expect(f.recordCount).toBe(698)
    expect(f.header.recordDuration).toBe(1)
    expect(f.channels).toEqual([{ index: 0, name: 'Fp1', unit: 'uV', fs: 128, sampleCount: 698 * 128 }])
    // Header says 24.01.20 04.05.56; the first record's time-keeping TAL is +0.3945312.
    expect(f.startTime).toBe('2020-01-24T04:05:56.394')
    expect(f.gaps).toEqual([])
    expect(f.warnings).toEqual([])
    // Onsets in the file are +2.3457031, +3.8867187, +290.8964843, +583.9667968 after the header
    // time; relative to the first sample they are 0.3945312 s earlier.
    expect(f.events).toEqual([
      { onsetS: 1.9511719, durationS: 0, text: 'XLSpike' },
      { onsetS: 3.4921875, durationS: 0, text: 'Clip Note' },
      { onsetS: 290.5019531, durationS: 0, text: 'XLEvent' },
      { onsetS: 583.5722656, durationS: 0, text: 'XLSpike' },
    ])
  })

  it('scales Fp1 with its inverted physical range (pmin 8711, pmax −8711)', async () => {
    const f = await openEdf(SUBSECOND)
    const x = await f.readChannel(0)
    expect(x).toHaveLength(89344)
    // Decoded independently: digital -24, -29, -39 at the start, 21 at sample 1000, 0 at the end.
    expect(x[0]).toBeCloseTo(6.247302967880387, 9)
    expect(x[1]).toBeCloseTo(7.576516365301359, 9)
    expect(x[2]).toBeCloseTo(10.234943160143303, 9)
    expect(x[1000]).toBeCloseTo(-5.715617608911998, 9)
    expect(x[89343]).toBeCloseTo(-0.1329213397420972, 9)
    // Sum of the digital values is 56106: physical sum = n·pmin + (Σd − n·dmin)·scale.
    const scale = -17422 / 65535
    const expectedSum = 89344 * 8711 + (56106 + 89344 * 32768) * scale
    expect(x.reduce((a, b) => a + b, 0)).toBeCloseTo(expectedSum, 4)
  })
})

const seconds = 10
const ecg: EdfTestSignal = {
  label: 'ECG', unit: 'mV', samplesPerRecord: 256, physicalMin: -5, physicalMax: 5, digitalMin: -32768, digitalMax: 32767,
  samples: Array.from({ length: 256 * seconds }, (_, i) => 1.2 * Math.sin(2 * Math.PI * 1.1 * i / 256) + 0.3 * Math.cos(i / 7)),
}
const resp: EdfTestSignal = {
  label: 'Resp', unit: 'uV', samplesPerRecord: 128, physicalMin: 0, physicalMax: 1000, digitalMin: 0, digitalMax: 4095,
  samples: Array.from({ length: 128 * seconds }, (_, i) => 500 + 400 * Math.sin(i / 30)),
}
const fast: EdfTestSignal = {
  label: 'EMG', unit: 'uV', samplesPerRecord: 512, physicalMin: -300.5, physicalMax: 300.25, digitalMin: -2048, digitalMax: 2047,
  samples: Array.from({ length: 512 * seconds }, (_, i) => 250 * Math.sin(i / 3) - 20),
}

describe('openEdf on files written by the test writer', () => {
  it('plain EDF with three rates: values equal the written ones within one quantisation step', async () => {
    const f = await openEdf(await write({ signals: [ecg, resp, fast], recordDuration: 1, records: seconds }))
    expect(f.header.variant).toBe('EDF')
    expect(f.channels).toEqual([
      { index: 0, name: 'ECG', unit: 'mV', fs: 256, sampleCount: 2560 },
      { index: 1, name: 'Resp', unit: 'uV', fs: 128, sampleCount: 1280 },
      { index: 2, name: 'EMG', unit: 'uV', fs: 512, sampleCount: 5120 },
    ])
    expect(f.startTime).toBe('2020-01-24T10:20:30')
    expect(f.events).toEqual([])
    expect(f.warnings).toEqual([])
    expectWithinStep(await f.readChannel(0), ecg)
    expectWithinStep(await f.readChannel(1), resp)
    expectWithinStep(await f.readChannel(2), fast)
  })

  it('EDF+C with the annotation signal first: channel indices skip it, events are read', async () => {
    const f = await openEdf(await write({
      signals: [resp, ecg], recordDuration: 1, records: seconds, variant: 'EDF+C', annotationsFirst: true,
      annotations: [{ onset: 1.5, duration: 2.25, text: 'trial 1 start' }, { onset: 6, text: 'Ärger' }],
    }))
    expect(f.channels.map((c) => [c.index, c.name, c.fs])).toEqual([[0, 'Resp', 128], [1, 'ECG', 256]])
    expect(f.events).toEqual([
      { onsetS: 1.5, durationS: 2.25, text: 'trial 1 start' },
      { onsetS: 6, durationS: 0, text: 'Ärger' },
    ])
    expect(f.gaps).toEqual([])
    expectWithinStep(await f.readChannel(1), ecg)
  })

  it('EDF+D with a gap: samples are joined, the gap is reported and warned about', async () => {
    // Records of 2 s at 0, 2, 4, then 9, 11 (a 3 s gap after 6 s), first record 0.25 s after the header time.
    const starts = [0.25, 2.25, 4.25, 9.25, 11.25]
    const sig = { ...ecg, samples: ecg.samples.slice(0, 256 * 5) }
    const f = await openEdf(await write({
      signals: [sig], recordDuration: 2, records: 5, variant: 'EDF+D', recordStarts: starts,
      annotations: [{ onset: 10.25, text: 'after the gap' }], startTime: '23.59.59', startDate: '31.12.99',
    }))
    expect(f.channels[0]).toEqual({ index: 0, name: 'ECG', unit: 'mV', fs: 128, sampleCount: 1280 })
    expect(f.gaps).toEqual([{ startS: 6, durationS: 3 }])
    expect(f.warnings).toEqual([expect.stringMatching(/1 gap \(3 s at 6 s\); the samples on either side are joined/)])
    expect(f.events).toEqual([{ onsetS: 10, durationS: 0, text: 'after the gap' }])
    expect(f.startTime).toBe('1999-12-31T23:59:59.250')
    expectWithinStep(await f.readChannel(0), sig)
  })

  it('record count −1 is derived from the file size; a partial last record is dropped with a warning', async () => {
    const bytes = buildEdf({ signals: [ecg, resp], recordDuration: 1, records: seconds })
    bytes.write('-1      ', 236, 'latin1')
    const path = join(dir, 'unknown-count.edf')
    await writeFile(path, bytes.subarray(0, bytes.length - 100))
    const f = await openEdf(path)
    expect(f.recordCount).toBe(9)
    expect(f.channels[0]!.sampleCount).toBe(256 * 9)
    expect(f.warnings).toEqual(['the last data record is incomplete (668 of 768 bytes) and was left out.'])
    const x = await f.readChannel(0)
    expectWithinStep(x, { ...ecg, samples: ecg.samples.slice(0, 256 * 9) })
  })

  it('a declared last record that is partial is dropped with a warning', async () => {
    const bytes = buildEdf({ signals: [ecg], recordDuration: 1, records: seconds })
    const path = join(dir, 'partial.edf')
    await writeFile(path, bytes.subarray(0, bytes.length - 10))
    const f = await openEdf(path)
    expect(f.recordCount).toBe(9)
    expect(f.warnings).toEqual(['the header declares 10 data records but the last one is incomplete (502 of 512 bytes); it was left out.'])
  })

  it('sub-second records: 0.1 s records of 25 samples are 250 Hz', async () => {
    const s: EdfTestSignal = { ...resp, samplesPerRecord: 25, samples: resp.samples.slice(0, 250) }
    const f = await openEdf(await write({ signals: [s], recordDuration: 0.1, records: 10 }))
    expect(f.channels[0]!.fs).toBe(250)
    expectWithinStep(await f.readChannel(0), s)
  })
})
