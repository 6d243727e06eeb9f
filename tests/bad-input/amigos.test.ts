/**
 * Bad AMIGOS folders: a broken participant file is a reported skip while others can be imported;
 * when nothing can be imported it is one InputError with a clear sentence. Never a RangeError.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { amigosAdapter } from '../../src/formats/adapters/amigos.js'
import { InputError } from '../../src/common/input-error.js'
import { matCell, matChar, matColumns, matNumber, matRow, writeMat, type MatSpec } from '../helpers/mat-writer.js'

const N = 10 * 128

function trial(columns = 17, phase = 0): MatSpec {
  return matColumns(Array.from({ length: columns }, (_, c) => Float64Array.from({ length: N }, (_, i) => Math.sin((i + phase) / (3 + c)) * 100)))
}

const good = (): Uint8Array =>
  writeMat(
    {
      joined_data: matCell([trial(), trial(17, 5)]),
      labels_selfassessment: matCell([matRow([1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 1]), matRow([5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 1, 0])]),
      VideoIDs: matCell([matChar('4'), matChar('5')]),
    },
    { compress: true },
  )

let root = ''
let count = 0
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'amigos-bad-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

/** A folder holding a good P01 (unless `alone`) and the given bytes as P02. */
async function folderWith(bytes: Uint8Array, alone = false): Promise<string> {
  const dir = join(root, `case${count++}`)
  await mkdir(dir)
  if (!alone) await writeFile(join(dir, 'Data_Preprocessed_P01.mat'), good())
  await writeFile(join(dir, 'Data_Preprocessed_P02.mat'), bytes)
  return dir
}

/** Scans with P01 good: P02 must be skipped with a reason matching `reason`; P01's 2 trials import. */
async function expectSkip(bytes: Uint8Array, reason: RegExp): Promise<void> {
  const scan = await amigosAdapter({ path: await folderWith(bytes) })
  expect(scan.recordings.map((r) => `${r.subject}/${r.trial}`)).toEqual(['P01/4', 'P01/5'])
  expect(scan.skipped).toHaveLength(1)
  expect(scan.skipped[0]?.item).toBe('P02')
  expect(scan.skipped[0]?.reason).toMatch(reason)
}

/** Scans with P02 alone: one InputError whose message matches `message`. */
async function expectError(bytes: Uint8Array, message: RegExp): Promise<void> {
  const path = await folderWith(bytes, true)
  const error = await amigosAdapter({ path }).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(InputError)
  expect((error as InputError).message).toMatch(message)
}

