/**
 * The broken-file corpus of the binary dataset readers (issue 10 §6) — Poly5 (SWELL), MAT
 * (AMIGOS) and pickle (WESAD) — through the real import into a temporary store, in the folder
 * layouts of docs/DATASETS.md: each broken file is refused with one sentence naming it,
 * and nothing is stored. The files come from the test writers, then are cut or damaged.
 */
import { truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatasetKind } from '../../src/formats/types.js'
import { importDataset } from '../../src/services/import-service.js'
import { changingAdapter, clearStore, expectPreviewSafe, expectRefused, FAST_PREPROCESS, importOrRefuse, openRefusalBench, tryImport, type RefusalBench } from '../helpers/import-refusal.js'
import { matCell, matChar, matColumns, matRow, writeMat } from '../helpers/mat-writer.js'
import { py2Pickle, wesadValue } from '../helpers/pickle-writer.js'
import { buildPoly5, type Poly5Spec } from '../helpers/poly5-writer.js'

// SWELL: one Poly5 recording pp1_…_c1.S00 with an ECG channel, 20 s at 256 Hz.
const SWELL_FILE = 'pp1_1-1-2012_c1.S00'
const FS = 256
const ecgRaw = (n: number, f: (i: number) => number = (i) => Math.sin(i / 8) * 500): Float32Array => Float32Array.from({ length: n }, (_v, i) => f(i))
const poly5 = (over: Partial<Poly5Spec> = {}): Buffer => buildPoly5({ fs: FS, channels: [{ name: 'ECG', raw: ecgRaw(20 * FS) }, { name: 'GSR', raw: ecgRaw(20 * FS, (i) => i % 7) }], ...over })
const POLY5_HEADER = 217 + 4 * 136 // fixed header + 2 channels × 2 (Lo/Hi) signal descriptions

// AMIGOS: Data_Preprocessed_P01.mat, joined_data with 2 trials of 10 s × 17 columns at 128 Hz.
const AMIGOS_FILE = 'Data_Preprocessed_P01.mat'
const trial = (f: (i: number, c: number) => number = (i, c) => Math.sin(i / (3 + c)) * 100): ReturnType<typeof matColumns> =>
  matColumns(Array.from({ length: 17 }, (_v, c) => Float64Array.from({ length: 10 * 128 }, (_w, i) => f(i, c))))
const amigos = (joined = [trial(), trial()], compress = true): Uint8Array =>
  writeMat(
    {
      joined_data: matCell(joined),
      labels_selfassessment: matCell([matRow([1, 2, 3, 4, 5, 0, 0, 0, 0, 0, 0, 1]), matRow([5, 4, 3, 2, 1, 0, 0, 0, 0, 0, 1, 0])]),
      VideoIDs: matCell([matChar('4'), matChar('5')]),
    },
    { compress },
  )

// WESAD: S2/S2.pkl, chest ECG at 700 Hz, 10 s baseline then 10 s stress.
const WESAD_FILE = 'S2/S2.pkl'
const LABELS = [...Array<number>(7000).fill(1), ...Array<number>(7000).fill(2)]
const wesad = (ecg: ArrayLike<number> = Float64Array.from(LABELS, (_v, i) => Math.sin(i / 20)), omitEcg = false): Buffer =>
  py2Pickle(wesadValue({ subject: 'S2', ecg, label: LABELS, omitEcg }))

const flip = (bytes: Uint8Array, at: number, mask = 0xff): Buffer => {
  const b = Buffer.from(bytes)
  b[at] = b[at]! ^ mask
  return b
}

interface Case {
  readonly name: string
  readonly bytes: () => Uint8Array | string
  readonly pattern: RegExp
  /** What the sentence names when it is about the dataset folder (default: the file). */
  readonly mentions?: string
}

interface Reader {
  readonly reader: string
  readonly kind: DatasetKind
  readonly file: string
  readonly good: () => Uint8Array
  readonly cases: readonly Case[]
  /** Damage the reader's documented policy reads past, with a note in the import report. */
  readonly tolerated?: readonly { name: string; bytes: () => Uint8Array; note?: RegExp }[]
  /** The adapter reads the whole file while scanning, so a later change cannot reach the import. */
  readonly readAtScan?: boolean
}

