import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../common/input-error.js'
import { speak } from '../../common/wording.js'
import { openTextSignal } from './index.js'
import { sharedData } from '../../../tests/helpers/shared-data.js'

const BIOSPPY = sharedData('text/biosppy_ecg.txt')

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'text-signal-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function write(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, content)
  return path
}

describe('BioSPPy fixture', () => {
  it('reads fs 1000 from the "# Sampling Rate (Hz):= 1000.00" line, the label, and every sample', async () => {
    const file = await openTextSignal(BIOSPPY)
    expect(file.format).toBe('csv')
    expect(file.fsSource).toBe('metadata')
    expect(file.delimiter).toBe('none')
    expect(file.channels).toEqual([{ index: 0, name: 'ECG', unit: '', fs: 1000, sampleCount: 15000 }])
    expect(file.warnings).toEqual([])
    const x = await file.readChannel(0)
    expect(x.length).toBe(15000)
    // First and last data lines of the file: 2044.0 … 2043.0
    expect(Array.from(x.subarray(0, 12))).toEqual([2044, 2044, 2044, 2044, 2044, 2046, 2051, 2055, 2061, 2063, 2065, 2067])
    expect(Array.from(x.subarray(-3))).toEqual([2044, 2045, 2043])
  })

  it('lets --fs override the metadata and says so', async () => {
    const file = await openTextSignal(BIOSPPY, { fs: 500 })
    expect(file.channels[0]?.fs).toBe(500)
    expect(file.fsSource).toBe('option')
    expect(file.warnings.map((w) => speak(w, 'cli'))).toEqual(['the file states 1000 Hz; --fs 500 was used instead.'])
    expect(file.warnings.map((w) => speak(w, 'app'))).toEqual(['the file states 1000 Hz; the sampling rate you entered (500 Hz) was used instead.'])
  })
})

