/**
 * Broken WFDB records must each give exactly one InputError with one clear sentence — never a
 * RangeError, TypeError or a stack trace. The tests break private copies of real records.
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../src/common/input-error.js'
import { openWfdb, openWfdbRecord } from '../../src/formats/wfdb/index.js'
import { sharedData } from '../helpers/shared-data.js'
import { expectInputError } from '../helpers/expect-input-error.js'

const DATA = sharedData('wfdb') + '/'
const MIT_HEADER = '100 2 360 650000\n100.dat 212 200 11 1024 995 -22131 0 MLII\n100.dat 212 200 11 1024 1011 20052 0 V5\n'

let root: string
let n = 0
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'wfdb-bad-')) })
afterAll(async () => { await rm(root, { recursive: true, force: true }) })

/** A fresh folder holding a copy of MIT-BIH 100.dat and the given header text. */
async function mitCopy(header: string): Promise<string> {
  const dir = join(root, `case${n++}`)
  await mkdir(dir)
  await copyFile(join(DATA, 'mitdb_100/100.dat'), join(dir, '100.dat'))
  await writeFile(join(dir, '100.hea'), header)
  return join(dir, '100.hea')
}

/** Opens the record and reads every channel, as an import would. */
async function readAll(hea: string): Promise<void> {
  const rec = await openWfdbRecord(hea)
  for (const c of rec.channels) await rec.readChannel(c.index)
}

describe('WFDB bad input', () => {
  it('reads the unbroken copy (control)', async () => {
    await expect(readAll(await mitCopy(MIT_HEADER))).resolves.toBeUndefined()
  })

  it('truncated .dat', async () => {
    const hea = await mitCopy(MIT_HEADER)
    await truncate(join(hea, '../100.dat'), 975000)
    await expectInputError(readAll(hea), /header promises 650000 samples per signal but the data file 100\.dat holds only 325000/)
  })

  it('header lying about the length (longer than the data)', async () => {
    const hea = await mitCopy(MIT_HEADER.replace('650000', '700000'))
    await expectInputError(readAll(hea), /promises 700000 samples per signal but the data file 100\.dat holds only 650000/)
  })

  it('header lying about the length (shorter than the data) fails the checksum', async () => {
    const hea = await mitCopy(MIT_HEADER.replace('650000', '600000'))
    await expectInputError(readAll(hea), /do not match the checksum in the header \(-22131, computed -?\d+\): the data file is corrupt or does not belong to this header/)
  })

  it('wrong checksum in the header', async () => {
    const hea = await mitCopy(MIT_HEADER.replace('20052', '20053'))
    const rec = await openWfdbRecord(hea)
    await expect(rec.readDigital(0)).resolves.toHaveLength(650000)
    await expectInputError(rec.readDigital(1), /signal "V5" in 100\.dat do not match the checksum in the header \(20053, computed 20052\)/)
  })

  it('a corrupted byte in the .dat', async () => {
    const hea = await mitCopy(MIT_HEADER)
    const dat = join(hea, '../100.dat')
    const bytes = await readFile(dat)
    bytes[300_000] = bytes[300_000]! ^ 0x01
    await writeFile(dat, bytes)
    await expectInputError(readAll(hea), /data file is corrupt or does not belong to this header/)
  })

  it('missing .dat', async () => {
    const hea = await mitCopy(MIT_HEADER.replaceAll('100.dat', '101.dat'))
    await expectInputError(openWfdbRecord(hea), /the data file 101\.dat named in the WFDB header 100\.hea is missing/)
  })

  it('missing .hea', async () => {
    await expectInputError(openWfdbRecord(join(root, 'nowhere.hea')), /WFDB header file does not exist/)
  })

  it.each([
    ['plain text', 'Dear colleague, please find the ECG attached.\n', /not a WFDB header: the first line must be/],
    ['binary bytes', '\u0000\u0001\u0002garbage', /not a WFDB header: it contains binary data/],
    ['only comments', '# nothing here\n\n', /no record line/],
    ['zero signals', '100 0 360 650000\n', /declares 0 signals/],
    ['fs 0', MIT_HEADER.replace('100 2 360', '100 2 0'), /sampling frequency 0 Hz .* not plausible/],
    ['fs absurd', MIT_HEADER.replace('100 2 360', '100 2 5000000'), /sampling frequency 5000000 Hz .* at most 1 MHz/],
    ['fs negative', MIT_HEADER.replace('100 2 360', '100 2 -360'), /sampling frequency -360 Hz/],
    ['unsupported format', MIT_HEADER.replaceAll(' 212 ', ' 213 '), /WFDB storage format 213 \(of 100\.dat\) is not supported; supported formats are 8, 16, 24, 32, 61, 80, 160, 212, 310, 311, 508, 516, 524/],
    ['FLAC format on a .dat that is not FLAC', MIT_HEADER.replaceAll(' 212 ', ' 524 '), /100\.dat should be FLAC-compressed/],
    ['multi-segment without its segments', '100/2 2 360 650000\n100_1 325000\n100_2 325000\n', /segment 100_1 of this multi-segment record has no header 100_1\.hea/],
    ['multi-segment with fewer segment lines than segments', '100/3 2 360 650000\n100_1 325000\n100_2 325000\n', /declares 3 segments but lists only 2/],
    ['multi-segment with a segment outside its folder', '100/1 2 360 650000\n../100 650000\n', /segment 1 .* is named "\.\.\/100", which is not a record name in the master's folder/],
    ['multi-segment whose layout header is missing', '100/2 2 360 650000\n100_layout 0\n100 650000\n', /layout header 100_layout\.hea .* is missing/],
    ['missing signal lines', '100 3 360 650000\n100.dat 212 200\n', /declares 3 signals but has only 1 signal lines/],
    ['mixed formats in one file', MIT_HEADER.replace('212 200 11 1024 1011', '16 200 11 1024 1011'), /different storage formats/],
  ])('garbage header: %s', async (_name, header, pattern) => {
    await expectInputError(openWfdb(await mitCopy(header)), pattern)
  })

  it('the .dat chosen instead of the .hea', async () => {
    await expectInputError(openWfdbRecord(join(DATA, 'mitdb_100/100.dat')), /not a WFDB header/)
  })

  it('random damage to header and data never lets anything but InputError escape', async () => {
    let seed = 0x1f123bb5
    const rand = (k: number): number => {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5
      return (seed >>> 0) % k
    }
    const src = join(DATA, 'macecgdb_test01_00s')
    const header = await readFile(join(src, 'test01_00s.hea'), 'latin1')
    const data = await readFile(join(src, 'test01_00s.dat'))
    const alphabet = '0123456789 ./()+x:-#\n\r\x00abc'
    for (let trial = 0; trial < 200; trial++) {
      const dir = join(root, `fuzz${trial}`)
      await mkdir(dir)
      const chars = header.split('')
      for (let hits = 1 + rand(3); hits > 0; hits--) chars[rand(chars.length)] = alphabet[rand(alphabet.length)]!
      await writeFile(join(dir, 'test01_00s.hea'), chars.join(''), 'latin1')
      const dat = Buffer.from(data)
      if (rand(2) === 0) dat[rand(dat.length)] = rand(256)
      await writeFile(join(dir, 'test01_00s.dat'), rand(8) === 0 ? dat.subarray(0, rand(dat.length)) : dat)
      const error: unknown = await readAll(join(dir, 'test01_00s.hea')).then(() => undefined, (e: unknown) => e)
      if (error !== undefined) expect(error, error instanceof Error ? error.stack : typeof error).toBeInstanceOf(InputError)
    }
  })
})
