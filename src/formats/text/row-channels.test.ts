import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTextSignal } from './index.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'text-rows-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function write(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, content)
  return path
}

/** A deterministic ECG-like series, printed as MATLAB's writematrix prints doubles. */
function series(n: number, seed = 1): number[] {
  return Array.from({ length: n }, (_, i) => Number((Math.sin(i * 0.05 * seed) * 1.234 + (i % 7) * 0.001).toPrecision(6)))
}

describe('channels stored as rows', () => {
  it('a row vector far longer than any line limit (3 MB on one line) reads whole, with CRLF and a trailing comma', async () => {
    const x = series(400_000)
    const path = await write('row.csv', `${x.join(',')},\r\n`)
    const file = await openTextSignal(path, { fs: 2048 })
    expect(file.channels).toEqual([{ index: 0, name: 'row1', unit: '', fs: 2048, sampleCount: x.length }])
    expect(file.warnings).toEqual([`the file holds one signal as a row vector (${x.length} values), not as columns.`])
    const got = await file.readChannel(0)
    expect(got.length).toBe(x.length)
    expect(Array.from(got)).toEqual(x)
  })

  it('a short row vector (a few hundred values, no newline at the end) is one channel, not hundreds', async () => {
    const x = series(300)
    const file = await openTextSignal(await write('short.txt', x.join('\t')), { fs: 128 })
    expect(file.channels.map((c) => [c.name, c.sampleCount])).toEqual([['row1', 300]])
    expect(Array.from(await file.readChannel(0))).toEqual(x)
  })

  it('a channels × samples matrix (whitespace, decimal commas, # metadata with labels) offers each row as a channel', async () => {
    const a = series(5000, 1)
    const b = series(5000, 2)
    const c = series(5000, 3)
    const line = (v: number[]): string => v.map((n) => String(n).replace('.', ',')).join(' ')
    const path = await write('matrix.txt', `# fs: 500\n# labels: ECG, resp, EDA\n${line(a)}\n\n${line(b)}\n${line(c)}\n`)
    const file = await openTextSignal(path)
    expect(file.fsSource).toBe('metadata')
    expect(file.delimiter).toBe('whitespace')
    expect(file.channels.map((ch) => [ch.name, ch.fs, ch.sampleCount])).toEqual([['ECG', 500, 5000], ['resp', 500, 5000], ['EDA', 500, 5000]])
    expect(Array.from(await file.readChannel(1))).toEqual(b)
    expect(Array.from(await file.readChannel(2))).toEqual(c)
  })

  it('rows named in their first cell, semicolons, NaN and empty cells', async () => {
    const x = series(2000)
    const path = await write('named.csv', `ECG;${x.join(';')}\nresp;${x.map((v, i) => (i % 100 === 0 ? 'NaN' : String(v))).join(';')}\n`)
    const file = await openTextSignal(path, { fs: 250 })
    expect(file.channels.map((c) => c.name)).toEqual(['ECG', 'resp'])
    expect(file.nanCounts).toEqual([0, 20])
    const resp = await file.readChannel(1)
    expect(Number.isNaN(resp[0])).toBe(true)
    expect(resp[1]).toBe(x[1])
  })

  it('rows of different lengths are read as they are, with a warning', async () => {
    const path = await write('ragged.csv', `${series(100).join(',')}\n${series(90).join(',')}\n`)
    const file = await openTextSignal(path, { fs: 100 })
    expect(file.channels.map((c) => c.sampleCount)).toEqual([100, 90])
    expect(file.warnings[0]).toBe('the rows hold different numbers of values (100, 90); each channel is as long as its row.')
  })

  it('a usual column file with few rows stays a column file', async () => {
    const file = await openTextSignal(await write('cols.csv', '1,2,3\n4,5,6\n'), { fs: 10 })
    expect(file.channels.map((c) => c.name)).toEqual(['column1', 'column2', 'column3'])
  })
})
