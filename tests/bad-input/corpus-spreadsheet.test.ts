/**
 * The broken-file corpus of the spreadsheet reader (issue 10 §6): a SWELL label workbook
 * (behavioral-labels.xlsx) broken in each way, through the real import into a temporary store.
 * Each is refused with one sentence naming the workbook, and nothing is stored.
 */
import { join } from 'node:path'
import writeExcelFile from 'write-excel-file/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clearStore, expectRefused, openRefusalBench, tryImport, type RefusalBench } from '../helpers/import-refusal.js'
import { buildPoly5 } from '../helpers/poly5-writer.js'

const RECORDING = buildPoly5({ fs: 256, channels: [{ name: 'ECG', raw: Float32Array.from({ length: 20 * 256 }, (_v, i) => Math.sin(i / 8) * 500) }] })

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  return writeExcelFile(rows.map((r) => r.map((value) => ({ value })))).toBuffer()
}

let bench: RefusalBench
let good: Buffer
beforeAll(async () => {
  bench = await openRefusalBench('ecg-corpus-xlsx-')
  good = await xlsx([['PP', 'Blok', 'Valence_rc', 'Arousal_rc'], ['PP1', 1, 5, 4]])
})
afterAll(async () => { await bench.close() })

const CASES: readonly { name: string; bytes: () => Uint8Array | string | Promise<Uint8Array>; pattern: RegExp }[] = [
  { name: 'an empty workbook file', bytes: () => '', pattern: /this is not an \.xlsx workbook \(it does not start like a zip file\)/ },
  { name: 'a CSV named .xlsx', bytes: () => 'PP,Blok\nPP1,1\n', pattern: /this is not an \.xlsx workbook/ },
  { name: 'a UTF-16 text named .xlsx', bytes: () => Buffer.from('\ufeffPP\tBlok\nPP1\t1\n', 'utf16le'), pattern: /this is not an \.xlsx workbook/ },
  { name: 'only the zip magic', bytes: () => Buffer.from([0x50, 0x4b, 0x03, 0x04]), pattern: /the workbook is damaged or not a spreadsheet/ },
  { name: 'cut in half', bytes: () => good.subarray(0, Math.floor(good.length / 2)), pattern: /the workbook is damaged or not a spreadsheet/ },
  { name: 'one byte short', bytes: () => good.subarray(0, good.length - 1), pattern: /the workbook is damaged or not a spreadsheet \(Couldn't unzip/ },
  { name: 'a zip that is not a workbook', bytes: () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(500, 0x41)]), pattern: /the workbook is damaged or not a spreadsheet/ },
  { name: 'damaged compressed data', bytes: () => { const b = Buffer.from(good); for (let i = 200; i < 260; i++) b[i] = b[i]! ^ 0x5a; return b }, pattern: /the workbook is damaged or not a spreadsheet/ },
  { name: 'a workbook without PP and Blok columns', bytes: () => xlsx([['Participant', 'Session'], ['PP1', 1]]), pattern: /the SWELL label workbook has no sheet with PP and Blok columns/ },
]

describe('broken label workbooks are refused with one sentence and nothing stored', () => {
  it('control: the unbroken workbook imports with its labels', async () => {
    const dir = await bench.folder({ 'pp1_1-1-2012_c1.S00': RECORDING, 'behavioral-labels.xlsx': good })
    expect(await tryImport(bench, { kind: 'swell', path: dir, labels: join(dir, 'behavioral-labels.xlsx') })).toBeUndefined()
    clearStore(bench)
  })

  it.each(CASES)('$name', async ({ bytes, pattern }) => {
    const dir = await bench.folder({ 'pp1_1-1-2012_c1.S00': RECORDING, 'behavioral-labels.xlsx': await bytes() })
    const labels = join(dir, 'behavioral-labels.xlsx')
    await expectRefused(bench, { kind: 'swell', path: dir, labels }, pattern, { mentions: labels })
  })
})
