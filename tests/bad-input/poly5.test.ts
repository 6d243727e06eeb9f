import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../src/common/input-error.js'
import { openPoly5 } from '../../src/formats/poly5/poly5.js'
import { buildPoly5, poly5Physical, type Poly5ChannelSpec, type Poly5Spec } from '../helpers/poly5-writer.js'

let dir: string
let counter = 0
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'poly5-bad-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const ch: Poly5ChannelSpec = { name: 'ECG', unitLow: -100, unitHigh: 100, adcLow: -1000, adcHigh: 1000, raw: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }
const good: Poly5Spec = { channels: [ch, { name: 'Resp', raw: [0, 1, 0, 1, 0, 1, 0, 1, 0, 1] }], periodsPerBlock: 4 }

async function put(bytes: Uint8Array): Promise<string> {
  const path = join(dir, `f${counter++}.S00`)
  await writeFile(path, bytes)
  return path
}

async function failure(bytes: Uint8Array): Promise<InputError> {
  const path = await put(bytes)
  try {
    const file = await openPoly5(path)
    for (const c of file.channels) await file.readChannel(c.index)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error('expected an InputError')
}

describe('Poly5 bad input', () => {
  it('refuses a file that is not Poly5', async () => {
    expect((await failure(Buffer.from('0 - this is a text file, not a recording\n'))).message).toMatch(/not a TMSi Poly5 file/)
    expect((await failure(Buffer.alloc(0))).message).toMatch(/not a TMSi Poly5 file/)
  })

  it('refuses a truncated header, for both versions', async () => {
    expect((await failure(buildPoly5(good).subarray(0, 100))).message).toMatch(/header is cut short \(100 of 217 bytes\)/)
    expect((await failure(buildPoly5({ ...good, version: 204 }).subarray(0, 217))).message).toMatch(/cut short \(217 of 218 bytes\)/)
  })

  it('refuses truncated signal descriptions', async () => {
    expect((await failure(buildPoly5(good).subarray(0, 217 + 300))).message).toMatch(/ends inside its 4 signal descriptions/)
  })

  it('refuses an unknown version', async () => {
    const bytes = buildPoly5(good)
    bytes.writeInt16LE(300, 31)
    expect((await failure(bytes)).message).toMatch(/version 300/)
  })

  it('refuses an odd or zero number of signal descriptions', async () => {
    expect((await failure(buildPoly5({ ...good, signalCount: 3 }))).message).toMatch(/lists 3 signal descriptions/)
    expect((await failure(buildPoly5({ ...good, signalCount: 0 }))).message).toMatch(/lists 0 signal descriptions/)
    expect((await failure(buildPoly5({ ...good, signalCount: -2 }))).message).toMatch(/lists -2 signal descriptions/)
  })

  it('refuses a zero, negative or absurd sample rate', async () => {
    expect((await failure(buildPoly5({ ...good, fs: 0 }))).message).toMatch(/impossible sample rate of 0 Hz/)
    expect((await failure(buildPoly5({ ...good, fs: -5 }))).message).toMatch(/impossible sample rate of -5 Hz/)
    expect((await failure(buildPoly5({ ...good, fs: 32000 }))).message).toMatch(/impossible sample rate of 32000 Hz/)
  })

  it('refuses delta compression', async () => {
    expect((await failure(buildPoly5({ ...good, deltaFlag: 1 }))).message).toMatch(/delta compression/)
  })

  it('refuses a block size that is not whole sample periods', async () => {
    expect((await failure(buildPoly5({ ...good, blockDataBytes: 30 }))).message).toMatch(/block size of 30 bytes/)
    expect((await failure(buildPoly5({ ...good, blockDataBytes: 0 }))).message).toMatch(/block size of 0 bytes/)
  })

  it('reads the complete sample periods of a truncated file and warns', async () => {
    const bytes = buildPoly5(good)
    const headerBytes = 217 + 4 * 136
    // Two full blocks (4 periods each) and 86 + 8 + 5 bytes of the third: one complete period.
    const path = await put(bytes.subarray(0, headerBytes + 2 * (86 + 32) + 86 + 8 + 5))
    const file = await openPoly5(path)
    expect(file.channels[0]?.sampleCount).toBe(9)
    expect(file.warnings).toEqual(['The header promises 10 samples per channel but the file holds only 9 complete sample periods (truncated file?); the samples present were read.'])
    expect(Array.from(await file.readChannel(0))).toEqual(Array.from(ch.raw, (v) => poly5Physical(v, ch)).slice(0, 9))
  })

  it('refuses a file with no complete sample period', async () => {
    const headerBytes = 217 + 4 * 136
    expect((await failure(buildPoly5(good).subarray(0, headerBytes + 86 + 7))).message).toMatch(/holds no complete sample period/)
    expect((await failure(buildPoly5({ ...good, channels: [{ ...ch, raw: [] }, { name: 'x', raw: [] }] }))).message).toMatch(/no complete sample period/)
  })

  it('reads the data present when the header never stated the sample count, with a warning', async () => {
    const file = await openPoly5(await put(buildPoly5({ ...good, samplesPerChannel: 0 })))
    expect(file.channels[0]?.sampleCount).toBe(10)
    expect(file.warnings[0]).toMatch(/does not state the number of samples/)
  })

  it('warns when the header block period count disagrees with the block size', async () => {
    const file = await openPoly5(await put(buildPoly5({ ...good, headerPeriods: 7 })))
    expect(file.warnings[0]).toMatch(/says 7 sample periods per block, but the block size implies 4/)
  })

  it('refuses a channel without usable scaling only when it is read', async () => {
    const bytes = buildPoly5({ channels: [ch, { name: 'Bad', adcLow: 5, adcHigh: 5, raw: [1, 2] }], periodsPerBlock: 4 })
    const file = await openPoly5(await put(bytes))
    expect(file.warnings.some((w) => w.includes('"Bad" has no usable scaling'))).toBe(true)
    expect(Array.from(await file.readChannel(0)).slice(0, 2)).toEqual([poly5Physical(1, ch), poly5Physical(2, ch)])
    await expect(file.readChannel(1)).rejects.toThrow(/channel 1 "Bad" has no usable scaling/)
    await expect(file.readChannel(2)).rejects.toThrow(/channel 2 does not exist; the file has channels 0 to 1/)
    await expect(file.readChannel(0.5)).rejects.toBeInstanceOf(InputError)
  })

  it('refuses a missing file', async () => {
    await expect(openPoly5(join(dir, 'missing.S00'))).rejects.toThrow(/cannot be opened/)
  })

  it('never throws anything but InputError on corrupted bytes', async () => {
    const base = buildPoly5(good)
    let seed = 12345
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    for (let trial = 0; trial < 200; trial++) {
      const bytes = Buffer.from(base)
      const flips = 1 + Math.floor(random() * 8)
      for (let k = 0; k < flips; k++) bytes[Math.floor(random() * 260)] = Math.floor(random() * 256)
      const cut = random() < 0.3 ? Math.floor(random() * bytes.length) : bytes.length
      const path = await put(bytes.subarray(0, cut))
      try {
        const file = await openPoly5(path)
        for (const c of file.channels) await file.readChannel(c.index).catch((e: unknown) => {
          if (!(e instanceof InputError)) throw e
        })
      } catch (error) {
        expect(error).toBeInstanceOf(InputError)
      }
    }
  })
})
