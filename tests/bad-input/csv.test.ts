/**
 * Broken CSV / text signal files must each give exactly one InputError with one clear sentence —
 * never a RangeError, TypeError or a stack trace.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTextSignal, type TextSignalOptions } from '../../src/formats/text/index.js'
import { expectInputError } from '../helpers/expect-input-error.js'

let root: string
let n = 0
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'csv-bad-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

async function file(content: string | Buffer): Promise<string> {
  const path = join(root, `case${n++}.csv`)
  await writeFile(path, content)
  return path
}

/** Opens the file and reads every channel, as an import would. */
async function readAll(path: string, options: TextSignalOptions = { fs: 100 }): Promise<void> {
  const signal = await openTextSignal(path, options)
  for (const c of signal.channels) await signal.readChannel(c.index)
}

describe('CSV / text bad input', () => {
  it('control: a good file reads', async () => {
    await expect(readAll(await file('ECG\n1\n2\n'))).resolves.toBeUndefined()
  })

  it('empty file', async () => {
    const path = await file('')
    await expectInputError(readAll(path), 'the file is empty; a text signal needs one row of numbers per sample.', path)
  })

  it('only blank lines', async () => {
    await expectInputError(readAll(await file('\n\n  \n')), 'the file is empty')
  })

  it('only comments', async () => {
    await expectInputError(readAll(await file('# Sampling Rate (Hz):= 1000\n# Labels:= ECG\n')), 'the file holds only # comment lines and no samples')
  })

  it('a header and no data', async () => {
    await expectInputError(readAll(await file('time,ECG\n')), 'the file has a header row (line 1) but no samples after it')
  })

  it('non-numeric cell, with line and column', async () => {
    const rows = Array.from({ length: 1300 }, (_, k) => `${k},${k}`)
    rows[1232] = '5,abc'
    const path = await file(`a,b\n${rows.join('\n')}\n`)
    await expectInputError(readAll(path), `${path}: line 1234, column 2: 'abc' is not a number; fix or remove the line.`)
  })

  it('non-numeric cell in a single-column file and hex / infinity written as numbers', async () => {
    await expectInputError(readAll(await file('1\n2\n3x\n')), "line 3, column 1: '3x' is not a number")
    await expectInputError(readAll(await file('1\n0x1F\n')), "line 2, column 1: '0x1F' is not a number")
    await expectInputError(readAll(await file('1\nInfinity\n')), "line 2, column 1: 'Infinity' is not a number")
  })

  it('a quoted decimal comma in a comma-separated file', async () => {
    await expectInputError(readAll(await file('a,b\n"1,5",2\n')), "line 2, column 1: '1,5' is not a number")
  })

  it('ragged rows: a short row in the middle, a long row, a header that does not match', async () => {
    await expectInputError(readAll(await file('a,b\n1,2\n3\n4,5\n')), 'line 3 has 1 value but the rows above have 2; every row must have the same number of columns.')
    await expectInputError(readAll(await file('a,b\n1,2\n3,4,5\n')), 'line 3 has 3 values but the rows above have 2')
    await expectInputError(readAll(await file('a,b,c\n1,2\n3,4\n')), 'the header (line 1) names 3 columns but line 2 has 2 values; make the header match the data.')
  })

  it('sampling rate missing, 0, negative, absurd or not a number', async () => {
    const plain = await file('ECG\n1\n2\n')
    await expectInputError(readAll(plain, {}), 'the sampling rate is not stated in the file; pass --fs <Hz>.', plain)
    await expectInputError(readAll(plain, { fs: 0 }), '--fs 0 is not a usable sampling rate; give the rate in Hz (above 0, at most 100000).')
    await expectInputError(readAll(plain, { fs: -250 }), '--fs -250 is not a usable sampling rate')
    await expectInputError(readAll(plain, { fs: 1e9 }), '--fs 1000000000 is not a usable sampling rate')
    await expectInputError(readAll(plain, { fs: Number.NaN }), '--fs NaN is not a usable sampling rate')
    await expectInputError(readAll(await file('# Sampling Rate (Hz):= 0\n1\n2\n'), {}), "the sampling rate in the file's metadata ('0') is not a usable rate; pass --fs <Hz>.")
    await expectInputError(readAll(await file('# fs: fast\n1\n'), {}), "the sampling rate in the file's metadata ('fast') is not a usable rate")
    await expectInputError(readAll(await file('# fs: 5e6\n1\n'), {}), "('5e6') is not a usable rate")
  })

  it('a time column that does not increase, or gives an absurd rate', async () => {
    await expectInputError(readAll(await file('time,ECG\n1,1\n1,2\n1,3\n'), {}), "the time column 'time' does not increase from row to row")
    await expectInputError(readAll(await file('time,ECG\n0,1\n10,2\n20,3\n'), {}), "the time column 'time' gives an implausible sampling rate of 0.1000 Hz (is it in seconds?); pass --fs <Hz>.")
    await expectInputError(readAll(await file('time,ECG\n0,1\nx,2\n'), {}), "line 3, column 1: 'x' is not a number")
  })

  it('only a time column', async () => {
    await expectInputError(readAll(await file('time\n0\n1\n')), 'the file has only a time column and no signal column')
  })

  it('all-NaN channel', async () => {
    await expectInputError(readAll(await file('ECG\nNaN\n\nnan\n')), 'every value of the signal column is empty or NaN; there are no samples to import.')
    await expectInputError(readAll(await file('a,b\n,\nNaN,NaN\n')), 'every value of every signal column is empty or NaN')
  })

  it('binary data given as text, and an unknown delimiter option', async () => {
    await expectInputError(readAll(await file(Buffer.from([0x30, 0x00, 0x01, 0x02, 0x0a]))), 'this is a binary file, not text')
    await expectInputError(readAll(await file('1\n'), { fs: 1, delimiter: 'colon' }), "'colon' is not a delimiter this reader knows")
  })

  it('a missing file', async () => {
    await expectInputError(readAll(join(root, 'nope.csv')), 'the file cannot be opened')
  })

  it('a line longer than 1 MB is a row vector; junk in it, a value without end or too many long rows are one sentence', async () => {
    await expect(readAll(await file(`${'1,'.repeat(700_000)}1\n`))).resolves.toBeUndefined()
    const junk = await file(`${'1,'.repeat(500_000)}x1,${'2,'.repeat(300_000)}2\n`)
    await expectInputError(readAll(junk), `${junk}: line 1, value 500001: 'x1' is not a number; fix or remove it.`)
    await expectInputError(readAll(await file('12345'.repeat(30_000))), 'line 1 is longer than 65536 characters with no delimiter between values')
    await expectInputError(readAll(await file(`1,${'7'.repeat(100_000)},1\n`)), 'line 1, value 2 runs on for more than 1000 characters')
    await expectInputError(readAll(await file(`${'1,'.repeat(600_000)}${'7'.repeat(2_000_000)},1\n`)), 'line 1, value 600001 runs on for more than 1000 characters; it is not a number')
    await expectInputError(readAll(await file(`${'1,'.repeat(40_000)}1\n`.repeat(300))), 'the file has more than 256 rows of many values')
  })

  it('a tiny file (one sample) opens and reads without crashing', async () => {
    const signal = await openTextSignal(await file('5\n'), { fs: 256 })
    expect(signal.channels[0]?.sampleCount).toBe(1)
    expect(Array.from(await signal.readChannel(0))).toEqual([5])
    await expectInputError(signal.readChannel(3), 'there is no channel 3; the file has 1 (0 to 0).')
  })
})
