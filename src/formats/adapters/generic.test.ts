import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEdf, type EdfTestSignal } from '../../../tests/helpers/edf-writer.js'
import { InputError } from '../../common/input-error.js'
import type { DatasetScan } from '../types.js'
import { csvAdapter, edfAdapter, wfdbAdapter } from './generic.js'
import { SHARED_DATA } from '../../../tests/helpers/shared-data.js'
import { speak } from '../../common/wording.js'

const DATA = SHARED_DATA + '/'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'generic-adapter-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function write(rel: string, content: string | Buffer): Promise<string> {
  const path = join(dir, rel)
  await mkdir(dirname(path), { recursive: true })
  await writeFile(path, content)
  return path
}

/** A single-column CSV of `n` samples whose value k is `offset + k`. */
function ramp(n: number, offset: number): string {
  return `ECG\n${Array.from({ length: n }, (_, k) => String(offset + k)).join('\n')}\n`
}

const summary = (scan: DatasetScan): unknown[] => scan.recordings.map((r) => [r.subject, r.trial, r.sampleCount, r.labels])

describe('csvAdapter', () => {
  it('subfolders per subject, labels by file and time range, a missing file, an unlabeled file', async () => {
    const root = join(dir, 'csv-study')
    await write('csv-study/S01/rest.csv', ramp(3000, 0))
    await write('csv-study/S01/task.csv', ramp(3000, 10000))
    await write('csv-study/S02/rest.csv', ramp(3000, 20000))
    await write('csv-study/S02/extra.csv', ramp(500, 30000))
    // The labels file sits inside the dataset folder: it must not be read as a recording.
    const labels = await write(
      'csv-study/labels.csv',
      [
        'file,start_s,end_s,arousal,valence',
        'S01/rest.csv,,,3,4',
        'S01/task.csv,0,10,5,6',
        'S01\\task.csv,10,20,7,8',
        'rest.csv,,,9,9',
        'S02/rest,,,1,2',
        'S02/missing.csv,,,1,1',
        'S02/rest.csv,25,40,2,2',
      ].join('\n'),
    )
    const scan = await csvAdapter({ path: root, labels, fs: 100 })
    expect(scan.kind).toBe('csv')
    expect(summary(scan)).toEqual([
      ['S01', 'rest', 3000, { arousal: 3, valence: 4 }],
      ['S01', 'task 0-10 s', 1000, { arousal: 5, valence: 6 }],
      ['S01', 'task 10-20 s', 1000, { arousal: 7, valence: 8 }],
      ['S02', 'extra', 500, { arousal: null, valence: null }],
      ['S02', 'rest', 3000, { arousal: 1, valence: 2 }],
    ])
    expect(scan.skipped).toEqual([
      { item: 'labels.csv line 5', reason: 'file "rest.csv" matches several files (S01/rest.csv, S02/rest.csv); give its path relative to the dataset folder.' },
      { item: 'labels.csv line 7', reason: 'file "S02/missing.csv" not found in the dataset folder.' },
      { item: 'labels.csv line 8', reason: 'the range 25–40 s ends after the end of the recording (S02/rest.csv lasts 30 s).' },
    ])
    expect(scan.labelNames).toEqual(['arousal', 'valence'])
    expect(scan.labelScales).toEqual({ arousal: { min: 1, max: 7 }, valence: { min: 2, max: 8 } })
    expect(scan.notes).toContain("channel used: 'ECG' (its name says ECG/EKG) in 4 files (S01/rest.csv, S01/task.csv, S02/extra.csv, S02/rest.csv).")
    expect(scan.notes).toContain('1 file has no row in labels.csv and was imported without labels (usable for self-supervised pretraining): S02/extra.csv.')
    expect(scan.recordings.every((r) => r.fs === 100 && r.channel === 'ECG')).toBe(true)
    expect(scan.sourceFiles).toContain(labels)
    expect(scan.sourceFiles).toHaveLength(5)

    const [rest, task0, task1, extra] = scan.recordings
    const x = await task1!.load()
    expect([x.length, x[0], x[999]]).toEqual([1000, 11000, 11999])
    const y = await task0!.load()
    expect([y.length, y[0], y[999]]).toEqual([1000, 10000, 10999])
    const z = await rest!.load()
    expect([z.length, z[0], z[2999]]).toEqual([3000, 0, 2999])
    expect((await extra!.load())[499]).toBe(30499)
  })

  it('flat folder: file stems are subjects; subject-only rows; a row may rename the subject', async () => {
    await write('flat/p1.csv', ramp(200, 0))
    await write('flat/p2.csv', ramp(200, 0))
    await write('flat/p3.csv', ramp(200, 0))
    const labels = await write('flat-labels.csv', 'subject;file;trial;stress\np1;;;high\nAlice;p2.csv;morning;low\n')
    const scan = await csvAdapter({ path: join(dir, 'flat'), labels, fs: 50 })
    expect(summary(scan)).toEqual([
      ['Alice', 'morning', 200, { stress: 'low' }],
      ['p1', 'recording', 200, { stress: 'high' }],
      ['p3', 'recording', 200, { stress: null }],
    ])
    expect(scan.labelScales).toEqual({})
    expect(scan.skipped).toEqual([])
  })

  it('a single file without labels; --channel by index; the derived rate is noted', async () => {
    const path = await write('one/session.csv', `time,RESP,ECG\n${Array.from({ length: 40 }, (_, k) => `${k / 4},${k},${-k}`).join('\n')}\n`)
    const scan = await csvAdapter({ path, channel: 1 })
    expect(summary(scan)).toEqual([['session', 'recording', 40, {}]])
    expect(scan.recordings[0]?.fs).toBe(4)
    // Notes keep their terms (src/common/wording.ts); the CLI speaks them with its options.
    expect(scan.notes.map((n) => speak(n, 'cli'))).toEqual([
      "channel used: 'ECG' (chosen with --channel) in session.csv.",
      'the sampling rate of 1 file was derived from its time column (median time step); pass --fs if that is wrong.',
      "session.csv: sampling rate 4 Hz derived from the time column 'time'.",
    ])
    expect((await scan.recordings[0]!.load())[39]).toBe(-39)
  })
})

