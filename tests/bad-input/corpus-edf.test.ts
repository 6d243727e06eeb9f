/**
 * The broken-file corpus of the EDF / EDF+ / BDF reader (issue 10 §6), through the real import
 * into a temporary store: each case is refused with one sentence naming the file, and nothing
 * is stored. Most files are the real pyedflib EDF+ recording, cut or with a header field
 * rewritten; the BDF cases come from the test writer.
 */
import { readFileSync } from 'node:fs'
import { truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEdf, FIXED_FIELDS, setField, SIGNAL_FIELD_WIDTHS, signalFieldOffset, type EdfTestSignal } from '../helpers/edf-writer.js'
import { changingAdapter, clearStore, expectPreviewSafe, expectRefused, openRefusalBench, tryImport, type RefusalBench } from '../helpers/import-refusal.js'
import { sharedData } from '../helpers/shared-data.js'

/** pyedflib_test_subsecond.edf: EDF+C, 2 signals (Fp1 128/record, EDF Annotations 20/record), 698 records of 1 s. */
const REAL = readFileSync(sharedData('edf/pyedflib_test_subsecond.edf'))
const NS = 2
const HEADER = 256 * (NS + 1)
const RECORD = (128 + 20) * 2

const cut = (n: number) => (): Buffer => REAL.subarray(0, n)
function field(name: keyof typeof FIXED_FIELDS, value: string): () => Buffer {
  return () => {
    const b = Buffer.from(REAL)
    setField(b, FIXED_FIELDS[name][0], FIXED_FIELDS[name][1], value)
    return b
  }
}
function signalField(name: keyof typeof SIGNAL_FIELD_WIDTHS, signal: number, value: string): () => Buffer {
  return () => {
    const b = Buffer.from(REAL)
    setField(b, signalFieldOffset(NS, name, signal), SIGNAL_FIELD_WIDTHS[name], value)
    return b
  }
}

const ECG: EdfTestSignal = {
  label: 'ECG', unit: 'uV', samplesPerRecord: 256, physicalMin: -5000, physicalMax: 5000, digitalMin: -8388608, digitalMax: 8388607,
  samples: Array.from({ length: 256 * 20 }, (_v, i) => 1000 * Math.sin(i / 10)),
}
const bdf = (): Buffer => buildEdf({ signals: [ECG], recordDuration: 1, records: 20, bdf: true, variant: 'EDF+C' })
const BDF_HEADER = 256 * 3

interface Case {
  readonly name: string
  readonly bytes: () => Uint8Array
  readonly pattern: RegExp
  readonly ext?: string
}

