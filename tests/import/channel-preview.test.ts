import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../../src/common/input-error.js'
import { speak } from '../../src/common/wording.js'
import { previewChannels } from '../../src/services/channel-preview.js'
import { sharedData } from '../helpers/shared-data.js'
import { writePoly5 } from '../helpers/poly5-writer.js'

describe('channel preview before an import', () => {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'preview-'))
    const ramp = Float32Array.from({ length: 4096 }, (_, i) => i % 100)
    await writePoly5(join(dir, 'pp01_1-1-2012_c1.S00'), {
      fs: 2048,
      periodsPerBlock: 16,
      channels: [
        { name: 'Skin conductance', raw: ramp },
        { name: 'ECG', raw: ramp.map((v) => v * 2) },
        { name: 'Unused', raw: new Float32Array(4096) },
      ],
    })
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('names the channel an import would take in a WFDB record, and why', async () => {
    const p = await previewChannels({ kind: 'wfdb', path: sharedData('wfdb/mitdb_100') })
    expect(p.channels.map((c) => [c.index, c.name, c.fs, c.sampleCount])).toEqual([[0, 'MLII', 360, 650000], [1, 'V5', 360, 650000]])
    expect(p.chosen).toEqual({ index: 0, name: 'MLII', why: 'lead II, preferred among several ECG leads' })
    expect(p.problem).toBeNull()
  })

  it('says what to pass when several channels could be the ECG, and accepts the choice', async () => {
    const ambiguous = await previewChannels({ kind: 'wfdb', path: sharedData('wfdb/macecgdb_test01_00s') })
    expect(ambiguous.chosen).toBeNull()
    // The problem keeps its terms: the CLI says the option, the app the field.
    expect(speak(ambiguous.problem ?? '', 'cli')).toMatch(/several channels could be the ECG .*pass --channel/)
    expect(speak(ambiguous.problem ?? '', 'app')).toMatch(/several channels could be the ECG .*fill in the “Channel” field/)
    const chosen = await previewChannels({ kind: 'wfdb', path: sharedData('wfdb/macecgdb_test01_00s'), channel: 'ECG 3' })
    expect(chosen.chosen).toMatchObject({ index: 2, name: 'ECG 3' })
    // The reason keeps its term, like the import's note: the CLI names the option, the app the field.
    expect(speak(chosen.chosen?.why ?? '', 'app')).toBe('chosen with the “Channel” field')
  })

  it('shows SWELL channels with statistics and defaults to the one named ECG', async () => {
    const p = await previewChannels({ kind: 'swell', path: dir })
    expect(p.channels.map((c) => c.name)).toEqual(['Skin conductance', 'ECG', 'Unused'])
    expect(p.chosen).toMatchObject({ index: 1, name: 'ECG' })
    expect(p.channels[2]?.stats?.allZero).toBe(true)
    expect(p.channels[1]?.stats?.max).toBeCloseTo(198, 3)
    const wrong = await previewChannels({ kind: 'swell', path: dir, channel: 'EKG lead 9' })
    expect(wrong.chosen).toBeNull()
    expect(wrong.problem).toMatch(/channel "EKG lead 9" is not in this file/)
  })

  it('lists the fixed channel choices of AMIGOS and refuses a channel they do not have', async () => {
    const p = await previewChannels({ kind: 'amigos', path: dir, channel: 'left' })
    expect(p.chosen).toMatchObject({ index: 15, name: 'ECG Left' })
    const bad = await previewChannels({ kind: 'amigos', path: dir, channel: 3 })
    expect(bad.chosen).toBeNull()
    await expect(previewChannels({ kind: 'dreamer', path: join(dir, 'missing.mat') })).rejects.toBeInstanceOf(InputError)
  })
})
