/**
 * The broken-file corpus of the CSV / text reader (issue 10 §6), through the real import into a
 * temporary store: each case is refused with one sentence naming the file, and nothing is
 * stored. Files are written by the test, most of them from the real BioSPPy recording.
 */
import { readFileSync } from 'node:fs'
import { truncate, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changingAdapter, clearStore, expectPreviewSafe, expectRefused, openRefusalBench, tryImport, type RefusalBench } from '../helpers/import-refusal.js'
import { sharedData } from '../helpers/shared-data.js'

const BIOSPPY = readFileSync(sharedData('text/biosppy_ecg.txt'), 'latin1')
const [HEADER, DATA] = [BIOSPPY.slice(0, BIOSPPY.indexOf('\n2044')), BIOSPPY.slice(BIOSPPY.indexOf('\n2044') + 1)]
const sine = (n: number): string => Array.from({ length: n }, (_v, i) => (Math.sin(i / 10) * 100).toFixed(2)).join('\n') + '\n'
const withRate = (rate: string): string => BIOSPPY.replace('Sampling Rate (Hz):= 1000.00', `Sampling Rate (Hz):= ${rate}`)
/** BioSPPy's recording with data line `at` (0-based) replaced. */
const withLine = (at: number, text: string): string => {
  const lines = DATA.split('\n')
  lines[at] = text
  return `${HEADER}\n${lines.join('\n')}`
}

interface Case {
  readonly name: string
  readonly bytes: () => string | Uint8Array
  readonly pattern: RegExp
  /** --fs for files that do not state their rate. */
  readonly fs?: number
  /** What the sentence must name when not the file's path (a folder-level sentence). */
  readonly mentions?: string
}

const CASES: readonly Case[] = [
  { name: 'an empty file', bytes: () => '', pattern: /the file is empty/ },
  { name: 'only the metadata lines, no samples', bytes: () => `${HEADER}\n`, pattern: /no (rows of numbers|samples|data)/ },
  { name: 'truncated inside the metadata', bytes: () => BIOSPPY.slice(0, 40), pattern: /./ },
  { name: 'a header row and no data', bytes: () => 'ECG,RESP\n', pattern: /no (rows of numbers|samples|data)/, fs: 250 },
  { name: 'a binary file named .csv (PNG bytes)', bytes: () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, ...new Array<number>(200).fill(7)]), pattern: /this is a binary file, not text/, fs: 250 },
  { name: 'a binary file named .csv (random bytes)', bytes: () => Buffer.from(Array.from({ length: 4096 }, (_v, i) => (i * 7919) % 256)), pattern: /this is a binary file, not text/, fs: 250 },
  { name: 'UTF-16 LE text with a BOM and a non-numeric cell', bytes: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`ECG\n${sine(3000)}x\n`, 'utf16le')]), pattern: /line 3002, column 1: 'x' is not a number/, fs: 250 },
  { name: 'UTF-16 BE text with a BOM, cut in the middle of a character', bytes: () => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`ECG\n${sine(3000)}`, 'utf16le').swap16()]).subarray(0, 1001), pattern: /./, fs: 250 },
  { name: 'UTF-16 LE text without a BOM', bytes: () => Buffer.from(`ECG\n${sine(3000)}`, 'utf16le'), pattern: /UTF-16|binary/, fs: 250 },
  { name: 'every value NaN', bytes: () => `ECG\n${'NaN\n'.repeat(5000)}`, pattern: /every (value|cell)|holds no numbers/, fs: 250 },
  { name: 'every value empty', bytes: () => `ECG,RESP\n${',1\n'.repeat(5000)}`, pattern: /holds no numbers|every (value|cell)/, fs: 250 },
  { name: 'Infinity in the middle', bytes: () => withLine(5000, 'Infinity'), pattern: /line 5005.*'Infinity'|infinite|not a (finite )?number/ },
  { name: '-inf in the middle', bytes: () => withLine(7000, '-inf'), pattern: /line 7005.*'-inf'|infinite|not a (finite )?number/ },
  { name: 'a number too large for a double (1e999)', bytes: () => withLine(100, '1e999'), pattern: /line 105, column 1: '1e999' is too large to be a number \(it overflows to infinity\); fix or remove the line\./ },
  { name: 'a 400-digit number', bytes: () => withLine(200, '9'.repeat(400)), pattern: /line 205, column 1: '9{40}…' is too large to be a number/ },
  { name: 'a non-numeric cell', bytes: () => withLine(1234, '20x4.0'), pattern: /line 1239, column 1: '20x4\.0' is not a number/ },
  { name: 'an escape character in a cell is shown, not sent to the terminal', bytes: () => withLine(10, '20\u001b[2J44.0'), pattern: /line 15, column 1: '20\\x1b\[2J44\.0' is not a number/ },
  { name: 'a sampling rate of 0 in the metadata', bytes: () => withRate('0'), pattern: /sampling rate|Hz/ },
  { name: 'a negative sampling rate in the metadata', bytes: () => withRate('-1000'), pattern: /sampling rate|Hz/ },
  { name: 'an absurd sampling rate in the metadata', bytes: () => withRate('1e12'), pattern: /sampling rate|Hz/ },
  { name: 'a sampling rate of NaN in the metadata', bytes: () => withRate('NaN'), pattern: /sampling rate|Hz/ },
  { name: 'shorter than one window', bytes: () => `ECG\n${sine(100)}`, pattern: /No windows could be imported .*shorter than one 2 s window/, fs: 250, mentions: 'case' },
  { name: 'ragged rows', bytes: () => `ECG,RESP\n${'1,2\n'.repeat(100)}3\n${'1,2\n'.repeat(100)}`, pattern: /line 102/, fs: 250 },
]