const READERS: readonly Reader[] = [
  {
    reader: 'Poly5 (SWELL)', kind: 'swell', file: SWELL_FILE, good: () => poly5(),
    cases: [
      { name: 'empty', bytes: () => '', pattern: /this is not a TMSi Poly5 file \(it does not start with "POLY SAMPLE FILE"\)/ },
      { name: 'wrong magic (a text file)', bytes: () => 'POLY? no, a text file\n'.repeat(50), pattern: /this is not a TMSi Poly5 file \(it does not start with "POLY SAMPLE FILE"\)/ },
      { name: 'cut inside the fixed header', bytes: () => poly5().subarray(0, 100), pattern: /the Poly5 header is cut short \(100 of 217 bytes\)/ },
      { name: 'cut inside the signal descriptions', bytes: () => poly5().subarray(0, 300), pattern: /the Poly5 file ends inside its 4 signal descriptions/ },
      { name: 'cut at the end of the header', bytes: () => poly5().subarray(0, POLY5_HEADER), pattern: /the Poly5 file holds no complete sample period after its header/ },
      { name: 'sampling rate 0', bytes: () => poly5({ fs: 0 }), pattern: /impossible sample rate of 0 Hz/ },
      { name: 'an absurd sampling rate', bytes: () => poly5({ fs: 32767 }), pattern: /impossible sample rate of 32767 Hz/ },
      { name: 'a header with an odd signal count', bytes: () => poly5({ signalCount: 3 }), pattern: /lists 3 signal descriptions, but they must come in Lo\/Hi pairs/ },
      { name: 'every ECG sample NaN', bytes: () => poly5({ channels: [{ name: 'ECG', raw: ecgRaw(20 * FS, () => Number.NaN) }] }), pattern: /PP1 trial c1: all samples are missing \(NaN\)/, mentions: 'case' },
      { name: 'every ECG sample Infinity', bytes: () => poly5({ channels: [{ name: 'ECG', raw: ecgRaw(20 * FS, () => Number.POSITIVE_INFINITY) }] }), pattern: /PP1 trial c1: all samples are missing \(NaN\)/, mentions: 'case' },
    ],
    // SWELL's recordings are often cut short: a truncated Poly5 file is read with a note (poly5.ts).
    tolerated: [
      { name: 'cut inside a data block', bytes: () => { const b = poly5(); return b.subarray(0, Math.floor(b.length / 2) + 3) }, note: /promises 5120 samples per channel but the file holds only \d+ complete sample periods \(truncated file\?\)/ },
      { name: 'a header promising more samples than written', bytes: () => poly5({ samplesPerChannel: 999999 }), note: /promises 999999 samples per channel but the file holds only 5120/ },
      // The block count is not used: blocks are counted from the file size.
      { name: 'a header with an absurd block count', bytes: () => poly5({ blockCount: 30000 }) },
    ],
  },
  {
    reader: 'MAT (AMIGOS)', kind: 'amigos', file: AMIGOS_FILE, good: () => amigos(),
    cases: [
      { name: 'empty', bytes: () => '', pattern: /Data_Preprocessed_P01\.mat: the file is empty \(0 bytes\)/ },
      { name: 'wrong magic (a text file)', bytes: () => 'MATLAB? no.\n'.repeat(50), pattern: /MAT-file header is damaged|not a MATLAB \.mat file/ },
      { name: 'an HDF5 (v7.3) file', bytes: () => Buffer.concat([Buffer.alloc(512, 0x20), Buffer.from('\x89HDF\r\n\x1a\n', 'latin1'), Buffer.alloc(512)]), pattern: /this is a MATLAB v7\.3 file \(HDF5\), which the workbench cannot read/ },
      { name: 'cut inside the 128-byte header', bytes: () => amigos().subarray(0, 64), pattern: /it ends inside the 128-byte MAT-file header/ },
      { name: 'cut at the end of the header', bytes: () => amigos().subarray(0, 128), pattern: /there is no variable 'joined_data' \(the file holds no variables\)/ },
      { name: 'cut inside the first element tag', bytes: () => amigos().subarray(0, 132), pattern: /variable 1 \(at byte 128\) needs 8 bytes but only 4 follow/ },
      { name: 'cut inside the compressed data', bytes: () => { const b = amigos(); return b.subarray(0, Math.floor(b.length / 2)) }, pattern: /the file is truncated: variable 1 \(at byte 128\) needs \d+ bytes but only \d+ follow/ },
      { name: 'uncompressed, cut inside the data', bytes: () => { const b = amigos(undefined, false); return b.subarray(0, Math.floor(b.length / 2)) }, pattern: /the file is truncated: variable 1 \(at byte 128\) needs \d+ bytes but only \d+ follow/ },
      { name: 'a damaged compressed stream', bytes: () => flip(amigos(), 200), pattern: /the compressed data of variable 1 cannot be decompressed/ },
      { name: 'an element size lying about its length', bytes: () => { const b = Buffer.from(amigos(undefined, false)); b.writeUInt32LE(0x7fffffff, 132); return b }, pattern: /variable 1 \(at byte 128\) needs 2147483647 bytes but only \d+ follow/ },
      { name: 'every ECG value NaN', bytes: () => amigos([trial(() => Number.NaN), trial(() => Number.NaN)]), pattern: /P01 trial 1: the ECG Right column is all NaN \(no recorded ECG\)/, mentions: 'case' },
      { name: 'every ECG value Infinity', bytes: () => amigos([trial(() => Number.POSITIVE_INFINITY), trial(() => Number.NEGATIVE_INFINITY)]), pattern: /P01 trial 1: the ECG Right column is all NaN/, mentions: 'case' },
    ],
  },
  {
    reader: 'pickle (WESAD)', kind: 'wesad', file: WESAD_FILE, good: () => wesad(), readAtScan: true,
    cases: [
      { name: 'empty', bytes: () => '', pattern: /the file is empty, so it is not a pickle/ },
      { name: 'wrong magic (a text file)', bytes: () => 'not a pickle\n'.repeat(50), pattern: /this is not a Python pickle/ },
      { name: 'cut after the protocol opcode', bytes: () => wesad().subarray(0, 2), pattern: /the pickle ends before its STOP mark, so the file is truncated/ },
      { name: 'cut in the middle', bytes: () => { const b = wesad(); return b.subarray(0, Math.floor(b.length / 2)) }, pattern: /the pickle ends before its STOP mark/ },
      { name: 'one byte short (no STOP)', bytes: () => { const b = wesad(); return b.subarray(0, b.length - 1) }, pattern: /the pickle ends before its STOP mark/ },
      { name: 'an unknown opcode', bytes: () => flip(wesad(), 2, 0xff), pattern: /the pickle uses the copyreg extension registry, which the workbench does not support/ },
      { name: 'no chest ECG', bytes: () => wesad(undefined, true), pattern: /the pickle has no numeric signal\.chest\.ECG array, so it is not a WESAD subject file/ },
      { name: 'every ECG value NaN', bytes: () => wesad(Float64Array.from(LABELS, () => Number.NaN)), pattern: /S2 trial baseline: all samples are missing \(NaN\)/, mentions: 'case' },
      { name: 'every ECG value Infinity', bytes: () => wesad(Float64Array.from(LABELS, () => Number.POSITIVE_INFINITY)), pattern: /S2 trial baseline: all samples are missing \(NaN\)/, mentions: 'case' },
      { name: 'an ECG shorter than its labels', bytes: () => wesad(Float64Array.from({ length: 100 }, (_v, i) => Math.sin(i))), pattern: /the label array has 14000 samples but the chest ECG has 100/ },
    ],
  },
]

