/**
 * The broken-file corpus of the WFDB reader (issue 10 §6), through the real import into a
 * temporary store: each case is refused with one sentence naming the file, and nothing is
 * stored. Every case is a private copy of a real record (macecgdb test01_00s, format 16, 4
 * signals; MIT-BIH 100, format 212) with its header or data broken.
 */
import { readFileSync } from 'node:fs'
import { rm, truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changingAdapter, clearStore, expectPreviewSafe, expectRefused, openRefusalBench, tryImport, type RefusalBench } from '../helpers/import-refusal.js'
import { sharedData } from '../helpers/shared-data.js'

const MAC_HEA = readFileSync(sharedData('wfdb/macecgdb_test01_00s/test01_00s.hea'), 'latin1')
const MAC_DAT = readFileSync(sharedData('wfdb/macecgdb_test01_00s/test01_00s.dat'))
const MIT_HEA = readFileSync(sharedData('wfdb/mitdb_100/100.hea'), 'latin1')
const MIT_DAT = readFileSync(sharedData('wfdb/mitdb_100/100.dat'))
const FRAME = 4 * 2 // format 16, 4 signals
const RECORD_LINE = 'test01_00s 4 500 4000'
const SIGNAL_LINES = MAC_HEA.split('\n').filter((l) => l.startsWith('test01_00s.dat'))

interface Case {
  readonly name: string
  readonly hea?: () => string | Uint8Array
  readonly dat?: () => Uint8Array
  readonly pattern: RegExp
  /** The file the sentence names (default: the header). */
  readonly names?: 'hea' | 'dat'
  /** MIT-BIH 100 (format 212) instead of macecgdb. */
  readonly mit?: boolean
  /** The channel to import (default 0). */
  readonly channel?: number
}

const withRecordLine = (line: string) => (): string => MAC_HEA.replace(RECORD_LINE, line)
const withSignalField = (field: number, value: string) => (): string => {
  const fields = SIGNAL_LINES[0]!.split(' ')
  fields[field] = value
  return MAC_HEA.replace(SIGNAL_LINES[0]!, fields.join(' '))
}
const datCut = (n: number) => (): Buffer => MAC_DAT.subarray(0, n)
const mitCut = (n: number) => (): Buffer => MIT_DAT.subarray(0, n)

