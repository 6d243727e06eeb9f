/**
 * Broken EDF files must each give exactly one InputError with one clear sentence — never a
 * RangeError, TypeError or a stack trace. Files are written by the test writer, then broken.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEdf } from '../../src/formats/edf/index.js'
import { InputError } from '../../src/common/input-error.js'
import { FIXED_FIELDS, SIGNAL_FIELD_WIDTHS, buildEdf, setField, signalFieldOffset, type EdfTestSignal } from '../helpers/edf-writer.js'
import { expectInputError } from '../helpers/expect-input-error.js'

let dir: string
let n = 0
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'edf-bad-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

const ecg: EdfTestSignal = {
  label: 'ECG', unit: 'mV', samplesPerRecord: 256, physicalMin: -5, physicalMax: 5, digitalMin: -32768, digitalMax: 32767,
  samples: Array.from({ length: 2560 }, (_, i) => Math.sin(i / 10)),
}
const resp: EdfTestSignal = { ...ecg, label: 'Resp', samplesPerRecord: 128, samples: ecg.samples.slice(0, 1280) }

/** A valid two-signal EDF+C file of 10 one-second records. */
const good = (): Buffer => buildEdf({ signals: [ecg, resp], recordDuration: 1, records: 10, variant: 'EDF+C', annotations: [{ onset: 1, text: 'go' }] })
const NS = 3 // ECG, Resp, EDF Annotations

async function save(bytes: Uint8Array): Promise<string> {
  const path = join(dir, `b${n++}.edf`)
  await writeFile(path, bytes)
  return path
}

function withField(field: keyof typeof FIXED_FIELDS, value: string): Buffer {
  const b = good()
  setField(b, FIXED_FIELDS[field][0], FIXED_FIELDS[field][1], value)
  return b
}

function withSignalField(field: keyof typeof SIGNAL_FIELD_WIDTHS, signal: number, value: string): Buffer {
  const b = good()
  setField(b, signalFieldOffset(NS, field, signal), SIGNAL_FIELD_WIDTHS[field], value)
  return b
}

/** Opens the file and reads every channel, as an import would. */
async function readAll(path: string): Promise<void> {
  const f = await openEdf(path)
  for (const c of f.channels) await f.readChannel(c.index)
}

/** Replaces the annotation bytes of data record `r` (annotations are the last signal). */
function withAnnotationBytes(r: number, text: string): Buffer {
  const b = good()
  const headerBytes = 256 * (NS + 1)
  const recordBytes = (b.length - headerBytes) / 10
  const at = headerBytes + r * recordBytes + 2 * (256 + 128)
  b.fill(0, at, headerBytes + (r + 1) * recordBytes)
  b.write(text, at, 'latin1')
  return b
}

