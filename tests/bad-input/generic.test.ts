/**
 * Bad input for the generic adapters (csv, edf, wfdb + labels CSV): each case gives one clear
 * InputError or a reported skip — never a RangeError, TypeError or a stack trace.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { speak } from '../../src/common/wording.js'
import { csvAdapter, edfAdapter, wfdbAdapter } from '../../src/formats/adapters/generic.js'
import { buildEdf, type EdfTestSignal } from '../helpers/edf-writer.js'
import { expectInputError } from '../helpers/expect-input-error.js'

const ECG_SIGNAL: EdfTestSignal = {
  label: 'ECG', samplesPerRecord: 100, physicalMin: -1, physicalMax: 1, digitalMin: -32768, digitalMax: 32767, samples: [],
}

let root: string
let n = 0
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'generic-bad-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** A fresh case folder holding the given files (relative path → content). */
async function folder(files: Record<string, string | Buffer>): Promise<string> {
  const dir = join(root, `case${n++}`)
  await mkdir(dir)
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true })
    await writeFile(join(dir, rel), content)
  }
  return dir
}

const GOOD = 'ECG\n1\n2\n3\n'

describe('generic adapters: bad dataset paths and options', () => {
  it('a path that does not exist', async () => {
    await expectInputError(csvAdapter({ path: join(root, 'nowhere'), fs: 100 }), 'the dataset path does not exist or cannot be read; check the path.')
  })

  it('a folder without files of the kind', async () => {
    const dir = await folder({ 'notes.md': 'x', 'sub/readme.txt.bak': 'y' })
    await expectInputError(edfAdapter({ path: dir }), 'no .edf / .bdf files were found in this folder or its subfolders; check the path or the dataset kind.')
    await expectInputError(csvAdapter({ path: dir }), 'no .csv / .tsv / .txt / .mat / .xlsx files were found')
  })

  it('CSV files without a sampling rate: one error, not one skip per file', async () => {
    const dir = await folder({ 'a.csv': GOOD, 'b.csv': GOOD })
    await expectInputError(csvAdapter({ path: dir }), 'none of the 2 files could be imported; the first problem: a.csv: the sampling rate is not stated in the file; pass --fs <Hz>.')
    await expectInputError(csvAdapter({ path: join(dir, 'a.csv') }), `${join(dir, 'a.csv')}: the sampling rate is not stated in the file; pass --fs <Hz>.`)
    await expectInputError(csvAdapter({ path: dir, fs: 0 }), '--fs 0 is not a usable sampling rate')
  })

  it('an unknown --channel, by name and by index', async () => {
    const path = join(await folder({ 'a.csv': 'ECG,RESP\n1,2\n' }), 'a.csv')
    await expectInputError(csvAdapter({ path, fs: 10, channel: 'PPG' }), "there is no channel named 'PPG'; the channels are 0 'ECG', 1 'RESP'; pass --channel with one of these names or indexes.")
    await expectInputError(csvAdapter({ path, fs: 10, channel: 5 }), "there is no channel 5; the channels are 0 'ECG', 1 'RESP'")
    await expectInputError(csvAdapter({ path, fs: 10, channel: '-1' }), "there is no channel named '-1'")
  })

  it('no channel named like an ECG among several', async () => {
    const path = join(await folder({ 'a.csv': 'PPG,RESP\n1,2\n' }), 'a.csv')
    await expectInputError(csvAdapter({ path, fs: 10 }), "no channel is named like an ECG (channels: 0 'PPG', 1 'RESP'); pass --channel with a name or 0-based index.")
  })

  it('one broken file among good ones is skipped with its reason', async () => {
    const dir = await folder({ 'good.csv': GOOD, 'bad.csv': 'ECG\n1\nabc\n', 'nan.csv': 'ECG,RESP\n,1\nNaN,2\n', 'empty.csv': '' })
    const scan = await csvAdapter({ path: dir, fs: 10 })
    expect(scan.recordings.map((r) => [r.subject, r.sampleCount])).toEqual([['good', 3]])
    // Reasons keep their terms (stored with the dataset); the CLI speaks them with its options.
    expect(scan.skipped.map((k) => ({ ...k, reason: speak(k.reason, 'cli') }))).toEqual([
      { item: 'bad.csv', reason: "line 3, column 1: 'abc' is not a number; fix or remove the line." },
      { item: 'empty.csv', reason: 'the file is empty; a text signal needs one row of numbers per sample.' },
      { item: 'nan.csv', reason: "channel 'ECG' holds no numbers (every cell is empty or NaN); choose another channel with --channel." },
    ])
  })

  it('an all-NaN ECG channel in the only file is an error', async () => {
    const path = join(await folder({ 'a.csv': 'ECG,RESP\n,1\nNaN,2\n' }), 'a.csv')
    await expectInputError(csvAdapter({ path, fs: 10 }), "channel 'ECG' holds no numbers (every cell is empty or NaN); choose another channel with --channel.")
  })

  it('broken EDF and WFDB files alone are errors; beside a good file they are skipped', async () => {
    const dir = await folder({ 'x.edf': 'not an edf at all', 'r.hea': 'r 1 360 10\nr.dat 16 200 16 0 0 0 0 ECG\n' })
    await expectInputError(edfAdapter({ path: dir }), `${join(dir, 'x.edf')}: `)
    await expectInputError(wfdbAdapter({ path: dir }), 'the data file r.dat named in the WFDB header r.hea is missing')
    const good = buildEdf({ signals: [ECG_SIGNAL], recordDuration: 1, records: 2 })
    const mixed = await folder({ 'x.edf': 'not an edf at all', 'ok.edf': good, 'cut.edf': good.subarray(0, good.length - 250) })
    const scan = await edfAdapter({ path: mixed })
    expect(scan.recordings.map((r) => [r.subject, r.channel, r.sampleCount])).toEqual([['ok', 'ECG', 200]])
    expect(scan.skipped.map((s) => s.item)).toEqual(['cut.edf', 'x.edf'])
    expect(scan.skipped[0]?.reason).toContain('truncated')
  })

  it('a recording shorter than one window (one sample) does not crash the adapter', async () => {
    const dir = await folder({ 'tiny.csv': '5\n' })
    const scan = await csvAdapter({ path: dir, fs: 256 })
    expect(scan.recordings.map((r) => [r.subject, r.trial, r.sampleCount])).toEqual([['tiny', 'recording', 1]])
    expect(Array.from(await scan.recordings[0]!.load())).toEqual([5])
  })
})