let bench: RefusalBench
beforeAll(async () => { bench = await openRefusalBench('ecg-corpus-datasets-') })
afterAll(async () => { await bench.close() })

for (const { reader, kind, file, good, cases, tolerated, readAtScan } of READERS) {
  describe(`broken ${reader} files are refused with one sentence and nothing stored`, () => {
    it('control: the unbroken file imports', async () => {
      const dir = await bench.folder({ [file]: good() })
      expect(await tryImport(bench, { kind, path: dir })).toBeUndefined()
      clearStore(bench)
    })

    it.each(cases)('$name', async ({ bytes, pattern, mentions }) => {
      const dir = await bench.folder({ [file]: bytes() })
      await expectRefused(bench, { kind, path: dir }, pattern, { mentions: mentions ?? file.split('/').pop()! })
      await expectPreviewSafe({ kind, path: dir })
    })

    if (tolerated !== undefined) {
      it.each(tolerated)('tolerated with a note: $name', async ({ bytes, note }) => {
        const dir = await bench.folder({ [file]: bytes() })
        const report = await importDataset(bench.store, { kind, path: dir, name: 'tolerated' }, { preprocess: FAST_PREPROCESS })
        expect(report.windows).toBeGreaterThan(0)
        if (note !== undefined) expect(report.notes.join(' ')).toMatch(note)
        clearStore(bench)
      })
    }

    it.each([
      ['cut in half', (p: string, n: number) => truncate(p, Math.floor(n / 2))],
      ['emptied', (p: string) => truncate(p, 0)],
      ['overwritten with text', (p: string) => writeFile(p, 'gone\n'.repeat(100))],
    ] as const)('the file changes between the scan and the read: %s', async (_what, change) => {
      const bytes = good()
      const dir = await bench.folder({ [file]: bytes })
      const path = join(dir, file)
      const adapters = await changingAdapter(kind, () => change(path, bytes.length))
      if (readAtScan === true) expect(await importOrRefuse(bench, { kind, path: dir }, 'changed after the scan', { adapters })).toBe('ok')
      else await expectRefused(bench, { kind, path: dir }, /./, { mentions: file.split('/').pop()!, adapters })
    })
  })
}
