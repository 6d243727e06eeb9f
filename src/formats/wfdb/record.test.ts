import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { chooseChannel } from '../adapters/generic-channel.js'
import { openWfdbRecord } from './record.js'
import { sharedData } from '../../../tests/helpers/shared-data.js'

const DATA = sharedData('wfdb') + '/'

async function numbers(file: string): Promise<number[][]> {
  const text = await readFile(file, 'utf8')
  return text.trim().split('\n').map((line) => line.trim().split(/\s+/).map(Number))
}

describe('openWfdbRecord on MIT-BIH record 100 (format 212)', () => {
  const hea = `${DATA}mitdb_100/100.hea`

  it('describes both channels from the header', async () => {
    const rec = await openWfdbRecord(hea)
    expect(rec.format).toBe('wfdb')
    expect(rec.channels).toEqual([
      { index: 0, name: 'MLII', unit: 'mV', fs: 360, sampleCount: 650000 },
      { index: 1, name: 'V5', unit: 'mV', fs: 360, sampleCount: 650000 },
    ])
    expect(rec.warnings).toEqual([])
    expect(rec.startTime).toBeUndefined()
  })

  it('decodes V5 exactly as WFDB rdsamp does, and both checksums verify', async () => {
    const rec = await openWfdbRecord(hea)
    const v5 = await rec.readDigital(1)
    const expected = (await numbers(`${DATA}mitdb_100/expected_v5_digital_samples_1-10799.txt`)).map((r) => r[0])
    expect(expected).toHaveLength(10799)
    expect(Array.from(v5.subarray(1, 10800))).toEqual(expected)
    // readDigital throws on a checksum mismatch, so reading both signals verifies both sums.
    const mlii = await rec.readDigital(0)
    expect(mlii).toHaveLength(650000)
    expect(mlii[0]).toBe(995) // the header's initial value of MLII
    expect(v5[0]).toBe(1011)
  })

  it('converts to millivolts with baseline 1024 and gain 200', async () => {
    const rec = await openWfdbRecord(hea)
    const digital = await rec.readDigital(1)
    const mv = await rec.readChannel(1)
    expect(mv).toHaveLength(650000)
    for (const i of [0, 1, 5000, 649999]) expect(mv[i]).toBeCloseTo((digital[i]! - 1024) / 200, 12)
    expect(mv[0]).toBeCloseTo((1011 - 1024) / 200, 12)
  })
})

describe('openWfdbRecord on macecgdb test01_00s (format 16, gain "100/mV")', () => {
  it('reads all 4000 × 4 digital values exactly', async () => {
    const rec = await openWfdbRecord(`${DATA}macecgdb_test01_00s/test01_00s.hea`)
    expect(rec.header.signals.map((s) => [s.gain, s.units])).toEqual([[100, 'mV'], [100, 'mV'], [100, 'mV'], [100, 'mV']])
    expect(rec.channels.map((c) => c.name)).toEqual(['ECG 1', 'ECG 2', 'ECG 3', 'ECG 4'])
    expect(rec.channels.every((c) => c.fs === 500 && c.sampleCount === 4000)).toBe(true)
    const expected = await numbers(`${DATA}macecgdb_test01_00s/expected_digital.txt`)
    expect(expected).toHaveLength(4000)
    for (let ch = 0; ch < 4; ch++) {
      const got = await rec.readDigital(ch)
      expect(Array.from(got)).toEqual(expected.map((row) => row[ch]))
    }
    const mv = await rec.readChannel(2)
    expect(mv[0]).toBeCloseTo(-57 / 100, 12)
  })
})

describe('openWfdbRecord on PTB s0010_re (two data files)', () => {
  it('reads 15 channels, 12 from .dat and 3 from .xyz, with verified checksums', async () => {
    const rec = await openWfdbRecord(`${DATA}ptbdb_s0010_re/s0010_re.hea`)
    expect(rec.channels.map((c) => c.name)).toEqual(
      ['i', 'ii', 'iii', 'avr', 'avl', 'avf', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'vx', 'vy', 'vz'])
    expect(rec.channels.every((c) => c.fs === 1000 && c.sampleCount === 38400 && c.unit === 'mV')).toBe(true)
    expect(rec.header.signals.slice(12).every((s) => s.file === 's0010_re.xyz')).toBe(true)
    for (let ch = 0; ch < 15; ch++) {
      const d = await rec.readDigital(ch)
      expect(d).toHaveLength(38400)
      expect(d[0]).toBe(rec.header.signals[ch]!.initialValue)
    }
    const vz = await rec.readChannel(14)
    expect(vz[0]).toBeCloseTo(-18 / 2000, 12)
  })

  it('refuses a channel number that does not exist', async () => {
    const rec = await openWfdbRecord(`${DATA}ptbdb_s0010_re/s0010_re`)
    await expect(rec.readChannel(15)).rejects.toThrow(/channel 15 does not exist; the record has 15 channels/)
  })
})

describe('lead names and polarity the tests write', () => {
  it('a negative gain turns an inverted lead upright, and MCL1 / V / aVF are found as ECG leads', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wfdb-gain-'))
    try {
      const digital = Int16Array.from([100, -50, 0, 7])
      await writeFile(join(dir, 'r.dat'), Buffer.from(digital.buffer))
      await writeFile(join(dir, 'r.hea'), 'r 1 250 4\nr.dat 16 -100(10)/mV 16 0 100 57 0 MCL1\n')
      const rec = await openWfdbRecord(join(dir, 'r.hea'))
      expect(Array.from(await rec.readChannel(0))).toEqual([-0.9, 0.6, 0.1, 0.03])
      expect(chooseChannel(rec.channels, undefined, 'r.hea')).toMatchObject({ channel: { name: 'MCL1' }, how: 'lead name' })
      for (const name of ['V', 'aVF', 'V4', 'CM5']) {
        expect(chooseChannel([{ index: 0, name: 'resp', unit: '', fs: 1, sampleCount: 1 }, { index: 1, name, unit: '', fs: 1, sampleCount: 1 }], undefined, 'x').channel.name).toBe(name)
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