describe('EDF bad input', () => {
  it('reads the unbroken file (control)', async () => {
    await expect(readAll(await save(good()))).resolves.toBeUndefined()
  })

  it.each([
    ['empty file', () => Buffer.alloc(0), /only 0 bytes long, shorter than an EDF header/],
    ['cut inside the fixed header', () => good().subarray(0, 100), /only 100 bytes long/],
    ['cut inside the signal header', () => good().subarray(0, 700), /ends inside its EDF header \(700 of 1024 bytes\)/],
    ['cut in the data records', () => { const b = good(); return b.subarray(0, b.length / 2) }, /declares 10 data records but the file holds only 4 and part of another; the file is truncated/],
    ['cut at a record boundary', () => { const b = good(); return b.subarray(0, 1024 + 3 * (b.length - 1024) / 10) }, /declares 10 data records but the file holds only 3;/],
    ['wrong version field', () => withField('version', '1'), /not an EDF file: its version field is "1"/],
    ['text file', () => Buffer.from('time,ecg\n0,1\n'.repeat(40)), /not an EDF file/],
    // BDF is read now (src/formats/edf/bdf.test.ts); 16-bit data under a BDF header is too short for 24-bit samples.
    ['EDF data under a BDF header', () => { const b = good(); b[0] = 0xff; b.write('BIOSEMI', 1, 'latin1'); return b }, /declares 10 data records but the file holds only 6 and part of another/],
    ['header bytes inconsistent with ns', () => withField('headerBytes', '768'), /says it is 768 bytes long, but with 3 signals it must be 1024/],
    ['zero signals', () => withField('signalCount', '0'), /declares 0 signals/],
    ['non-numeric number of signals', () => withField('signalCount', 'ab'), /number of signals field .* "ab", which is not a whole number/],
    ['non-numeric number of records', () => withField('records', 'ten'), /number of data records field .* "ten"/],
    ['record count below −1', () => withField('records', '-5'), /declares -5 data records/],
    ['record duration 0', () => withField('recordDuration', '0'), /data record duration of 0 s, which must be above 0/],
    ['record duration negative', () => withField('recordDuration', '-1'), /data record duration of -1 s/],
    ['record duration not a number', () => withField('recordDuration', '1 s'), /data record duration field .* "1 s", which is not a number/],
    ['samples per record 0', () => withSignalField('samplesPerRecord', 1, '0'), /signal 2 \("Resp"\) has 0 samples per data record/],
    ['samples per record not a number', () => withSignalField('samplesPerRecord', 0, '256.5'), /samples per record of signal 1 \("ECG"\) .* not a whole number/],
    ['digital min == max', () => { const b = withSignalField('digitalMin', 0, '100'); setField(b, signalFieldOffset(NS, 'digitalMax', 0), 8, '100'); return b }, /digital minimum 100 and maximum 100, so its samples cannot be scaled/],
    ['digital range beyond 16 bits', () => withSignalField('digitalMax', 1, '70000'), /outside the 16-bit range/],
    ['physical min == max', () => withSignalField('physicalMax', 0, '-5'), /physical minimum -5 and maximum -5/],
    ['non-numeric physical minimum', () => withSignalField('physicalMin', 1, 'low'), /physical minimum of signal 2 \("Resp"\) .* "low", which is not a number/],
    ['malformed annotation list', () => withAnnotationBytes(3, '+3 no separators'), /annotations in data record 4 are malformed/],
  ])('%s', async (_name, make, pattern) => {
    await expectInputError(readAll(await save(make())), pattern)
  })

  it('an EDF+D record without time-keeping annotation', async () => {
    const b = buildEdf({ signals: [ecg, resp], recordDuration: 1, records: 10, variant: 'EDF+D' })
    const path = await save(b)
    const f = await openEdf(path)
    expect(f.gaps).toEqual([])
    const headerBytes = 1024
    const recordBytes = (b.length - headerBytes) / 10
    const at = headerBytes + 2 * recordBytes + 2 * (256 + 128)
    b.fill(0, at, at + recordBytes - 2 * (256 + 128))
    b.write('+2\x14x\x14\x00', at, 'latin1')
    await expectInputError(openEdf(await save(b)), /data record 3 has no time-keeping annotation, so its time in this discontinuous \(EDF\+D\) file is unknown/)
  })

  it('a channel that does not exist', async () => {
    const f = await openEdf(await save(good()))
    await expectInputError(f.readChannel(2), /channel 2 does not exist; the file has 2 signal channels/)
  })

  it('a missing file and a folder', async () => {
    await expectInputError(openEdf(join(dir, 'missing.edf')), /cannot be opened; check that it exists/)
    const folder = join(dir, 'folder.edf')
    await mkdir(folder)
    await expectInputError(openEdf(folder), /EDF file could not be read|cannot be opened/)
  })

  it('random byte damage never lets anything but InputError escape', async () => {
    // Deterministic xorshift PRNG so that a failure can be reproduced.
    let seed = 0x2545f491
    const rand = (k: number): number => {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5
      return (seed >>> 0) % k
    }
    const original = good()
    const alphabet = '0123456789 .-+eE\x00\x14\x15\xffabc'
    for (let trial = 0; trial < 300; trial++) {
      const b = Buffer.from(original)
      for (let hits = 1 + rand(4); hits > 0; hits--) {
        // Half of the damage goes to the header, half to the data records (annotations included).
        const at = rand(2) === 0 ? rand(1024) : 1024 + rand(b.length - 1024)
        b[at] = alphabet.charCodeAt(rand(alphabet.length))
      }
      const cut = rand(10) === 0 ? rand(b.length) : b.length
      const error: unknown = await readAll(await save(b.subarray(0, cut))).then(() => undefined, (e: unknown) => e)
      if (error !== undefined) expect(error, error instanceof Error ? error.stack : typeof error).toBeInstanceOf(InputError)
    }
  })
})
