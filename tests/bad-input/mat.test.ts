/**
 * Bad .mat files: every one must end in a single InputError with a clear sentence, never a
 * RangeError or TypeError from decoding bytes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../src/common/input-error.js'
import { parseMat, readMatFile } from '../../src/formats/mat/index.js'
import { matCell, matChar, matColumns, matNumber, matRow, matStruct, writeMat } from '../helpers/mat-writer.js'

const V4_FIXTURE = fileURLToPath(new URL('../fixtures/scipy-mat/v4.mat', import.meta.url))

let dir = ''
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mat-bad-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Runs both entry points on `bytes` and returns the one InputError message they both give. */
async function failure(bytes: Uint8Array, name = 'bad.mat'): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, bytes)
  let syncError: unknown
  try {
    parseMat(bytes, path)
  } catch (error) {
    syncError = error
  }
  let asyncError: unknown
  try {
    await readMatFile(path)
  } catch (error) {
    asyncError = error
  }
  expect(syncError).toBeInstanceOf(InputError)
  expect(asyncError).toBeInstanceOf(InputError)
  return (asyncError as InputError).message
}

/** Parses with both entry points; either succeeds or throws InputError — nothing else. */
async function survives(bytes: Uint8Array, path: string): Promise<void> {
  await writeFile(path, bytes)
  for (const run of [() => Promise.resolve(parseMat(bytes, path)), () => readMatFile(path)]) {
    try {
      await run()
    } catch (error) {
      if (!(error instanceof InputError)) throw new Error(`not an InputError: ${String(error)}`)
    }
  }
}

/** Offsets where top-level elements start (and the end of the file). */
function elementStarts(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const starts = [128]
  for (let pos = 128; pos < bytes.length; ) {
    const type = view.getUint32(pos, true)
    const n = view.getUint32(pos + 4, true)
    pos += 8 + (type === 15 ? n : (n + 7) & ~7)
    starts.push(pos)
  }
  return starts
}

const sample = {
  name: matChar('ECG'),
  data: matColumns([
    [1, 2, 3, 4],
    [5, 6, 7, 8],
  ]),
  meta: matStruct({ fs: matNumber(256), items: matCell([matRow([1, 2, 3], { storeAs: 'auto' }), matChar('x')]) }),
}

