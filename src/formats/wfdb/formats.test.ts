import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openWfdbRecord } from './record.js'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'wfdb-formats-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

/** Signed 16-bit checksum of the values, as WFDB writes it. */
const checksum = (values: number[]): number => (values.reduce((a, b) => (a + b) | 0, 0) << 16) >> 16

async function record(name: string, header: string, data: Uint8Array): Promise<string> {
  await writeFile(join(dir, `${name}.dat`), data)
  await writeFile(join(dir, `${name}.hea`), header)
  return join(dir, `${name}.hea`)
}

describe('WFDB storage formats', () => {
  const values = [0, 1, -1, 100, -100, 2047, -2047]

  it.each([
    [16, (v: number) => { const b = Buffer.alloc(2); b.writeInt16LE(v); return b }, -32768],
    [61, (v: number) => { const b = Buffer.alloc(2); b.writeInt16BE(v); return b }, -32768],
    [160, (v: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(v + 32768); return b }, -32768],
    [24, (v: number) => { const b = Buffer.alloc(3); b.writeIntLE(v, 0, 3); return b }, -(2 ** 23)],
    [32, (v: number) => { const b = Buffer.alloc(4); b.writeInt32LE(v); return b }, -(2 ** 31)],
  ])('format %i decodes written values and maps the invalid code to NaN', async (fmt, encode, invalid) => {
    const all = [...values, invalid]
    const data = Buffer.concat(all.map(encode))
    const hea = await record(`f${fmt}`, `f${fmt} 1 100 ${all.length}\nf${fmt}.dat ${fmt} 10(2)/uV 16 0 0 ${checksum(all)} 0 X\n`, data)
    const rec = await openWfdbRecord(hea)
    expect(Array.from(await rec.readDigital(0))).toEqual(all)
    const phys = await rec.readChannel(0)
    expect(Array.from(phys.subarray(0, values.length))).toEqual(values.map((v) => (v - 2) / 10))
    expect(phys[values.length]).toBeNaN()
    expect(rec.channels[0]!.unit).toBe('uV')
  })

  it('format 80 is 8-bit offset binary', async () => {
    const all = [0, 5, -5, 127, -127, -128]
    const hea = await record('f80', `f80 1 100 ${all.length}\nf80.dat 80 1 8 0 0 ${checksum(all)}\n`, Uint8Array.from(all.map((v) => v + 128)))
    const rec = await openWfdbRecord(hea)
    expect(Array.from(await rec.readDigital(0))).toEqual(all)
    expect((await rec.readChannel(0))[5]).toBeNaN()
  })

  it('format 212 with an odd number of samples ends on a 2-byte half block', async () => {
    // Three samples 1, -2, 2047 of one signal: bytes (s0 low, s1 hi|s0 hi, s1 low), then s2 in 2 bytes.
    const data = Uint8Array.from([0x01, 0xf0, 0xfe, 0xff, 0x07])
    const hea = await record('f212', `f212 1 100 3\nf212.dat 212 200 12 0 0 ${checksum([1, -2, 2047])}\n`, data)
    const rec = await openWfdbRecord(hea)
    expect(Array.from(await rec.readDigital(0))).toEqual([1, -2, 2047])
  })

  /** Packs 10-bit samples as format 310: per triple two LE words, s0/s1 in bits 1-10, s2 split over bits 11-15. */
  const pack310 = (v: number[]): Uint8Array => {
    const out: number[] = []
    for (let i = 0; i < v.length; i += 3) {
      const [a = 0, b = 0, c = 0] = v.slice(i, i + 3).map((x) => x & 0x3ff)
      const w0 = (a << 1) | ((c & 0x1f) << 11)
      const w1 = (b << 1) | ((c >> 5) << 11)
      out.push(w0 & 0xff, w0 >> 8)
      if (v.length - i >= 2) out.push(w1 & 0xff, w1 >> 8) // one sample left: WFDB writes only the first word
    }
    return Uint8Array.from(out)
  }
  /** Packs 10-bit samples as format 311: per triple one LE 32-bit word, bits 0-9, 10-19, 20-29. */
  const pack311 = (v: number[]): Uint8Array => {
    const out: number[] = []
    for (let i = 0; i < v.length; i += 3) {
      const [a = 0, b = 0, c = 0] = v.slice(i, i + 3).map((x) => x & 0x3ff)
      const w = (a | (b << 10) | (c << 20)) >>> 0
      const bytes = [w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24]
      out.push(...bytes.slice(0, [2, 3, 4][Math.min(2, v.length - i - 1)]))
    }
    return Uint8Array.from(out)
  }

  it.each([
    [310, pack310],
    [311, pack311],
  ])('format %i: three 10-bit samples in 4 bytes, a cut-short last block, -512 as NaN', async (fmt, pack) => {
    const base = [0, 1, -1, 511, -511, 300, -300, 5, -512, 77, -78, 256]
    for (const n of [12, 10, 11]) {
      // 12 samples fill 4 blocks; 10 and 11 end in a block of 1 and 2 samples (2 and 4/3 bytes).
      const all = base.slice(0, n)
      const hea = await record(`f${fmt}n${n}`, `f${fmt}n${n} 1 360 ${n}\nf${fmt}n${n}.dat ${fmt} 100(-3)/mV 10 0 0 ${checksum(all)} 0 ECG\n`, pack(all))
      const rec = await openWfdbRecord(hea)
      expect(Array.from(await rec.readDigital(0))).toEqual(all)
      const mv = await rec.readChannel(0)
      all.forEach((v, i) => (v === -512 ? expect(mv[i]).toBeNaN() : expect(mv[i]).toBeCloseTo((v + 3) / 100, 12)))
    }
  })

  it('formats 310 and 311 interleave two signals sample by sample across the blocks', async () => {
    const a = [10, -20, 30, -40, 50]
    const b = [-1, 2, -3, 4, -5]
    const stream = a.flatMap((v, i) => [v, b[i]!])
    for (const [fmt, pack] of [[310, pack310], [311, pack311]] as const) {
      const hea = await record(`two${fmt}`, `two${fmt} 2 100 5\ntwo${fmt}.dat ${fmt} 200 10 0 10 ${checksum(a)} 0 A\ntwo${fmt}.dat ${fmt} 200 10 0 -1 ${checksum(b)} 0 B\n`, pack(stream))
      const rec = await openWfdbRecord(hea)
      expect(Array.from(await rec.readDigital(0))).toEqual(a)
      expect(Array.from(await rec.readDigital(1))).toEqual(b)
    }
  })

  it('format 8 adds 8-bit differences to each signal\'s initial value, over samples per frame', async () => {
    // Signal A (2 samples per frame, initial value 1000) and B (1 per frame, initial value -5).
    const a = [1000 + 127, 1000 + 127 - 128, 1000 + 127 - 128 + 3, 1000 + 2 + 100, 1000 + 102 + 127, 1000 + 229 - 1]
    const b = [-5 - 3, -5 - 3 + 127, -5 + 124 - 128]
    const diff = (v: number[], init: number): number[] => v.map((x, i) => x - (i === 0 ? init : v[i - 1]!))
    const da = diff(a, 1000)
    const db = diff(b, -5)
    const bytes: number[] = []
    for (let f = 0; f < 3; f++) bytes.push(da[2 * f]!, da[2 * f + 1]!, db[f]!)
    const hea = await record('f8', `f8 2 100 3\nf8.dat 8x2 10 8 0 1000 ${checksum(a)} 0 A\nf8.dat 8 10 8 0 -5 ${checksum(b)} 0 B\n`, new Uint8Array(Int8Array.from(bytes).buffer))
    const rec = await openWfdbRecord(hea)
    expect(Array.from(await rec.readDigital(0))).toEqual(a)
    expect(Array.from(await rec.readDigital(1))).toEqual(b)
    expect(Array.from(await rec.readChannel(1))).toEqual(b.map((v) => v / 10))
  })

  it('honours samples per frame and a byte offset, and reads frames interleaved', async () => {
    // Signal A has 2 samples per frame, B has 1: frame i = A[2i], A[2i+1], B[i]. 16 bytes of prefix.
    const frames = 5
    const a = Array.from({ length: 2 * frames }, (_, i) => i * 3 - 7)
    const b = Array.from({ length: frames }, (_, i) => 5 - 1000 * i)
    const stream: number[] = []
    for (let i = 0; i < frames; i++) stream.push(a[2 * i]!, a[2 * i + 1]!, b[i]!)
    const data = Buffer.alloc(16 + 2 * stream.length, 0xaa)
    stream.forEach((v, i) => data.writeInt16LE(v, 16 + 2 * i))
    const hea = await record('spf', `spf 2 250 ${frames}\n` +
      `spf.dat 16x2+16 100 16 0 ${a[0]} ${checksum(a)} 0 A\nspf.dat 16+16 100 16 0 0 ${checksum(b)} 0 B\n`, data)
    const rec = await openWfdbRecord(hea)
    expect(rec.channels).toEqual([
      { index: 0, name: 'A', unit: 'mV', fs: 500, sampleCount: 10 },
      { index: 1, name: 'B', unit: 'mV', fs: 250, sampleCount: 5 },
    ])
    expect(Array.from(await rec.readDigital(0))).toEqual(a)
    expect(Array.from(await rec.readDigital(1))).toEqual(b)
  })

  it('derives the length from the data file when the header does not state it', async () => {
    const data = Buffer.alloc(2 * 6)
    for (let i = 0; i < 6; i++) data.writeInt16LE(i * 10, 2 * i)
    const hea = await record('nolen', 'nolen 2 100\nnolen.dat 16\nnolen.dat 16\n', data)
    const rec = await openWfdbRecord(hea)
    expect(rec.channels.map((c) => c.sampleCount)).toEqual([3, 3])
    expect(Array.from(await rec.readDigital(1))).toEqual([10, 30, 50])
  })

  it('gives an ISO start time from base time and date', async () => {
    const hea = await record('t', 't 1 100 1 08:05:03 24/12/1999\nt.dat 16\n', Buffer.alloc(2))
    expect((await openWfdbRecord(hea)).startTime).toBe('1999-12-24T08:05:03')
  })
})