describe('generic adapters: bad labels files', () => {
  it('labels without a header row', async () => {
    const dir = await folder({ 'a.csv': GOOD, 'labels.csv': '1,2\n3,4\n' })
    await expectInputError(csvAdapter({ path: dir, fs: 10, labels: join(dir, 'labels.csv') }), 'the labels file has no header row; add a first line naming the columns')
  })

  it('labels without a file or subject column', async () => {
    const dir = await folder({ 'a.csv': GOOD, 'labels.csv': 'recording,score\na.csv,1\n' })
    await expectInputError(csvAdapter({ path: dir, fs: 10, labels: join(dir, 'labels.csv') }), "the labels file has no 'file' or 'subject' column (its header is: recording, score)")
  })

  it('a non-numeric time range, with its line number', async () => {
    const dir = await folder({ 'a.csv': GOOD, 'labels.csv': 'file,start_s,end_s,score\na.csv,0,1,1\na.csv,two,3,1\n' })
    await expectInputError(csvAdapter({ path: dir, fs: 10, labels: join(dir, 'labels.csv') }), "line 3 of the labels file: start_s 'two' is not a time in seconds (a number ≥ 0); fix the cell.")
  })

  it('a spreadsheet given as labels, and a labels file that does not exist', async () => {
    const dir = await folder({ 'a.csv': GOOD, 'labels.xlsx': 'PK' })
    await expectInputError(csvAdapter({ path: dir, fs: 10, labels: join(dir, 'labels.xlsx') }), 'the csv, edf and wfdb importers read labels from a CSV file; save the sheet as CSV')
    await expectInputError(csvAdapter({ path: dir, fs: 10, labels: join(dir, 'gone.csv') }), 'the labels file cannot be read')
  })

  it('rows that select nothing are skipped; when nothing is left it is one error', async () => {
    const dir = await folder({ 'a.csv': GOOD, 'labels.csv': 'file,event,start_s,end_s,score\nb.csv,,,,1\na.csv,stimulus,,,2\na.csv,,5,9,3\n' })
    await expectInputError(
      csvAdapter({ path: dir, fs: 10, labels: join(dir, 'labels.csv') }),
      'no recording could be imported: labels.csv line 2: file "b.csv" not found in the dataset folder.',
    )
    const ok = await folder({ 'a.csv': GOOD, 'c.csv': GOOD, 'labels.csv': 'file,event,start_s,end_s,score\nb.csv,,,,1\na.csv,stimulus,,,2\na.csv,,5,9,3\n' })
    const scan = await csvAdapter({ path: ok, fs: 10, labels: join(ok, 'labels.csv') })
    expect(scan.skipped).toEqual([
      { item: 'labels.csv line 2', reason: 'file "b.csv" not found in the dataset folder.' },
      { item: 'labels.csv line 3', reason: 'a.csv has no annotations, so event "stimulus" cannot be found.' },
      { item: 'labels.csv line 4', reason: 'the range 5–9 s starts after the end of the recording (a.csv lasts 0.3 s).' },
    ])
    expect(scan.recordings.map((r) => [r.subject, r.labels])).toEqual([['c', { score: null }]])
  })

  it('a label row for a file that could not be read points at that file', async () => {
    const dir = await folder({ 'a.csv': GOOD, 'b.csv': 'ECG\nx\n', 'labels.csv': 'file,score\nb.csv,1\na.csv,2\n' })
    const scan = await csvAdapter({ path: dir, fs: 10, labels: join(dir, 'labels.csv') })
    expect(scan.skipped).toEqual([
      { item: 'b.csv', reason: "line 2, column 1: 'x' is not a number; fix or remove the line." },
      { item: 'labels.csv line 2', reason: 'file "b.csv" could not be read (see its own entry in this list).' },
    ])
  })

  it('two rows naming the same recording: the second is skipped', async () => {
    const dir = await folder({ 'a.csv': GOOD, 'labels.csv': 'file,trial,score\na.csv,t1,1\na.csv,t1,2\n' })
    const scan = await csvAdapter({ path: dir, fs: 10, labels: join(dir, 'labels.csv') })
    expect(scan.recordings.map((r) => [r.trial, r.labels])).toEqual([['t1', { score: 1 }]])
    expect(scan.skipped).toEqual([{ item: 'labels.csv line 3', reason: 'subject "a" trial "t1" is already defined by line 2; give the rows different trials or time ranges.' }])
  })
})