describe('layouts the tests write', () => {
  it('comma with header', async () => {
    const path = await write('comma.csv', 'ECG,resp\n1.5,10\n-2.25,11\n3e-3,12\n')
    const file = await openTextSignal(path, { fs: 250 })
    expect(file.delimiter).toBe(',')
    expect(file.channels.map((c) => [c.name, c.fs, c.sampleCount])).toEqual([['ECG', 250, 3], ['resp', 250, 3]])
    expect(Array.from(await file.readChannel(0))).toEqual([1.5, -2.25, 0.003])
    expect(Array.from(await file.readChannel(1))).toEqual([10, 11, 12])
  })

  it('semicolon with decimal point, and semicolon with decimal comma', async () => {
    const point = await openTextSignal(await write('semi.csv', 'a;b\n0.125;7\n0.25;8\n'), { fs: 100 })
    expect(point.delimiter).toBe(';')
    expect(Array.from(await point.readChannel(0))).toEqual([0.125, 0.25])
    const comma = await openTextSignal(await write('semi-comma.csv', 'a;b\n0,125;7\n-0,25;8,5\n'), { fs: 100 })
    expect(comma.delimiter).toBe(';')
    expect(Array.from(await comma.readChannel(0))).toEqual([0.125, -0.25])
    expect(Array.from(await comma.readChannel(1))).toEqual([7, 8.5])
  })

  it('tab separated without header: channels column1…', async () => {
    const file = await openTextSignal(await write('tab.tsv', '1\t2\t3\n4\t5\t6\n'), { fs: 10 })
    expect(file.delimiter).toBe('\t')
    expect(file.channels.map((c) => c.name)).toEqual(['column1', 'column2', 'column3'])
    expect(Array.from(await file.readChannel(2))).toEqual([3, 6])
  })

  it('whitespace aligned columns', async () => {
    const file = await openTextSignal(await write('ws.txt', '  ecg    ppg\n 0.5   1\n  -1.5  2\n'), { fs: 10 })
    expect(file.delimiter).toBe('whitespace')
    expect(file.channels.map((c) => c.name)).toEqual(['ecg', 'ppg'])
    expect(Array.from(await file.readChannel(0))).toEqual([0.5, -1.5])
    expect(Array.from(await file.readChannel(1))).toEqual([1, 2])
  })

  it('whitespace columns with decimal commas are not split at the commas', async () => {
    const file = await openTextSignal(await write('ws-comma.txt', '1,5 2,25\n-3,5\t4,0\n'), { fs: 10 })
    expect(file.delimiter).toBe('whitespace')
    expect(Array.from(await file.readChannel(0))).toEqual([1.5, -3.5])
    expect(Array.from(await file.readChannel(1))).toEqual([2.25, 4])
  })

  it('single column, one value per line, empty and NaN cells become NaN', async () => {
    const file = await openTextSignal(await write('single.txt', '5\n\n6\nNaN\nnan\n7\n'), { fs: 1 })
    expect(file.channels.map((c) => [c.name, c.sampleCount])).toEqual([['column1', 5]])
    expect(file.nanCounts).toEqual([2])
    expect(Array.from(await file.readChannel(0))).toEqual([5, 6, Number.NaN, Number.NaN, 7])
  })

  it('empty cells in a multi-column row are NaN', async () => {
    const file = await openTextSignal(await write('holes.csv', 'a,b\n1,\n,2\n'), { fs: 1 })
    expect(Array.from(await file.readChannel(0))).toEqual([1, Number.NaN])
    expect(Array.from(await file.readChannel(1))).toEqual([Number.NaN, 2])
  })

  it('time column in ms gives fs and is not a channel', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${(i * 4).toString()},${i * 0.5}`).join('\n')
    const file = await openTextSignal(await write('time-ms.csv', `ms,ECG\n${rows}\n`))
    expect(file.fsSource).toBe('time column')
    expect(file.channels.map((c) => [c.name, c.fs, c.sampleCount])).toEqual([['ECG', 250, 50]])
    expect(file.warnings).toEqual(["sampling rate 250 Hz derived from the time column 'ms'."])
    const x = await file.readChannel(0)
    expect(x[49]).toBe(24.5)
  })

  it('time column in seconds printed with rounding (256 Hz as 4 decimals) gives 256 Hz', async () => {
    const rows = Array.from({ length: 2560 }, (_, i) => `${(i / 256).toFixed(4)},${i}`).join('\n')
    const file = await openTextSignal(await write('time-s.csv', `time,ECG\n${rows}\n`))
    expect(file.channels[0]?.fs).toBe(256)
  })

  it('CRLF line endings and a UTF-8 BOM', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf])
    const path = await write('crlf.csv', Buffer.concat([bom, Buffer.from('ECG;X\r\n1,5;2\r\n3;4\r\n')]))
    const file = await openTextSignal(path, { fs: 100 })
    expect(file.channels.map((c) => c.name)).toEqual(['ECG', 'X'])
    expect(Array.from(await file.readChannel(0))).toEqual([1.5, 3])
  })

  it('bare CR line endings and quoted cells', async () => {
    const file = await openTextSignal(await write('cr.csv', '"ECG","lead, II"\r"1.5","2"\r"3",4\r'), { fs: 100 })
    expect(file.channels.map((c) => c.name)).toEqual(['ECG', 'lead, II'])
    expect(Array.from(await file.readChannel(0))).toEqual([1.5, 3])
    expect(Array.from(await file.readChannel(1))).toEqual([2, 4])
  })

  it('UTF-16 LE with BOM (Windows "Unicode" text)', async () => {
    const text = Buffer.from('\ufeffECG\n1\n2\n', 'utf16le')
    const file = await openTextSignal(await write('u16.txt', text), { fs: 10 })
    expect(file.channels[0]?.name).toBe('ECG')
    expect(Array.from(await file.readChannel(0))).toEqual([1, 2])
  })

  it('JSON metadata as BioSPPy store_txt writes it (Python floats like 1000.)', async () => {
    const path = await write('json.txt', '# {"sampling rate": 1000., "resolution": 12, "labels": ["ECG", "EDA"], "units": ["mV", "uS"]}\n1\t2\n3\t4\n')
    const file = await openTextSignal(path)
    expect(file.channels.map((c) => [c.name, c.unit, c.fs])).toEqual([['ECG', 'mV', 1000], ['EDA', 'uS', 1000]])
  })

  it('key = value metadata, a trailing delimiter, a truncated last row, an explicit delimiter', async () => {
    const path = await write('trail.csv', '# fs = 128 Hz\n1,2,\n3,4,\n5')
    const file = await openTextSignal(path, { delimiter: ',' })
    expect(file.channels.map((c) => [c.fs, c.sampleCount])).toEqual([[128, 2], [128, 2]])
    expect(file.warnings).toEqual(['line 4, the last row, is incomplete (truncated?) and was ignored.'])
    expect(Array.from(await file.readChannel(1))).toEqual([2, 4])
  })

  it('exact parsing: fast path equals Number() bit for bit, exponents and long mantissas too', async () => {
    const values = ['0.1', '-0.3', '123456.789012', '0.000001', '1e-7', '-2.5E3', '3.14159265358979323846', '99999999999999999', '.5', '7.']
    const file = await openTextSignal(await write('exact.txt', `${values.join('\n')}\n`), { fs: 1 })
    expect(Array.from(await file.readChannel(0))).toEqual(values.map(Number))
  })

  it('an all-NaN channel beside a good one is a warning, and reading it is an InputError', async () => {
    const file = await openTextSignal(await write('nanchan.csv', 'ECG,empty\n1,\n2,NaN\n'), { fs: 10 })
    expect(file.warnings).toEqual(["column 'empty' holds no numbers (all empty or NaN)."])
    expect(file.nanCounts).toEqual([0, 2])
    await expect(file.readChannel(1)).rejects.toThrow(InputError)
    await expect(file.readChannel(1)).rejects.toThrow("channel 'empty' holds no numbers")
  })
})