const CASES: readonly Case[] = [
  // Empty files.
  { name: 'an empty header', hea: () => '', pattern: /not a WFDB header|empty|no record line/ },
  { name: 'an empty data file', dat: datCut(0), pattern: /promises 4000 samples per signal but the data file test01_00s\.dat holds only 0/, names: 'dat' },
  // The header truncated at every structural boundary.
  { name: 'header cut inside the record line', hea: () => 'test01_00s 4 5', pattern: /declares 4 signals but has only 0 signal lines|not plausible|frequency/ },
  { name: 'header cut after the record line', hea: () => `${RECORD_LINE}\n`, pattern: /declares 4 signals but has only 0 signal lines/ },
  { name: 'header cut inside the first signal line', hea: () => `${RECORD_LINE}\ntest01_00s.dat 1`, pattern: /declares 4 signals but has only 1 signal lines/ },
  { name: 'header cut after two of four signal lines', hea: () => `${RECORD_LINE}\n${SIGNAL_LINES.slice(0, 2).join('\n')}\n`, pattern: /declares 4 signals but has only 2 signal lines/ },
  { name: 'header cut inside the last signal line', hea: () => `${RECORD_LINE}\n${SIGNAL_LINES.slice(0, 3).join('\n')}\ntest01_00s.dat 16 100/mV 16 0 -66 -4`, channel: 3, pattern: /signal "signal 3" in test01_00s\.dat do not match the checksum in the header \(-4, computed -401\)/, names: 'dat' },
  // The data file truncated at every structural boundary.
  { name: 'data cut inside the first sample', dat: datCut(1), pattern: /holds only 0;/, names: 'dat' },
  { name: 'data cut after one sample', dat: datCut(2), pattern: /holds only 0;/, names: 'dat' },
  { name: 'data cut after one frame', dat: datCut(FRAME), pattern: /holds only 1;/, names: 'dat' },
  { name: 'data cut inside a frame in the middle', dat: datCut(FRAME * 2000 + 3), pattern: /holds only 2000;/, names: 'dat' },
  { name: 'data one frame short', dat: datCut(MAC_DAT.length - FRAME), pattern: /holds only 3999;/, names: 'dat' },
  { name: 'data one byte short', dat: datCut(MAC_DAT.length - 1), pattern: /holds only 3999;/, names: 'dat' },
  { name: 'format 212 data cut inside a 3-byte pair', mit: true, dat: mitCut(300_001), pattern: /promises 650000 samples per signal but the data file 100\.dat holds only 100000/, names: 'dat' },
  { name: 'format 212 data one byte short', mit: true, dat: mitCut(MIT_DAT.length - 1), pattern: /holds only 649999/, names: 'dat' },
  // Headers that lie about lengths and counts.
  { name: 'more samples promised than written', hea: withRecordLine('test01_00s 4 500 4001'), pattern: /promises 4001 samples per signal but the data file test01_00s\.dat holds only 4000/, names: 'dat' },
  { name: 'an absurd number of samples', hea: withRecordLine('test01_00s 4 500 99999999999'), pattern: /promises 99999999999 samples/, names: 'dat' },
  { name: 'fewer samples promised than written (checksums fail)', hea: withRecordLine('test01_00s 4 500 3999'), pattern: /do not match the checksum in the header/, names: 'dat' },
  { name: 'more signals declared than listed', hea: withRecordLine('test01_00s 5 500 4000'), pattern: /declares 5 signals but has only 4 signal lines/ },
  { name: 'an absurd number of signals', hea: withRecordLine('test01_00s 999999 500 4000'), pattern: /declares 999999 signals but has only 4 signal lines/ },
  { name: 'zero signals', hea: withRecordLine('test01_00s 0 500 4000'), pattern: /declares 0 signals/ },
  { name: 'a byte offset beyond the data', hea: () => MAC_HEA.replaceAll('test01_00s.dat 16 ', 'test01_00s.dat 16+99999 '), pattern: /holds only 0|offset|beyond|shorter/, names: 'dat' },
  { name: 'a wrong checksum', hea: withSignalField(6, '115'), pattern: /signal "ECG 1" in test01_00s\.dat do not match the checksum in the header \(115, computed 114\)/, names: 'dat' },
  // Zero or absurd sampling rates, NaN and Inf.
  { name: 'sampling rate 0', hea: withRecordLine('test01_00s 4 0 4000'), pattern: /sampling frequency 0 Hz in the WFDB header is not plausible/ },
  { name: 'negative sampling rate', hea: withRecordLine('test01_00s 4 -500 4000'), pattern: /sampling frequency -500 Hz/ },
  { name: 'absurd sampling rate', hea: withRecordLine('test01_00s 4 5e9 4000'), pattern: /sampling frequency 5e9 Hz .* at most 1 MHz/ },
  { name: 'sampling rate NaN', hea: withRecordLine('test01_00s 4 NaN 4000'), pattern: /sampling frequency|not a number|not a WFDB header/ },
  { name: 'sampling rate Infinity', hea: withRecordLine('test01_00s 4 Infinity 4000'), pattern: /sampling frequency|not a number|not a WFDB header/ },
  { name: 'sampling rate 1e999', hea: withRecordLine('test01_00s 4 1e999 4000'), pattern: /sampling frequency/ },
  { name: 'gain NaN', hea: withSignalField(2, 'NaN/mV'), pattern: /gain "NaN\/mV"|gain/ },
  { name: 'gain Infinity', hea: withSignalField(2, 'Infinity/mV'), pattern: /gain/ },
  { name: 'gain 1e999', hea: withSignalField(2, '1e999/mV'), pattern: /gain/ },
  { name: 'an unsupported storage format', hea: () => MAC_HEA.replaceAll('.dat 16 ', '.dat 999 '), pattern: /storage format 999 .* not supported; supported formats are 8, 16, 24, 32, 61, 80, 160, 212, 310, 311, 508, 516, 524/ },
  { name: 'a FLAC format on a data file that is not FLAC', hea: () => MAC_HEA.replaceAll('.dat 16 ', '.dat 516 '), pattern: /should be FLAC-compressed .* does not start with a FLAC stream header/, names: 'dat' },
  { name: 'a storage format that is not a number', hea: () => MAC_HEA.replaceAll('.dat 16 ', '.dat x16 '), pattern: /storage format field "x16"/ },
  // Wrong magic: a header that is not text or not WFDB.
  { name: 'a binary header', hea: () => Buffer.from([0, 1, 2, 3, 255, 254, 10, 0]), pattern: /not a WFDB header: it contains binary data/ },
  { name: 'a UTF-16 header', hea: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(MAC_HEA, 'utf16le')]), pattern: /not a WFDB header/ },
  { name: 'an EDF file named .hea', hea: () => Buffer.from(`0       ${' '.repeat(248)}`, 'latin1'), pattern: /not a WFDB header/ },
  { name: 'a multi-segment header whose segments are missing', hea: () => 'test01_00s/2 4 500 4000\nseg_1 2000\nseg_2 2000\n', pattern: /segment seg_1 of this multi-segment record has no header seg_1\.hea/ },
  { name: 'the data file is a text file', dat: () => Buffer.from('hello\n'.repeat(10)), pattern: /holds only 7;/, names: 'dat' },
]

