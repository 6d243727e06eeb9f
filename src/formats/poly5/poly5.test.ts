import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { poly5Physical, writePoly5, type Poly5ChannelSpec } from '../../../tests/helpers/poly5-writer.js'
import { openPoly5 } from './poly5.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'poly5-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const ecg: Poly5ChannelSpec = { name: 'ECG', unit: 'uV', unitLow: -1000, unitHigh: 1000, adcLow: -2000, adcHigh: 2000, raw: [0, 1, -1, 2000, -2000, 0.5, 10, 11, 12, 13] }
const gsr: Poly5ChannelSpec = { name: 'GSR', unit: 'uS', unitLow: 0, unitHigh: 50, adcLow: 0, adcHigh: 100, raw: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }
const empty: Poly5ChannelSpec = { name: 'AUX', unit: 'mV', raw: new Array<number>(10).fill(0) }

describe('openPoly5', () => {
  for (const version of [203, 204] as const) {
    it(`reads header, channel list and exact physical values (version ${version}, partial last block)`, async () => {
      const path = join(dir, `v${version}.S00`)
      await writePoly5(path, { version, fs: 2048, channels: [ecg, gsr, empty], periodsPerBlock: 4 })
      const file = await openPoly5(path)
      expect(file.format).toBe('poly5')
      expect(file.header.version).toBe(version)
      expect(file.channels).toEqual([
        { index: 0, name: 'ECG', unit: 'uV', fs: 2048, sampleCount: 10 },
        { index: 1, name: 'GSR', unit: 'uS', fs: 2048, sampleCount: 10 },
        { index: 2, name: 'AUX', unit: 'mV', fs: 2048, sampleCount: 10 },
      ])
      expect(file.startTime).toBe('2012-10-08T09:30:15')
      expect(file.warnings).toEqual([])
      const x = await file.readChannel(0)
      expect(Array.from(x)).toEqual(Array.from(ecg.raw, (v) => poly5Physical(v, ecg)))
      expect(x[3]).toBe(1000)
      expect(x[4]).toBe(-1000)
      expect(x[1]).toBe(0.5)
      const y = await file.readChannel(1)
      expect(Array.from(y)).toEqual(Array.from(gsr.raw, (v) => poly5Physical(v, gsr)))
      expect(y[9]).toBe(5)
    })
  }

  it('uses the "(Hi)" description even when it comes first, and bounds a padded last block by the header count', async () => {
    const path = join(dir, 'hilo.S00')
    await writePoly5(path, { channels: [gsr], periodsPerBlock: 4, order: 'hi-lo', padLastBlock: true })
    const file = await openPoly5(path)
    expect(file.channels[0]?.name).toBe('GSR')
    expect(file.channels[0]?.sampleCount).toBe(10)
    expect(Array.from(await file.readChannel(0))).toEqual(Array.from(gsr.raw, (v) => poly5Physical(v, gsr)))
  })

  it('reports an all-zero channel as not recorded but still lists it', async () => {
    const path = join(dir, 'zero.S00')
    await writePoly5(path, { channels: [ecg, empty], periodsPerBlock: 3 })
    const file = await openPoly5(path)
    expect(file.channels).toHaveLength(2)
    const stats = await file.channelStats()
    expect(stats.map((s) => s.allZero)).toEqual([false, true])
    expect(file.warnings).toEqual(['Channel 1 "AUX" holds only zeros: it was not recorded.'])
    await file.readChannel(1)
    expect(file.warnings).toHaveLength(1)
    expect(stats[1]).toMatchObject({ min: 0, max: 0, mean: 0, std: 0, samples: 10 })
    const g = await openPoly5(path)
    const first = await g.channelStats(4)
    const values = Array.from(ecg.raw, (v) => poly5Physical(v, ecg)).slice(0, 4)
    expect(first[0]).toMatchObject({ samples: 4, min: Math.min(...values), max: Math.max(...values) })
    expect(first[0]?.mean).toBeCloseTo(values.reduce((a, b) => a + b) / 4, 12)
    expect(g.warnings).toEqual([])
  })

  it('streams a multi-chunk file block by block and joins into an offset', async () => {
    const n = 700_003
    const a = Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i / 100) * 500))
    const b = Float32Array.from({ length: n }, (_, i) => (i % 997) - 400)
    const chA: Poly5ChannelSpec = { name: 'ECG', unitLow: -5000, unitHigh: 5000, adcLow: -10000, adcHigh: 10000, raw: a }
    const path = join(dir, 'long.S00')
    await writePoly5(path, { channels: [chA, { name: 'X', raw: b }], periodsPerBlock: 1000 })
    const file = await openPoly5(path)
    expect(file.channels[0]?.sampleCount).toBe(n)
    const out = new Float64Array(n + 5)
    await file.readChannelInto(0, out, 5)
    expect(out[0]).toBe(0)
    for (const i of [0, 1, 999, 1000, 524_287, 524_288, n - 1]) expect(out[i + 5]).toBe(poly5Physical(a[i] ?? NaN, chA))
    const xb = await file.readChannel(1)
    expect(xb[n - 1]).toBe(((n - 1) % 997) - 400)
    expect(xb[123_456]).toBe((123_456 % 997) - 400)
  })
})
