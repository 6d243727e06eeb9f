import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEdf, quantisationStep, type EdfTestSignal } from '../../../tests/helpers/edf-writer.js'
import { edfAdapter } from '../adapters/generic.js'
import { openEdf } from './edf-file.js'

let dir: string
beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'bdf-')) })
afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

/** BioSemi's range: ±262 mV over the full 24 bits (about 31 nV per step), as ActiView writes it. */
function exg(label: string, samples: number[]): EdfTestSignal {
  return { label, unit: 'uV', samplesPerRecord: 256, physicalMin: -262144, physicalMax: 262143, digitalMin: -8388608, digitalMax: 8388607, samples }
}

describe('BDF / BDF+ (BioSemi 24-bit EDF), as MAHNOB-HCI stores ECG on its EXG channels', () => {
  const ecg = Array.from({ length: 256 * 20 }, (_, i) => 1500 * Math.sin(i / 9) + (i % 256 === 0 ? 200_000 : 0) - 100_000)
  const status = Array.from({ length: 256 * 20 }, (_, i) => (i < 2560 ? 0 : 1))

  it('reads 24-bit samples, scaling, and BDF+ annotations', async () => {
    const path = join(dir, 'Part_1_S_Trial1_emotion.bdf')
    await writeFile(path, buildEdf({
      bdf: true, variant: 'EDF+C', recordDuration: 1, records: 20,
      signals: [exg('EXG2', ecg), exg('Status', status)],
      annotations: [{ onset: 5, duration: 2, text: 'stimulus' }],
    }))
    const f = await openEdf(path)
    expect(f.header.bytesPerSample).toBe(3)
    expect(f.header.variant).toBe('EDF+C')
    expect(f.channels.map((c) => [c.name, c.fs, c.sampleCount])).toEqual([['EXG2', 256, 5120], ['Status', 256, 5120]])
    expect(f.events).toEqual([{ onsetS: 5, durationS: 2, text: 'stimulus' }])
    const x = await f.readChannel(0)
    const step = quantisationStep(exg('EXG2', []))
    let worst = 0
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - ecg[i]!))
    expect(worst).toBeLessThanOrEqual(step)
    expect(step).toBeLessThan(0.032)
  })

  it('a plain BDF ("24BIT") in a folder imports through the edf kind with --channel', async () => {
    const folder = join(dir, 'S01')
    await mkdir(folder)
    await writeFile(join(folder, 'trial1.bdf'), buildEdf({ bdf: true, recordDuration: 1, records: 20, signals: [exg('EXG1', ecg), exg('EXG2', ecg)] }))
    const scan = await edfAdapter({ path: dir, channel: 'EXG2' })
    const rec = scan.recordings.find((r) => r.trial === 'trial1')
    expect(rec?.channel).toBe('EXG2')
    expect((await rec?.load())?.length).toBe(5120)
  })
})