const CASES: readonly Case[] = [
  // Truncated at every structural boundary.
  { name: 'empty', bytes: cut(0), pattern: /only 0 bytes long, shorter than an EDF header/ },
  { name: 'one byte', bytes: cut(1), pattern: /only 1 bytes? long/ },
  { name: 'cut after the version field', bytes: cut(8), pattern: /only 8 bytes long/ },
  { name: 'cut one byte before the end of the fixed header', bytes: cut(255), pattern: /only 255 bytes long/ },
  { name: 'cut at the end of the fixed header', bytes: cut(256), pattern: /ends inside its EDF header \(256 of 768 bytes\)/ },
  { name: 'cut after the signal labels', bytes: cut(256 + NS * 16), pattern: /ends inside its EDF header \(288 of 768 bytes\)/ },
  { name: 'cut one byte before the end of the header', bytes: cut(HEADER - 1), pattern: /ends inside its EDF header \(767 of 768 bytes\)/ },
  { name: 'cut at the end of the header (no data)', bytes: cut(HEADER), pattern: /declares 698 data records but the file holds only 0;/ },
  { name: 'cut one byte into the data', bytes: cut(HEADER + 1), pattern: /holds only 0 and part of another; the file is truncated/ },
  { name: 'cut at the end of the first signal of record 1', bytes: cut(HEADER + 256), pattern: /holds only 0 and part of another/ },
  { name: 'cut at the first record boundary', bytes: cut(HEADER + RECORD), pattern: /declares 698 data records but the file holds only 1;/ },
  { name: 'cut one byte short of the last two records', bytes: cut(REAL.length - RECORD - 1), pattern: /holds only 696 and part of another/ },
  { name: 'one record short', bytes: cut(REAL.length - RECORD), pattern: /holds only 697;/ },
  // Wrong magic.
  { name: 'wrong version field', bytes: field('version', '1'), pattern: /not an EDF file: its version field is "1"/ },
  { name: 'a PDF named .edf', bytes: () => Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'), Buffer.alloc(2000, 0x20)]), pattern: /not an EDF file/ },
  { name: 'a ZIP named .edf', bytes: () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(1000, 0)]), pattern: /not an EDF file/ },
  // Headers that lie about lengths and counts.
  { name: 'more records declared than written', bytes: field('records', '699'), pattern: /declares 699 data records but the file holds only 698;/ },
  { name: 'an absurd record count', bytes: field('records', '99999999'), pattern: /declares 99999999 data records but the file holds only 698/ },
  { name: 'record count below −1', bytes: field('records', '-7'), pattern: /declares -7 data records/ },
  { name: 'zero signals', bytes: field('signalCount', '0'), pattern: /declares 0 signals/ },
  { name: 'more signals declared than the header holds', bytes: field('signalCount', '3'), pattern: /must be 1024|header/ },
  { name: 'an absurd number of signals', bytes: field('signalCount', '9999'), pattern: /9999/ },
  { name: 'header byte count that does not fit the signals', bytes: field('headerBytes', '1024'), pattern: /says it is 1024 bytes long, but with 2 signals it must be 768/ },
  { name: 'samples per record 0', bytes: signalField('samplesPerRecord', 0, '0'), pattern: /signal 1 \("Fp1"\) has 0 samples per data record/ },
  { name: 'samples per record larger than written', bytes: signalField('samplesPerRecord', 0, '129'), pattern: /holds only 692 and part of another|truncated/ },
  { name: 'samples per record absurd', bytes: signalField('samplesPerRecord', 0, '99999999'), pattern: /99999999|truncated|sampling rate/ },
  // Zero or absurd sampling rates.
  { name: 'record duration 0 (infinite rate)', bytes: field('recordDuration', '0'), pattern: /data record duration of 0 s, which must be above 0/ },
  { name: 'record duration negative', bytes: field('recordDuration', '-1'), pattern: /data record duration of -1 s/ },
  { name: 'record duration a nanosecond (absurd rate)', bytes: field('recordDuration', '1e-9'), pattern: /signal 1 \("Fp1"\) would be sampled at 1\.28e\+11 Hz \(128 samples per data record of 1e-9 s\), which is not plausible \(at most 1 MHz\)/ },
  { name: 'samples per record absurd for a 1 s record', bytes: signalField('samplesPerRecord', 0, '2000000'), pattern: /would be sampled at 2\.00e\+6 Hz/ },
  { name: 'record duration NaN', bytes: field('recordDuration', 'NaN'), pattern: /data record duration field .* "NaN", which is not a number/ },
  { name: 'record duration Infinity', bytes: field('recordDuration', 'Infinity'), pattern: /data record duration/ },
  { name: 'record duration 1e999', bytes: field('recordDuration', '1e999'), pattern: /data record duration field of the EDF header holds "1e999", which is too large to be a number/ },
  // NaN / Inf in the scaling fields.
  { name: 'physical minimum NaN', bytes: signalField('physicalMin', 0, 'NaN'), pattern: /physical minimum of signal 1 \("Fp1"\) .* "NaN", which is not a number/ },
  { name: 'physical maximum Inf', bytes: signalField('physicalMax', 0, 'Inf'), pattern: /physical maximum of signal 1 \("Fp1"\)/ },
  { name: 'physical maximum 1e999', bytes: signalField('physicalMax', 0, '1e999'), pattern: /physical maximum of signal 1 \("Fp1"\) field of the EDF header holds "1e999", which is too large to be a number/ },
  { name: 'physical minimum equal to the maximum', bytes: () => { const b = signalField('physicalMin', 0, '5')(); setField(b, signalFieldOffset(NS, 'physicalMax', 0), 8, '5'); return b }, pattern: /physical minimum 5 and maximum 5/ },
  { name: 'digital minimum NaN', bytes: signalField('digitalMin', 0, 'NaN'), pattern: /digital minimum of signal 1 \("Fp1"\) .* "NaN", which is not a whole number/ },
  { name: 'digital minimum equal to the maximum', bytes: () => { const b = signalField('digitalMin', 0, '7')(); setField(b, signalFieldOffset(NS, 'digitalMax', 0), 8, '7'); return b }, pattern: /digital minimum 7 and maximum 7/ },
  { name: 'digital range beyond 16 bits', bytes: signalField('digitalMax', 0, '99999'), pattern: /outside the 16-bit range/ },
  // BDF.
  { name: 'BDF truncated inside the header', ext: '.bdf', bytes: () => bdf().subarray(0, 300), pattern: /ends inside its (EDF|BDF) header/ },
  { name: 'BDF cut inside a 24-bit sample', ext: '.bdf', bytes: () => bdf().subarray(0, BDF_HEADER + 256 * 3 * 5 + 2), pattern: /declares 20 data records but the file holds only \d and part of another/ },
  { name: 'BDF with a wrong magic after 0xFF', ext: '.bdf', bytes: () => { const b = bdf(); b.write('BIOSEMX', 1, 'latin1'); return b }, pattern: /not a(n EDF| BDF)? file|version field/ },
  { name: 'BDF digital range beyond 24 bits', ext: '.bdf', bytes: () => { const b = bdf(); setField(b, signalFieldOffset(2, 'digitalMax', 0), 8, '9999999'); return b }, pattern: /outside the 24-bit range/ },
]