describe('bad AMIGOS input', () => {
  it('a truncated participant file is skipped, and alone it is an error', async () => {
    const cut = good().subarray(0, 700)
    await expectSkip(cut, /Data_Preprocessed_P02\.mat: the file is truncated: variable 1 \(at byte 128\) needs \d+ bytes but only 564 follow; copy the file again\.$/)
    await expectError(cut, /^no AMIGOS ECG trial could be imported from .*case\d+ \(P02: .*Data_Preprocessed_P02\.mat: the file is truncated: .*\)\.$/)
  })

  it('a file that is not a MAT-file, or is MATLAB v7.3 (HDF5), is skipped with the reason', async () => {
    await expectSkip(new TextEncoder().encode('<html>login required</html>'.padEnd(600, ' ')), /Data_Preprocessed_P02\.mat: this is not a MATLAB \.mat file/)
    const v73 = new Uint8Array(1024)
    v73.set(new TextEncoder().encode('MATLAB 7.3 MAT-file, Platform: PCWIN64, HDF5 schema 1.00 .'))
    v73.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 512)
    await expectSkip(v73, /Data_Preprocessed_P02\.mat: this is a MATLAB v7\.3 file \(HDF5\), which the workbench cannot read; re-save it as v7 in MATLAB with s = load\('Data_Preprocessed_P02\.mat'\); save\('Data_Preprocessed_P02_v7\.mat', '-struct', 's', '-v7'\)$/)
  })

  it('a corrupt zlib stream is skipped with the reason', async () => {
    const bytes = good()
    for (let i = 150; i < 170; i++) bytes[i] = 0xa5
    await expectSkip(bytes, /Data_Preprocessed_P02\.mat: the file is damaged: the compressed data of variable 1 cannot be decompressed \(.+\); copy the file again or re-save it in MATLAB\.$/)
  })

  it('an element length beyond the file is skipped with the reason', async () => {
    const bytes = good()
    new DataView(bytes.buffer).setUint32(132, 0x7fffffff, true)
    await expectSkip(bytes, /Data_Preprocessed_P02\.mat: the file is truncated: variable 1 \(at byte 128\) needs 2147483647 bytes/)
  })

  it('a file without joined_data is skipped, naming the variables it has', async () => {
    const bytes = writeMat({ ECG_DATA: matCell([trial(3)]), VideoIDs: matCell([matChar('1')]) })
    await expectSkip(bytes, /Data_Preprocessed_P02\.mat: there is no variable 'joined_data' \(the file holds 'ECG_DATA', 'VideoIDs'\); check that this is the expected file\.$/)
    await expectError(bytes, /no AMIGOS ECG trial could be imported .*there is no variable 'joined_data'/)
  })

  it('joined_data that is not a cell array is skipped with the reason', async () => {
    const bytes = writeMat({ joined_data: trial() })
    await expectSkip(bytes, /Data_Preprocessed_P02\.mat: joined_data should be a 1×20 cell array of N×17 matrices but is a 1280×17 double array; check that this is an AMIGOS preprocessed file\.$/)
  })

  it('joined_data with the wrong column count skips those trials, and alone it is an error', async () => {
    const bytes = writeMat({ joined_data: matCell([trial(16), trial(14)]), labels_selfassessment: matCell([matRow([1, 2, 3, 4, 5]), matRow([1, 2, 3, 4, 5])]) })
    const scan = await amigosAdapter({ path: await folderWith(bytes) })
    expect(scan.recordings.map((r) => `${r.subject}/${r.trial}`)).toEqual(['P01/4', 'P01/5'])
    expect(scan.skipped).toEqual([
      { item: 'P02 trial 1', reason: 'joined_data{1} is a 1280×16 double array, not N×17 (14 EEG, ECG right, ECG left, GSR)' },
      { item: 'P02 trial 2', reason: 'joined_data{2} is a 1280×14 double array, not N×17 (14 EEG, ECG right, ECG left, GSR)' },
    ])
    await expectError(bytes, /^no AMIGOS ECG trial could be imported from .* \(P02 trial 1: joined_data\{1\} is a 1280×16 double array, not N×17 .*; P02 trial 2: .*\)\.$/)
  })

  it('cells of the wrong kind (text, nested cells) are skipped trials, not crashes', async () => {
    const bytes = writeMat({ joined_data: matCell([matChar('oops'), matCell([trial()]), matNumber(Number.NaN)]), labels_selfassessment: matNumber(3), VideoIDs: matNumber(1) })
    const scan = await amigosAdapter({ path: await folderWith(bytes) })
    expect(scan.skipped).toEqual([
      { item: 'P02 trial 1', reason: 'joined_data{1} is a 1×4 char array, not N×17 (14 EEG, ECG right, ECG left, GSR)' },
      { item: 'P02 trial 2', reason: 'joined_data{2} is a 1×1 cell array, not N×17 (14 EEG, ECG right, ECG left, GSR)' },
      { item: 'P02 trial 3', reason: 'joined_data{3} is a 1×1 double array, not N×17 (14 EEG, ECG right, ECG left, GSR)' },
    ])
  })

  it('a label spreadsheet that is not usable is one clear error', async () => {
    const dir = await folderWith(good())
    const notXlsx = join(dir, 'SelfAsessment.xlsx')
    await writeFile(notXlsx, 'UserID,Rep_Index,valence,arousal\n1,1,5,5\n')
    await expect(amigosAdapter({ path: dir, labels: notXlsx })).rejects.toThrow(
      'this is not an .xlsx workbook (it does not start like a zip file); save it from Excel or LibreOffice as .xlsx.',
    )
    const { default: writeExcelFile } = await import('write-excel-file/node')
    const wrong = join(dir, 'Experiment_Data.xlsx')
    await writeExcelFile([
      ['Participant', 'Video', 'Score'],
      [1, 1, 5],
    ]).toFile(wrong)
    await expect(amigosAdapter({ path: dir, labels: wrong })).rejects.toThrow(
      'Experiment_Data.xlsx: the workbook has no sheet with UserID and Rep_Index columns plus valence or arousal; give the AMIGOS SelfAsessment.xlsx file.',
    )
  })

  it('flipped bytes in a compressed participant file never escape as RangeError or TypeError', async () => {
    const bytes = good()
    const dir = await folderWith(bytes, true)
    for (let pos = 128; pos < Math.min(bytes.length, 400); pos += 3) {
      const damaged = bytes.slice()
      damaged[pos] = (damaged[pos] ?? 0) ^ 0x5a
      await writeFile(join(dir, 'Data_Preprocessed_P02.mat'), damaged)
      await amigosAdapter({ path: dir }).catch((error: unknown) => {
        if (!(error instanceof InputError)) throw error
      })
    }
  })
})