const ecg: EdfTestSignal = {
  label: 'ECG', unit: 'uV', samplesPerRecord: 100, physicalMin: -32768, physicalMax: 32767, digitalMin: -32768, digitalMax: 32767,
  samples: Array.from({ length: 6000 }, (_, k) => k),
}
const eeg: EdfTestSignal = { ...ecg, label: 'EEG Fz', samples: Array.from({ length: 6000 }, () => 7) }

describe('edfAdapter', () => {
  it('picks the ECG channel and takes time ranges from annotations named in the labels', async () => {
    await write(
      'edf/rec.edf',
      buildEdf({
        signals: [eeg, ecg], recordDuration: 1, records: 60, variant: 'EDF+C',
        annotations: [{ onset: 0, duration: 20, text: 'baseline' }, { onset: 20, text: 'Stimulus' }, { onset: 40, duration: 10, text: 'Stimulus' }],
      }),
    )
    const labels = await write('edf-labels.csv', 'file,event,arousal\nrec.edf,baseline,1\nrec.edf,stimulus,5\nrec.edf,rest,3\n')
    const scan = await edfAdapter({ path: join(dir, 'edf'), labels })
    expect(summary(scan)).toEqual([
      ['rec', 'baseline', 2000, { arousal: 1 }],
      ['rec', 'stimulus #1', 2000, { arousal: 5 }],
      ['rec', 'stimulus #2', 1000, { arousal: 5 }],
    ])
    expect(scan.skipped).toEqual([{ item: 'edf-labels.csv line 4', reason: 'no annotation "rest" in rec.edf (it has: "baseline", "Stimulus").' }])
    expect(scan.notes).toContain("channel used: 'ECG' (its name says ECG/EKG) in rec.edf.")
    expect(scan.recordings.map((r) => [r.fs, r.channel])).toEqual([[100, 'ECG'], [100, 'ECG'], [100, 'ECG']])
    const second = await scan.recordings[1]!.load()
    expect([second[0], second[1999]]).toEqual([2000, 3999])
    const third = await scan.recordings[2]!.load()
    expect([third[0], third[999]]).toEqual([4000, 4999])
  })

  it('EDF+D: time ranges skip the gaps between records', async () => {
    const short: EdfTestSignal = { ...ecg, samples: Array.from({ length: 500 }, (_, k) => k) }
    const path = await write('edfd/gappy.edf', buildEdf({ signals: [short], recordDuration: 1, records: 5, variant: 'EDF+D', recordStarts: [0, 1, 2, 5, 6] }))
    const labels = await write('edfd-labels.csv', 'file,start_s,end_s,score\ngappy.edf,5.5,6.5,1\n')
    const scan = await edfAdapter({ path, labels })
    const x = await scan.recordings[0]!.load()
    // Wall time 5.5 s is 2.5 s of samples after removing the 2 s gap (3 s to 5 s).
    expect([x.length, x[0], x[99]]).toEqual([100, 350, 449])
  })
})