let bench: RefusalBench
beforeAll(async () => { bench = await openRefusalBench('ecg-corpus-edf-') })
afterAll(async () => { await bench.close() })

describe('broken EDF / BDF files are refused with one sentence and nothing stored', () => {
  it('control: the unbroken pyedflib recording and the written BDF import', async () => {
    const dir = await bench.folder({ 'real.edf': REAL, 'ecg.bdf': bdf() })
    expect(await tryImport(bench, { kind: 'edf', path: dir })).toBeUndefined()
    expect(bench.traces()).toMatchObject({ datasets: 1, recordings: 2 })
    clearStore(bench)
  })

  it.each(CASES)('$name', async ({ bytes, pattern, ext }) => {
    const name = `rec${ext ?? '.edf'}`
    const dir = await bench.folder({ [name]: bytes() })
    await expectRefused(bench, { kind: 'edf', path: join(dir, name) }, pattern)
    await expectRefused(bench, { kind: 'edf', path: dir }, pattern, { mentions: name })
    await expectPreviewSafe({ kind: 'edf', path: dir })
  })

  it.each([
    ['truncated to the header', (p: string) => truncate(p, HEADER), /the EDF file became shorter since it was opened; copy it again and retry\./],
    ['cut in the middle of the data', (p: string) => truncate(p, HEADER + 100 * RECORD + 7), /the EDF file became shorter since it was opened/],
    ['truncated to nothing', (p: string) => truncate(p, 0), /the EDF file became shorter since it was opened/],
    ['rewritten with another file', (p: string) => writeFile(p, Buffer.from('time,ecg\n0,1\n'.repeat(100))), /the EDF file became shorter since it was opened|not an EDF file/],
  ] as const)('the file changes between the scan and the read: %s', async (_what, change, pattern) => {
    const dir = await bench.folder({ 'real.edf': REAL })
    const path = join(dir, 'real.edf')
    await expectRefused(bench, { kind: 'edf', path }, pattern, { adapters: await changingAdapter('edf', () => change(path)) })
  })
})
