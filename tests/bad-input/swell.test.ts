import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import writeExcelFile from 'write-excel-file/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { previewSwellChannels, swellAdapter } from '../../src/formats/adapters/swell.js'
import { InputError } from '../../src/common/input-error.js'
import { buildPoly5, writePoly5, type Poly5ChannelSpec } from '../helpers/poly5-writer.js'

let root: string
let counter = 0
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'swell-bad-'))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const chs = (names: string[], n = 40): Poly5ChannelSpec[] => names.map((name, k) => ({ name, raw: Float32Array.from({ length: n }, (_, i) => (i + k) % 5) }))

async function folder(files: Record<string, Uint8Array | string>): Promise<string> {
  const dir = join(root, `case${counter++}`)
  await mkdir(dir, { recursive: true })
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes)
  return dir
}

async function inputError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(InputError)
  return (error as Error).message
}

describe('SWELL bad input', () => {
  it('refuses a missing path, a folder without .S00 files, and one whose files all have irregular names', async () => {
    expect(await inputError(swellAdapter({ path: join(root, 'nowhere') }))).toMatch(/SWELL path does not exist/)
    expect(await inputError(swellAdapter({ path: await folder({ 'readme.txt': 'x' }) }))).toMatch(/no \.S00 \(Poly5\) files were found/)
    const odd = await folder({ 'session.S00': buildPoly5({ channels: chs(['ECG']) }) })
    expect(await inputError(swellAdapter({ path: odd }))).toMatch(/no SWELL recording could be imported/)
  })

  it('lists the channels and asks for --channel when none is named ECG', async () => {
    const dir = await folder({ 'pp1_1-1-2012_c1.S00': buildPoly5({ channels: chs(['Bip 1', 'Bip 2', 'GSR']) }) })
    const message = await inputError(swellAdapter({ path: dir }))
    expect(message).toContain('no channel is named ECG (channels: 0 "Bip 1", 1 "Bip 2", 2 "GSR"); pass --channel')
    expect(message).toContain('index 7')
    expect(await inputError(swellAdapter({ path: dir, channel: 'ECG' }))).toContain('channel "ECG" is not in this file (channels: 0 "Bip 1", 1 "Bip 2", 2 "GSR")')
    expect(await inputError(swellAdapter({ path: dir, channel: 3 }))).toMatch(/channel "3" is not in this file/)
    const preview = await previewSwellChannels(dir)
    expect(preview.defaultChannel).toBeUndefined()
    expect(preview.channels.map((c) => c.name)).toEqual(['Bip 1', 'Bip 2', 'GSR'])
  })

  it('skips a damaged file in a folder with its reason, but refuses it given alone', async () => {
    const damaged = buildPoly5({ channels: chs(['ECG']), fs: 0 })
    const dir = await folder({
      'pp1_1-1-2012_c1.S00': buildPoly5({ channels: chs(['ECG']) }),
      'pp2_1-1-2012_c1.S00': damaged,
      'pp3_1-1-2012_c1.S00': 'not a poly5 file',
    })
    const scan = await swellAdapter({ path: dir })
    expect(scan.recordings.map((r) => r.subject)).toEqual(['PP1'])
    expect(scan.skipped.map((s) => s.item)).toEqual(['PP2 c1', 'PP3 c1'])
    expect(scan.skipped[0]?.reason).toMatch(/^the Poly5 header gives an impossible sample rate of 0 Hz/)
    expect(scan.skipped[1]?.reason).toMatch(/not a TMSi Poly5 file/)
    expect(await inputError(swellAdapter({ path: join(dir, 'pp2_1-1-2012_c1.S00') }))).toMatch(/impossible sample rate/)
    const allBad = await folder({ 'pp2_1-1-2012_c1.S00': damaged })
    expect(await inputError(swellAdapter({ path: allBad }))).toMatch(/impossible sample rate/)
  })

  it('skips a continuation with another sampling rate, and one without its main file', async () => {
    const dir = await folder({
      'pp4_1-1-2012_c2.S00': buildPoly5({ channels: chs(['ECG']), fs: 2048 }),
      'pp4_1-1-2012_c2_cont.S00': buildPoly5({ channels: chs(['ECG']), fs: 1024 }),
      'pp5_1-1-2012_c3_cont.S00': buildPoly5({ channels: chs(['ECG']) }),
    })
    const scan = await swellAdapter({ path: dir })
    expect(scan.recordings.map((r) => [r.subject, r.trial, r.sampleCount])).toEqual([['PP4', 'c2', 40]])
    expect(scan.skipped).toEqual([
      { item: 'pp4_1-1-2012_c2_cont.S00', reason: 'sampled at 1024 Hz but pp4_1-1-2012_c2.S00 at 2048 Hz, so it cannot continue that block' },
      { item: 'pp5_1-1-2012_c3_cont.S00', reason: 'continuation file without a main file for PP5 block 3' },
    ])
  })

  it('reads a truncated file with a note and keeps a second file for the same block out', async () => {
    const whole = buildPoly5({ channels: chs(['ECG'], 40), periodsPerBlock: 8 })
    const dir = await folder({ 'pp6_1-1-2012_c1.S00': whole.subarray(0, whole.length - 86 - 32 + 4), 'pp6_2-1-2012_c1.S00': whole })
    const scan = await swellAdapter({ path: dir })
    expect(scan.recordings.map((r) => r.sampleCount)).toEqual([32])
    expect(scan.notes.some((n) => n.startsWith('pp6_1-1-2012_c1.S00: The header promises 40 samples'))).toBe(true)
    expect(scan.skipped).toEqual([{ item: 'pp6_2-1-2012_c1.S00', reason: 'a second file for PP6 block 1; pp6_1-1-2012_c1.S00 was used' }])
  })

  it('refuses label files that are not SWELL label workbooks', async () => {
    const dir = await folder({})
    await writePoly5(join(dir, 'pp7_1-1-2012_c1.S00'), { channels: chs(['ECG']) })
    await writeFile(join(dir, 'labels.csv'), 'PP,Blok\nPP7,1\n')
    expect(await inputError(swellAdapter({ path: dir, labels: join(dir, 'labels.csv') }))).toMatch(/not an \.xlsx workbook/)
    await writeExcelFile([['Participant', 'Session'], ['PP7', 1]]).toFile(join(dir, 'wrong.xlsx'))
    expect(await inputError(swellAdapter({ path: dir, labels: join(dir, 'wrong.xlsx') }))).toMatch(/no sheet with PP and Blok columns/)
    expect(await inputError(swellAdapter({ path: dir, labels: join(dir, 'missing.xlsx') }))).toMatch(/cannot be read/)
  })

  it('reports an overview workbook it does not understand instead of guessing', async () => {
    const dir = await folder({})
    await writePoly5(join(dir, 'pp8_1-1-2012_c1.S00'), { channels: chs(['ECG']) })
    await writeExcelFile([['PP', 'Blok', 'Valence_rc'], ['PP8', 1, 999]]).toFile(join(dir, 'behavioral-labels.xlsx'))
    await writeExcelFile([['Deelnemer', 'Volgorde'], ['8', 'NTI']]).toFile(join(dir, 'SWELL-KW - overview available data.xlsx'))
    const scan = await swellAdapter({ path: dir, labels: join(dir, 'behavioral-labels.xlsx') })
    expect(scan.recordings[0]?.labels).toEqual({ valence: null, condition: null, block: 1 })
    expect(scan.notes.some((n) => /layout of SWELL-KW - overview available data\.xlsx was not recognised/.test(n))).toBe(true)
  })
})
