/**
 * Issue 10 §1: recordings as labs export them from MATLAB and spreadsheets — a .mat row vector
 * and an .xlsx row — import through the real csv import like a CSV row vector, and a broken one
 * is refused in one sentence with nothing stored.
 */
import writeExcelFile from 'write-excel-file/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { syntheticEcg } from '../../src/signal/synthetic-ecg.js'
import { importDataset } from '../../src/services/import-service.js'
import { previewChannels } from '../../src/services/channel-preview.js'
import { clearStore, expectRefused, FAST_PREPROCESS, openRefusalBench, type RefusalBench } from '../helpers/import-refusal.js'
import { matNumber, matNumeric, matRow, writeMat } from '../helpers/mat-writer.js'
import { join } from 'node:path'

let bench: RefusalBench
beforeAll(async () => { bench = await openRefusalBench('ecg-table-exports-') })
afterAll(async () => { await bench.close() })

const ecg = (seconds: number, fs: number, seed: number): number[] => Array.from(syntheticEcg(seconds, fs, seed), (v) => Math.round(v * 1000) / 1000)

describe('MATLAB and spreadsheet row vectors import as the csv kind', () => {
  it('a folder of .mat row vectors (rate in fs) and an .xlsx row imports every recording', async () => {
    const dir = await bench.folder({
      'S01/session.mat': writeMat({ ecg: matRow(ecg(30, 256, 1)), fs: matNumber(256) }),
      'S02/session.mat': writeMat({ ecg: matRow(ecg(24, 256, 2)), fs: matNumber(256) }),
    })
    const report = await importDataset(bench.store, { kind: 'csv', path: dir, name: 'matlab' }, { preprocess: FAST_PREPROCESS })
    expect([report.subjects, report.recordings, report.skipped]).toEqual([2, 2, []])
    expect(report.perSubject.map((s) => [s.subject, s.windows])).toEqual([['S01', 15], ['S02', 12]])
    clearStore(bench)

    const sheetDir = await bench.folder({})
    await writeExcelFile([['ECG', ...ecg(40, 200, 3)]]).toFile(join(sheetDir, 'P7.xlsx'))
    const preview = await previewChannels({ kind: 'csv', path: sheetDir, fs: 200 })
    expect(preview.chosen?.name).toBe('ECG')
    const sheet = await importDataset(bench.store, { kind: 'csv', path: sheetDir, name: 'sheet', fs: 200 }, { preprocess: FAST_PREPROCESS })
    expect([sheet.recordings, sheet.durationS]).toEqual([1, 40])
    clearStore(bench)
  })

  it('a .mat file without a rate and a .xlsx with text among the samples are refused, nothing stored', async () => {
    const noRate = await bench.folder({ 'rec.mat': writeMat({ ecg: matRow(ecg(30, 256, 1)) }) })
    await expectRefused(bench, { kind: 'csv', path: noRate }, /sampling rate is not stated in the file \(no variable named fs/, { mentions: 'rec.mat' })
    const sheetDir = await bench.folder({})
    await writeExcelFile([[0.1, 0.2, 'n/a', ...ecg(20, 100, 4)]]).toFile(join(sheetDir, 'bad.xlsx'))
    await expectRefused(bench, { kind: 'csv', path: sheetDir, fs: 100 }, /cell C1 holds "n\/a", not a number/, { mentions: 'bad.xlsx' })
  })

  it('a .mat cut in half, a CSV named .xlsx and a 3×3 matrix are refused in one sentence, nothing stored', async () => {
    const whole = writeMat({ ecg: matRow(ecg(30, 256, 1)), fs: matNumber(256) })
    const cut = await bench.folder({ 'cut.mat': whole.subarray(0, Math.floor(whole.length / 2)) })
    await expectRefused(bench, { kind: 'csv', path: cut }, /./, { mentions: 'cut.mat' })
    const named = await bench.folder({ 'ecg.xlsx': 'time,ecg\n0,0.1\n' })
    await expectRefused(bench, { kind: 'csv', path: named, fs: 100 }, /not an \.xlsx workbook \(it does not start like a zip file\)/, { mentions: 'ecg.xlsx' })
    const square = await bench.folder({ 'm.mat': writeMat({ m: matNumeric([3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]), fs: matNumber(100) }) })
    await expectRefused(bench, { kind: 'csv', path: square }, /holds no signal: no numeric variable is a row or column vector/, { mentions: 'm.mat' })
  })
})