describe('bad .mat files', () => {
  it('refuses an empty file', async () => {
    expect(await failure(new Uint8Array(0), 'empty.mat')).toBe(`${join(dir, 'empty.mat')}: the file is empty (0 bytes); copy the .mat file again.`)
  })

  it('refuses a file that is not a MAT-file', async () => {
    const text = new TextEncoder().encode('time,ecg\n0,1\n'.repeat(20))
    expect(await failure(text, 'notmat.mat')).toContain('notmat.mat: this is not a MATLAB .mat file (its header does not start with "MATLAB"); choose the .mat file saved by MATLAB or SciPy.')
  })

  it('refuses a damaged byte-order mark', async () => {
    const bytes = writeMat(sample)
    bytes[126] = 0x58
    expect(await failure(bytes)).toContain('bad.mat: the MAT-file header is damaged (byte-order mark "XM" instead of "IM" or "MI"); copy the file again.')
  })

  it('refuses an unknown version', async () => {
    const bytes = writeMat(sample)
    bytes[124] = 0x07
    bytes[125] = 0x03
    expect(await failure(bytes)).toContain('bad.mat: the MAT-file version 0x0307 is unknown (expected 0x0100, MATLAB v5/v7)')
  })

  it('refuses MATLAB v7.3 (HDF5) and says how to re-save as v7', async () => {
    const bytes = new Uint8Array(2048)
    bytes.fill(0x20, 0, 116)
    const text = 'MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 .'
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
    bytes.set([0x00, 0x02, 0x49, 0x4d], 124)
    bytes.set([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a], 512)
    expect(await failure(bytes, 'Data_Preprocessed_P01.mat')).toBe(
      `${join(dir, 'Data_Preprocessed_P01.mat')}: this is a MATLAB v7.3 file (HDF5), which the workbench cannot read; re-save it as v7 in MATLAB with s = load('Data_Preprocessed_P01.mat'); save('Data_Preprocessed_P01_v7.mat', '-struct', 's', '-v7')`,
    )
    // Also when only the HDF5 signature at 512 gives it away.
    bytes.fill(0x20, 0, 116)
    bytes.set(new TextEncoder().encode('MATLAB 7.0 MAT-file'), 0)
    expect(await failure(bytes, 'x.mat')).toContain('x.mat: this is a MATLAB v7.3 file (HDF5)')
  })

  it('refuses a MATLAB v4 file written by SciPy', async () => {
    const { readFile } = await import('node:fs/promises')
    const bytes = await readFile(V4_FIXTURE)
    expect(await failure(bytes, 'old.mat')).toContain("old.mat: this is an old MATLAB v4 file, which the workbench does not read; re-save it in MATLAB with s = load('old.mat'); save('old.mat', '-struct', 's', '-v7')")
  })

  it('reports an element whose length runs past the end of the file', async () => {
    const bytes = writeMat(sample)
    new DataView(bytes.buffer).setUint32(132, 1_000_000, true)
    expect(await failure(bytes)).toMatch(/bad\.mat: the file is truncated: variable 1 \(at byte 128\) needs 1000000 bytes but only \d+ follow; copy the file again\./)
  })

  it('reports a corrupt zlib stream', async () => {
    const bytes = writeMat(sample, { compress: true })
    // Damage the deflate data of the first variable (after its tag and the 2-byte zlib header).
    for (let i = 140; i < 150; i++) bytes[i] = 0xff
    expect(await failure(bytes)).toMatch(/bad\.mat: the file is damaged: the compressed data of variable 1 cannot be decompressed \(.+\); copy the file again or re-save it in MATLAB\./)
  })

  it('reports a compressed variable whose decompressed data ends early', async () => {
    const full = writeMat({ data: matColumns([[1, 2, 3, 4, 5, 6, 7, 8]]) })
    // Re-wrap the variable minus its last 16 bytes in a valid zlib stream.
    const { deflateSync } = await import('node:zlib')
    const inner = full.subarray(128, full.length - 16)
    const deflated = deflateSync(inner)
    const bytes = new Uint8Array(128 + 8 + deflated.length)
    bytes.set(full.subarray(0, 128))
    new DataView(bytes.buffer).setUint32(128, 15, true)
    new DataView(bytes.buffer).setUint32(132, deflated.length, true)
    bytes.set(deflated, 136)
    expect(await failure(bytes)).toContain('bad.mat: the file is truncated or damaged: the compressed data of variable 1 ends 16 bytes too early; copy the file again.')
  })

  it('reports sub-elements that claim more bytes than their array holds', async () => {
    const bytes = writeMat({ data: matColumns([[1, 2, 3, 4]]) }, { smallElements: false })
    // The real-part tag of 'data' follows flags (16), dims (16) and name (8+8) inside the matrix.
    const view = new DataView(bytes.buffer)
    const realTag = 128 + 8 + 16 + 16 + 16
    expect(view.getUint32(realTag, true)).toBe(9)
    view.setUint32(realTag + 4, 4096, true)
    expect(await failure(bytes)).toBe(
      `${join(dir, 'bad.mat')}: the data of 'data' is corrupt (the real part claims 4096 bytes but only 32 remain in the array); the file is damaged — copy it again or re-save it in MATLAB.`,
    )
  })

  it('a folder given as a .mat file is refused', async () => {
    await expect(readMatFile(dir)).rejects.toThrow(InputError)
  })

  it('every truncation of a valid file gives an InputError, never a RangeError', async () => {
    for (const compress of [false, true]) {
      const bytes = writeMat(sample, { compress })
      const boundaries = elementStarts(bytes)
      for (let cut = 0; cut < bytes.length; cut += compress ? 3 : 5) {
        // A file cut exactly between variables is a valid file with fewer variables.
        if (boundaries.includes(cut)) continue
        const path = join(dir, `cut-${compress}-${cut}.mat`)
        await writeFile(path, bytes.subarray(0, cut))
        expect(() => parseMat(bytes.subarray(0, cut), path)).toThrow(InputError)
        await expect(readMatFile(path)).rejects.toThrow(InputError)
      }
    }
  })

  it('flipped bytes anywhere give a result or an InputError, never a RangeError or TypeError', async () => {
    for (const options of [{}, { compress: true }, { littleEndian: false }]) {
      const bytes = writeMat(sample, options)
      for (let pos = 128; pos < bytes.length; pos++) {
        for (const value of [0x00, 0xff]) {
          const damaged = bytes.slice()
          damaged[pos] = value
          await survives(damaged, join(dir, 'flip.mat'))
        }
      }
    }
  })
})