let bench: RefusalBench
beforeAll(async () => { bench = await openRefusalBench('ecg-corpus-wfdb-') })
afterAll(async () => { await bench.close() })

async function record(c: Pick<Case, 'hea' | 'dat' | 'mit'>): Promise<{ dir: string; hea: string; dat: string }> {
  const [stem, hea, dat] = c.mit === true ? ['100', MIT_HEA, MIT_DAT] : ['test01_00s', MAC_HEA, MAC_DAT]
  const dir = await bench.folder({ [`${stem}.hea`]: c.hea?.() ?? hea, [`${stem}.dat`]: c.dat?.() ?? dat })
  return { dir, hea: join(dir, `${stem}.hea`), dat: join(dir, `${stem}.dat`) }
}

describe('broken WFDB records are refused with one sentence and nothing stored', () => {
  it('control: the unbroken copies import', async () => {
    expect(await tryImport(bench, { kind: 'wfdb', path: (await record({})).dir, channel: 0 })).toBeUndefined()
    clearStore(bench)
    expect(await tryImport(bench, { kind: 'wfdb', path: (await record({ mit: true })).dir })).toBeUndefined()
    clearStore(bench)
  })

  it.each(CASES)('$name', async (c) => {
    const r = await record(c)
    const mentions = c.names === 'dat' ? r.dat : r.hea
    const channel = c.channel ?? 0
    await expectRefused(bench, { kind: 'wfdb', path: r.hea, channel }, c.pattern, { mentions })
    await expectRefused(bench, { kind: 'wfdb', path: r.dir, channel }, c.pattern, { mentions })
    await expectPreviewSafe({ kind: 'wfdb', path: r.dir, channel })
  })

  it.each([
    ['the data file truncated', (r: { dat: string }) => truncate(r.dat, 1000), /holds only 125;|became shorter|changed/],
    ['the data file emptied', (r: { dat: string }) => truncate(r.dat, 0), /holds only 0;|became shorter|changed/],
    ['the data file deleted', (r: { dat: string }) => rm(r.dat), /Cannot read the source file .*test01_00s\.dat \(ENOENT\); check that it exists and is readable\./],
    ['the data file corrupted', (r: { dat: string }) => writeFile(r.dat, Buffer.alloc(MAC_DAT.length, 0x55)), /do not match the checksum/],
  ] as const)('the record changes between the scan and the read: %s', async (_what, change, pattern) => {
    const r = await record({})
    await expectRefused(bench, { kind: 'wfdb', path: r.dir, channel: 0 }, pattern, { mentions: r.dat, adapters: await changingAdapter('wfdb', () => change(r)) })
  })
})