let bench: RefusalBench
beforeAll(async () => { bench = await openRefusalBench('ecg-corpus-text-') })
afterAll(async () => { await bench.close() })

describe('broken text files are refused with one sentence and nothing stored', () => {
  it('control: the unbroken BioSPPy recording imports', async () => {
    const dir = await bench.folder({ 'ecg.txt': BIOSPPY })
    expect(await tryImport(bench, { kind: 'csv', path: join(dir, 'ecg.txt') })).toBeUndefined()
    clearStore(bench)
  })

  it('control: UTF-16 text with a BOM (Windows "Unicode" text) imports, LE and BE', async () => {
    const le = Buffer.from(`ECG\n${sine(3000)}`, 'utf16le')
    const dir = await bench.folder({ 'le.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'be.csv': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]) })
    expect(await tryImport(bench, { kind: 'csv', path: dir, fs: 250 })).toBeUndefined()
    expect(bench.traces()).toMatchObject({ datasets: 1, recordings: 2 })
    clearStore(bench)
  })

  it.each(CASES)('$name', async ({ bytes, pattern, fs, mentions }) => {
    const dir = await bench.folder({ 'ecg.csv': bytes() })
    const path = join(dir, 'ecg.csv')
    await expectRefused(bench, { kind: 'csv', path, ...(fs === undefined ? {} : { fs }) }, pattern, { mentions: mentions ?? path })
    // The same file alone in a folder: one sentence too, naming the file.
    await expectRefused(bench, { kind: 'csv', path: dir, ...(fs === undefined ? {} : { fs }) }, /./, { mentions: 'ecg' })
    await expectPreviewSafe({ kind: 'csv', path, ...(fs === undefined ? {} : { fs }) })
  })

  it.each([
    ['truncated to nothing', (p: string) => truncate(p, 0), /empty|no windows|changed|truncated/i],
    ['cut in the metadata', (p: string) => truncate(p, 30), /./],
    ['rewritten as binary', (p: string) => writeFile(p, Buffer.alloc(5000, 0)), /binary|changed/],
    ['a cell rewritten as junk', (p: string) => writeFile(p, withLine(3, 'junk')), /line 8, column 1: 'junk' is not a number|changed/],
  ] as const)('the file changes between the scan and the read: %s', async (_what, change, pattern) => {
    const dir = await bench.folder({ 'ecg.txt': BIOSPPY })
    const path = join(dir, 'ecg.txt')
    await expectRefused(bench, { kind: 'csv', path }, pattern, { adapters: await changingAdapter('csv', () => change(path)) })
  })
})
