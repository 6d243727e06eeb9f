/**
 * Recordings exported from MATLAB or a spreadsheet as row vectors (the whole recording in one
 * row), matrices of channels × samples, or columns, read by the csv kind like text files.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import writeExcelFile from 'write-excel-file/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { matChar, matColumns, matMatrix, matNumber, matNumeric, matRow, writeMatFile } from '../../tests/helpers/mat-writer.js'
import { expectInputError } from '../../tests/helpers/expect-input-error.js'
import { chooseChannel } from './adapters/generic-channel.js'
import { openSignalFile } from './adapters/generic-files.js'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'table-signals-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

const wave = (n: number, k: number): number[] => Array.from({ length: n }, (_, i) => Math.round(1000 * Math.sin(i / (7 + k))) / 1000)

describe('.mat recordings', () => {
  it('a 1×N row vector with its rate in fs is one channel, sample by sample', async () => {
    const ecg = wave(5000, 0)
    const path = join(dir, 'row.mat')
    await writeMatFile(path, { ecg: matRow(ecg), fs: matNumber(256), note: matChar('subject 3') })
    const file = await openSignalFile('csv', path, {})
    expect(file.channels).toEqual([{ index: 0, name: 'ecg', unit: '', fs: 256, sampleCount: 5000 }])
    expect(Array.from(await file.readChannel(0))).toEqual(ecg)
  })

  it('a channels × samples matrix gives one channel per row; an N×1 column and single precision read too', async () => {
    const rows = [wave(400, 1), wave(400, 2), wave(400, 3)]
    const path = join(dir, 'matrix.mat')
    await writeMatFile(path, {
      leads: matMatrix(rows),
      resp: matColumns([wave(300, 4)], { class: 'single' }),
      Fs: matNumber(128, { class: 'int16' }),
      calib: matNumeric([3, 3], Array.from({ length: 9 }, (_, i) => i)),
    })
    const file = await openSignalFile('csv', path, {})
    expect(file.channels.map((c) => [c.name, c.fs, c.sampleCount])).toEqual([
      ['leads(1,:)', 128, 400], ['leads(2,:)', 128, 400], ['leads(3,:)', 128, 400], ['resp', 128, 300],
    ])
    for (let k = 0; k < 3; k++) expect(Array.from(await file.readChannel(k))).toEqual(rows[k])
    expect(Array.from(await file.readChannel(3))).toEqual(wave(300, 4).map((v) => Math.fround(v)))
  })

  it('the rate given by the user wins over the file, with a warning', async () => {
    const path = join(dir, 'rated.mat')
    await writeMatFile(path, { x: matRow(wave(100, 0)), srate: matNumber(250) })
    const file = await openSignalFile('csv', path, { fs: 500 })
    expect(file.channels[0]?.fs).toBe(500)
    expect(file.warnings).toEqual([expect.stringMatching(/^the file states srate = 250 Hz; .* was used instead\.$/)])
  })

  it('refuses a .mat file without a signal or without a rate, in one sentence', async () => {
    const none = join(dir, 'none.mat')
    await writeMatFile(none, { table: matNumeric([4, 4], Array.from({ length: 16 }, (_, i) => i)), fs: matNumber(100) })
    await expectInputError(openSignalFile('csv', none, {}), /holds no signal: no numeric variable is a row or column vector .* \(it holds table \(4×4 double\)\)/)
    const norate = join(dir, 'norate.mat')
    await writeMatFile(norate, { ecg: matRow(wave(100, 0)) })
    await expectInputError(openSignalFile('csv', norate, {}), /sampling rate is not stated in the file \(no variable named fs, srate or sampling_rate\); pass --fs <Hz>/)
    const zero = join(dir, 'zero.mat')
    await writeMatFile(zero, { ecg: matRow(wave(100, 0)), fs: matNumber(0) })
    await expectInputError(openSignalFile('csv', zero, {}), /the variable fs gives 0 Hz, which is not a usable sampling rate/)
  })
})

describe('.xlsx recordings', () => {
  it('a single row of many values is a row vector; a text first cell names it', async () => {
    const ecg = wave(3000, 0)
    const path = join(dir, 'row.xlsx')
    await writeExcelFile([['ECG', ...ecg]]).toFile(path)
    const file = await openSignalFile('csv', path, { fs: 200 })
    expect(file.channels).toEqual([{ index: 0, name: 'ECG', unit: '', fs: 200, sampleCount: 3000 }])
    const got = Array.from(await file.readChannel(0))
    const first = got.findIndex((v, i) => v !== ecg[i])
    expect([first, got[first], ecg[first]]).toEqual([-1, undefined, undefined])
  })

  it('a few rows of many values are channels; empty cells are missing samples', async () => {
    const a = wave(500, 1)
    const b: (number | null)[] = wave(500, 2)
    b[7] = null
    const path = join(dir, 'rows.xlsx')
    await writeExcelFile([a, b]).toFile(path)
    const file = await openSignalFile('csv', path, { fs: 100 })
    expect(file.channels.map((c) => [c.name, c.sampleCount])).toEqual([['row 1', 500], ['row 2', 500]])
    const got = await file.readChannel(1)
    expect(got[7]).toBeNaN()
    expect(Array.from(got.subarray(8))).toEqual(b.slice(8))
  })

  it('columns with a header row are channels, as in a CSV file', async () => {
    const ii = wave(60, 3)
    const v5 = wave(60, 4)
    const path = join(dir, 'columns.xlsx')
    await writeExcelFile([['II', 'V5'], ...ii.map((v, i) => [v, v5[i]!])]).toFile(path)
    const file = await openSignalFile('csv', path, { fs: 250 })
    expect(file.channels.map((c) => [c.name, c.sampleCount])).toEqual([['II', 60], ['V5', 60]])
    expect(chooseChannel(file.channels, undefined, path).channel.name).toBe('II')
    expect(Array.from(await file.readChannel(1))).toEqual(v5)
  })

  it('refuses text among the samples, a missing rate and a sheet without numbers, in one sentence', async () => {
    const text = join(dir, 'text.xlsx')
    await writeExcelFile([['II'], [0.1], [0.2], ['oops'], [0.3]]).toFile(text)
    await expectInputError(openSignalFile('csv', text, { fs: 250 }), /cell A4 holds "oops", not a number/)
    await expectInputError(openSignalFile('csv', join(dir, 'columns.xlsx'), {}), /a spreadsheet does not state its sampling rate; pass --fs <Hz>/)
    const empty = join(dir, 'words.xlsx')
    await writeExcelFile([['notes'], ['none']]).toFile(empty)
    await expectInputError(openSignalFile('csv', empty, { fs: 250 }), /holds no numbers in any sheet/)
  })
})