const MITDB = join(DATA, 'wfdb/mitdb_100')
const MACECG = join(DATA, 'wfdb/macecgdb_test01_00s')

describe('wfdbAdapter', () => {
  it('mitdb 100: MLII is chosen as lead II; --channel v5 reads V5 equal to the rdsamp oracle', async () => {
    const scan = await wfdbAdapter({ path: MITDB })
    expect(scan.recordings.map((r) => [r.subject, r.trial, r.channel, r.fs, r.sampleCount])).toEqual([['100', 'recording', 'MLII', 360, 650000]])
    expect(scan.notes[0]).toBe("channel used: 'MLII' (lead II, preferred among several ECG leads) in 100.hea.")
    expect(scan.sourceFiles).toEqual([join(MITDB, '100.hea'), join(MITDB, '100.dat')])

    const v5 = await wfdbAdapter({ path: join(MITDB, '100.hea'), channel: 'v5' })
    const x = await v5.recordings[0]!.load()
    const oracle = (await readFile(join(MITDB, 'expected_v5_digital_samples_1-10799.txt'), 'utf8')).trim().split('\n').map(Number)
    // Physical = (digital − baseline 1024) / gain 200.
    expect(Array.from(x.subarray(1, 10800))).toEqual(oracle.map((d) => (d - 1024) / 200))
  })

  it('macecgdb: four ECG channels are ambiguous without --channel; with it, values equal the oracle', async () => {
    await expect(wfdbAdapter({ path: MACECG })).rejects.toThrow(
      "several channels could be the ECG (0 'ECG 1', 1 'ECG 2', 2 'ECG 3', 3 'ECG 4'); pass --channel with a name or 0-based index to choose one.",
    )
    await expect(wfdbAdapter({ path: MACECG })).rejects.toBeInstanceOf(InputError)
    const scan = await wfdbAdapter({ path: MACECG, channel: 'ecg 3' })
    const x = await scan.recordings[0]!.load()
    const oracle = (await readFile(join(MACECG, 'expected_digital.txt'), 'utf8')).trim().split('\n').map((line) => Number(line.trim().split(/\s+/)[2]))
    expect(x.length).toBe(4000)
    expect(Array.from(x)).toEqual(oracle.map((d) => d / 100))
  })

  it('a folder of records with a labels CSV: bare record names, ranges, an ambiguous record skipped', async () => {
    const labels = await write('wfdb-labels.csv', 'file,start_s,end_s,score\n100,0,60,2\ns0010_re.hea,10,20,4\n')
    const scan = await wfdbAdapter({ path: join(DATA, 'wfdb'), labels })
    expect(scan.recordings.map((r) => [r.subject, r.trial, r.channel, r.sampleCount, r.labels])).toEqual([
      ['mitdb_100', '100 0-60 s', 'MLII', 21600, { score: 2 }],
      ['ptbdb_s0010_re', 's0010_re 10-20 s', 'ii', 10000, { score: 4 }],
    ])
    expect(scan.skipped.map((k) => ({ ...k, reason: speak(k.reason, 'cli') }))).toEqual([
      {
        item: 'macecgdb_test01_00s/test01_00s.hea',
        reason: "several channels could be the ECG (0 'ECG 1', 1 'ECG 2', 2 'ECG 3', 3 'ECG 4'); pass --channel with a name or 0-based index to choose one.",
      },
    ])
    expect(scan.sourceFiles).toEqual([
      join(DATA, 'wfdb/mitdb_100/100.hea'),
      join(DATA, 'wfdb/mitdb_100/100.dat'),
      join(DATA, 'wfdb/ptbdb_s0010_re/s0010_re.hea'),
      join(DATA, 'wfdb/ptbdb_s0010_re/s0010_re.dat'),
      join(DATA, 'wfdb/ptbdb_s0010_re/s0010_re.xyz'),
      labels,
    ])
  })
})
