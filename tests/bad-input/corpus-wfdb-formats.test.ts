/**
 * The broken-file corpus for the WFDB forms added by issue 10 §1 — formats 8, 310 and 311, FLAC
 * (508/516/524) and multi-segment records — through the real import: each broken record is
 * refused with one sentence that names it, nothing is stored, and the channel preview fails the
 * same way or not at all. A bounded seeded fuzz damages their headers and data.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFlac } from '../helpers/flac-writer.js'
import { clearStore, expectPreviewSafe, expectRefused, importOrRefuse, openRefusalBench, tryImport, type RefusalBench } from '../helpers/import-refusal.js'

let bench: RefusalBench
beforeAll(async () => { bench = await openRefusalBench('ecg-corpus-wfdb-formats-') })
afterAll(async () => { await bench.close() })

const FS = 100
const FRAMES = 3000 // 30 s, enough for windows of the fast preprocessing
const checksum = (values: ArrayLike<number>): number => (Array.from(values).reduce((a, b) => (a + b) | 0, 0) << 16) >> 16
/** A 10-bit ECG-like signal (R peaks once a second). */
const ecg10 = Array.from({ length: FRAMES }, (_, i) => (i % FS < 3 ? 400 : 0) + Math.round(30 * Math.sin(i / 9)) + (i % 7) - 3)

function pack311(v: readonly number[]): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < v.length; i += 3) {
    const [a = 0, b = 0, c = 0] = v.slice(i, i + 3).map((x) => x & 0x3ff)
    const w = (a | (b << 10) | (c << 20)) >>> 0
    out.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24)
  }
  return Uint8Array.from(out)
}

function segment(name: string, values: readonly number[]): Record<string, string | Uint8Array> {
  const data = Buffer.alloc(2 * values.length)
  values.forEach((v, i) => data.writeInt16LE(v, 2 * i))
  return { [`${name}.hea`]: `${name} 1 ${FS} ${values.length}\n${name}.dat 16 200 16 0 ${values[0]} ${checksum(values)} 0 ECG\n`, [`${name}.dat`]: data }
}

/** The unbroken records, each in its own folder: 311, FLAC 516, and a variable-layout multi-segment record. */
async function records(): Promise<Record<string, Record<string, string | Uint8Array>>> {
  const flac = await encodeFlac([Int32Array.from(ecg10)], 16, { blockSize: 256, rate: FS })
  const half = FRAMES / 2
  return {
    f311: { 'r.hea': `r 1 ${FS} ${FRAMES}\nr.dat 311 200 10 0 ${ecg10[0]} ${checksum(ecg10)} 0 ECG\n`, 'r.dat': pack311(ecg10) },
    flac: { 'r.hea': `r 1 ${FS} ${FRAMES}\nr.dat 516 200 16 0 ${ecg10[0]} ${checksum(ecg10)} 0 ECG\n`, 'r.dat': flac },
    multi: {
      // The layout counts as a segment: 4 segment lines.
      'r.hea': `r/4 1 ${FS} ${FRAMES + 500}\nr_layout 0\nr_1 ${half}\n~ 500\nr_2 ${half}\n`,
      'r_layout.hea': `r_layout 1 ${FS} 0\n~ 0 200 16 0 0 0 0 ECG\n`,
      ...segment('r_1', ecg10.slice(0, half)),
      ...segment('r_2', ecg10.slice(half)),
    },
  }
}

describe('broken WFDB records of the newer forms are refused with one sentence and nothing stored', () => {
  it('control: the unbroken records import', async () => {
    for (const [name, files] of Object.entries(await records())) {
      const dir = await bench.folder(files)
      expect(await tryImport(bench, { kind: 'wfdb', path: dir }), name).toBeUndefined()
      clearStore(bench)
    }
  })

  it.each([
    ['311 data cut short', 'f311', (f: Record<string, string | Uint8Array>) => ({ ...f, 'r.dat': (f['r.dat'] as Uint8Array).subarray(0, 3001) }), /holds only 2250/, 'r.dat'],
    ['311 data of another record', 'f311', (f: Record<string, string | Uint8Array>) => ({ ...f, 'r.dat': pack311(ecg10.map((v) => v + 1)) }), /do not match the checksum/, 'r.dat'],
    ['FLAC cut in half', 'flac', (f: Record<string, string | Uint8Array>) => ({ ...f, 'r.dat': (f['r.dat'] as Uint8Array).subarray(0, 1500) }), /FLAC data file r\.dat holds only \d+ that decode/, 'r.dat'],
    ['FLAC header only', 'flac', (f: Record<string, string | Uint8Array>) => ({ ...f, 'r.dat': (f['r.dat'] as Uint8Array).subarray(0, 42) }), /holds only 0 that decode/, 'r.dat'],
    ['FLAC magic damaged', 'flac', (f: Record<string, string | Uint8Array>) => ({ ...f, 'r.dat': Uint8Array.from(f['r.dat'] as Uint8Array, (b, i) => (i === 0 ? 0x66 ^ 0x20 : b)) }), /does not start with a FLAC stream header/, 'r.dat'],
    ['a segment data file missing', 'multi', (f: Record<string, string | Uint8Array>) => Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'r_2.dat')), /r_2\.dat named in the WFDB header r_2\.hea is missing/, 'r_2.dat'],
    ['a segment header missing', 'multi', (f: Record<string, string | Uint8Array>) => Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'r_2.hea')), /segment r_2 of this multi-segment record has no header r_2\.hea/, 'r.hea'],
    ['the layout header missing', 'multi', (f: Record<string, string | Uint8Array>) => Object.fromEntries(Object.entries(f).filter(([k]) => k !== 'r_layout.hea')), /layout header r_layout\.hea .* is missing/, 'r.hea'],
    ['a segment shorter than the master says', 'multi', (f: Record<string, string | Uint8Array>) => ({ ...f, 'r.hea': (f['r.hea'] as string).replace(`r_2 ${FRAMES / 2}`, `r_2 ${FRAMES}`) }), /gives segment r_2 3000 samples but its files hold only 1500/, 'r.hea'],
  ])('%s', async (_name, base, damage, pattern, mentions) => {
    const files = damage((await records())[base]!)
    const dir = await bench.folder(files)
    await expectRefused(bench, { kind: 'wfdb', path: dir }, pattern, { mentions })
    await expectPreviewSafe({ kind: 'wfdb', path: dir })
  })

  it('random damage to these records gives an import or one sentence, never a crash', async () => {
    let seed = 0x2545f491
    const rand = (k: number): number => {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5
      return (seed >>> 0) % k
    }
    const alphabet = '0123456789 ./~()+x:-#\n'
    const all = await records()
    for (let trial = 0; trial < 60; trial++) {
      const [name, files] = Object.entries(all)[trial % 3]!
      const dir = await bench.folder(files)
      for (const file of await readdir(dir)) {
        const path = join(dir, file)
        const bytes = await readFile(path)
        if (rand(2) === 0) continue
        if (file.endsWith('.hea')) {
          const chars = bytes.toString('latin1').split('')
          chars[rand(chars.length)] = alphabet[rand(alphabet.length)]!
          await writeFile(path, chars.join(''), 'latin1')
        } else {
          bytes[rand(bytes.length)] = rand(256)
          await writeFile(path, rand(4) === 0 ? bytes.subarray(0, rand(bytes.length)) : bytes)
        }
      }
      await importOrRefuse(bench, { kind: 'wfdb', path: dir }, `${name} trial ${trial}`)
    }
  }, 120_000)
})
