import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeFlac } from '../../../tests/helpers/flac-writer.js'
import { expectInputError } from '../../../tests/helpers/expect-input-error.js'
import { openWfdbRecord } from './record.js'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'wfdb-flac-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

const checksum = (values: ArrayLike<number>): number => (Array.from(values).reduce((a, b) => (a + b) | 0, 0) << 16) >> 16

/** A noisy ECG-like wave at `bits` bits that touches both extremes (the lowest = invalid). */
function wave(n: number, bits: number, phase: number): Int32Array {
  const max = 2 ** (bits - 1)
  const out = Int32Array.from({ length: n }, (_, i) => Math.round((max - 4) * Math.sin(i / 17 + phase) ** 3) + ((i * 7919) % 5) - 2)
  out[3] = -max // the invalid-sample code of the format
  out[4] = max - 1
  return out
}

async function files(entries: Record<string, Uint8Array | string>): Promise<void> {
  for (const [name, content] of Object.entries(entries)) await writeFile(join(dir, name), content)
}

describe('FLAC-compressed WFDB signal files (formats 508, 516, 524)', () => {
  it('reads each resolution sample by sample, with the lowest value as NaN', async () => {
    const n = 5000
    const s8 = wave(n, 8, 0)
    const s16 = wave(n, 16, 1)
    const s24 = wave(n, 24, 2)
    await files({
      'fl.d0': await encodeFlac([s8], 8, { blockSize: 512 }),
      'fl.d1': await encodeFlac([s16], 16),
      'fl.d2': await encodeFlac([s24], 24),
      'fl.hea': `fl 3 500 ${n}\n` +
        `fl.d0 508 100(2)/mV 8 0 ${s8[0]} ${checksum(s8)} 0 ECG\n` +
        `fl.d1 516 2000/mV 16 0 ${s16[0]} ${checksum(s16)} 0 II\n` +
        `fl.d2 524 -400000(7)/uV 24 0 ${s24[0]} ${checksum(s24)} 0 V5\n`,
    })
    const rec = await openWfdbRecord(join(dir, 'fl'))
    expect(rec.channels.map((c) => [c.name, c.fs, c.sampleCount])).toEqual([['ECG', 500, n], ['II', 500, n], ['V5', 500, n]])
    const cases = [[s8, 2, 100], [s16, 0, 2000], [s24, 7, -400000]] as const
    for (const [index, [stored, baseline, gain]] of cases.entries()) {
      expect(Array.from(await rec.readDigital(index))).toEqual(Array.from(stored))
      const physical = await rec.readChannel(index)
      expect(physical[3]).toBeNaN()
      for (let i = 0; i < n; i++) if (i !== 3) expect(physical[i]).toBe((stored[i]! - baseline) / gain)
    }
  })

  it('reads several signals of one FLAC file with samples per frame and a sample offset', async () => {
    // Two signals at 2 samples per frame: FLAC channel j holds signal j; the +offset skips 6 samples.
    const frames = 700
    const a = wave(2 * frames + 6, 16, 0)
    const b = wave(2 * frames + 6, 16, 3)
    await files({
      'two.dat': await encodeFlac([a, b], 16, { blockSize: 256 }),
      'two.hea': `two 2 125 ${frames}\ntwo.dat 516x2+6 200 16 0 0 ${checksum(a.subarray(6))} 0 A\ntwo.dat 516x2+6 200 16 0 0 ${checksum(b.subarray(6))} 0 B\n`,
    })
    const rec = await openWfdbRecord(join(dir, 'two.hea'))
    expect(rec.channels.map((c) => [c.fs, c.sampleCount])).toEqual([[250, 2 * frames], [250, 2 * frames]])
    expect(Array.from(await rec.readDigital(0))).toEqual(Array.from(a.subarray(6)))
    expect(Array.from(await rec.readDigital(1))).toEqual(Array.from(b.subarray(6)))
  })

  it('refuses FLAC files that do not fit the header, or are not FLAC, in one sentence', async () => {
    const s = wave(1000, 16, 0)
    const flac = await encodeFlac([s], 16, { blockSize: 128 })
    await files({
      'ok.dat': flac,
      'wrongbits.hea': 'wrongbits 1 250 1000\nok.dat 508 200 8\n',
      'wrongchan.hea': 'wrongchan 2 250 1000\nok.dat 516 200\nok.dat 516 200\n',
      'plain.dat': new Uint8Array(2000),
      'plain.hea': 'plain 1 250 1000\nplain.dat 516 200\n',
      'mixedspf.hea': 'mixedspf 2 250 500\nok.dat 516x2 200\nok.dat 516 200\n',
      'cut.dat': flac.subarray(0, Math.floor(flac.length * 0.6)),
      'cut.hea': `cut 1 250 1000\ncut.dat 516 200 16 0 0 ${checksum(s)}\n`,
      'long.hea': 'long 1 250 1200\nok.dat 516 200\n',
      'flip.dat': flac.map((b, i) => (i === Math.floor(flac.length / 2) ? b ^ 0x10 : b)),
      'flip.hea': `flip 1 250 1000\nflip.dat 516 200 16 0 0 ${checksum(s)}\n`,
    })
    await expectInputError(openWfdbRecord(join(dir, 'wrongbits')), /ok\.dat stores 16-bit samples, more than format 508 allows \(8 bits\)/)
    await expectInputError(openWfdbRecord(join(dir, 'wrongchan')), /ok\.dat holds 1 channels but the WFDB header gives it 2 signals/)
    await expectInputError(openWfdbRecord(join(dir, 'plain')), /plain\.dat should be FLAC-compressed .* does not start with a FLAC stream header/)
    await expectInputError(openWfdbRecord(join(dir, 'mixedspf')), /different samples per frame/)
    await expectInputError(openWfdbRecord(join(dir, 'long')), /promises 1200 samples per signal but the data file ok\.dat holds only 1000/)
    // The stream header still says 1000 samples; decoding finds the rest missing.
    const cut = await openWfdbRecord(join(dir, 'cut'))
    await expectInputError(cut.readChannel(0), /cut\.dat (holds only \d+|is damaged)/)
    // A flipped bit inside a frame fails the frame's CRC (or the header's checksum).
    const flipped = await openWfdbRecord(join(dir, 'flip'))
    await expectInputError(flipped.readChannel(0), /FLAC data in flip\.dat is damaged|flip\.dat holds only|do not match the checksum/)
  })
})
