/**
 * Header shapes found among the sample records of the WFDB Python package's own test data (its
 * 88 `.hea` files were run through openWfdb once, locally: none crashed, every refusal was a
 * missing data file or a layout header opened on its own). The headers here are written by the
 * test in those shapes, with their own names and numbers.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectInputError } from '../../../tests/helpers/expect-input-error.js'
import { isWfdbMasterHeader, parseWfdbHeader, parseWfdbMasterHeader } from './header.js'
import { openWfdb } from './open.js'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'wfdb-shapes-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

describe('WFDB header shapes of published records', () => {
  it('reads counter frequency, exponent gains, descriptions with spaces, offsets, frames and skew', () => {
    const h = parseWfdbHeader(
      '# a comment before the record line\n' +
      'rec7 4 250/24000 1000 15:08:24\n' +
      'rec7.dat 16+24 1.052e+04/mV 16 0 -171 -27403 0 ECG lead II\n' +
      '\n' +
      'rec7.dat 212x4 12.84(-1605)/mmHg 12 0 -943 -23651 0 ABP\n' +
      'rec7.dat 212:4 2000 12 0 -304 6310 0 RESP \n' +
      'rec7.dat 24 2.4011e-11/nV\n' +
      '##<SPL>: 95 <Ear>: r\n',
      'rec7.hea',
    )
    expect([h.recordName, h.fs, h.counterFrequency, h.sampleCount, h.baseTime, h.baseDate]).toEqual(['rec7', 250, 24000, 1000, '15:08:24', undefined])
    expect(h.signals.map((s) => [s.format, s.samplesPerFrame, s.skew, s.byteOffset, s.gain, s.baseline, s.units, s.description])).toEqual([
      [16, 1, 0, 24, 10520, 0, 'mV', 'ECG lead II'],
      [212, 4, 0, 0, 12.84, -1605, 'mmHg', 'ABP'],
      [212, 1, 4, 0, 2000, 0, 'mV', 'RESP'],
      [24, 1, 0, 0, 2.4011e-11, 0, 'nV', 'signal 3'],
    ])
    expect(h.comments).toEqual(['a comment before the record line', '#<SPL>: 95 <Ear>: r'])
  })

  it('reads a variable-layout master header with its layout, null segments and comments', () => {
    const text = 'p9-2137-10-26/6 4 125 9500 16:57:09.000 26/10/2137\nx_layout 0\n~ 3750\nx_0001 2000\nx_0002 1750\n~ 1000\nx_0003 1000\n# Location: micu\n'
    expect(isWfdbMasterHeader(text)).toBe(true)
    expect(isWfdbMasterHeader('# p/2 is not a record line\nrec 1 250\nrec.dat 16\n')).toBe(false)
    const m = parseWfdbMasterHeader(text, 'p9.hea')
    expect([m.recordName, m.signalCount, m.fs, m.sampleCount, m.baseTime, m.baseDate, m.comments]).toEqual(['p9-2137-10-26', 4, 125, 9500, '16:57:09.000', '26/10/2137', ['Location: micu']])
    expect(m.segments).toEqual([
      { name: 'x_layout', sampleCount: 0 }, { name: '~', sampleCount: 3750 }, { name: 'x_0001', sampleCount: 2000 },
      { name: 'x_0002', sampleCount: 1750 }, { name: '~', sampleCount: 1000 }, { name: 'x_0003', sampleCount: 1000 },
    ])
  })

  it('refuses a layout header opened on its own, and a record whose data file is absent, in one sentence', async () => {
    await writeFile(join(dir, 'x_layout.hea'), 'x_layout 2 125 0 16:57:09\n~ 0 255(-128)/NU 8 0 -128 0 0 PLETH\n~ 0 127(-64)/mV 8 0 -128 0 0 II\n')
    await expectInputError(openWfdb(join(dir, 'x_layout')), /layout header of a multi-segment record: it lists the signals but holds no samples; choose the record's master header/)
    await writeFile(join(dir, 'big.hea'), 'big 2 48000 2022144\nbig.dat 24 2.4011e-11/nV\nbig.dat 24 6.8094e-14/V\n')
    await expectInputError(openWfdb(join(dir, 'big')), /the data file big\.dat named in the WFDB header big\.hea is missing/)
  })
})
