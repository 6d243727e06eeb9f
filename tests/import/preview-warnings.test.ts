/**
 * The channel preview carries the first file's reader warnings (issue 10's gap): a researcher
 * learns that a WFDB record has a segment with no signal, or that an EDF file's last record is
 * cut, on the wizard's Preview step and from `ecg-ssl channels`, not only after importing. The
 * sentences are the reader's, the ones the import notes.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { speak } from '../../src/common/wording.js'
import { openSignalFile } from '../../src/formats/adapters/generic-files.js'
import { previewChannels } from '../../src/services/channel-preview.js'
import { ensureBuilt, spawnCli } from '../cli/cli-helpers.js'
import { writeWfdbRecord } from '../cli/wfdb-writer.js'
import { buildEdf } from '../helpers/edf-writer.js'

const FS = 250
let dir: string
let master: string
let edf: string
beforeAll(() => {
  ensureBuilt()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-preview-warnings-'))
  // A two-segment record whose first 10 s are a null segment, as long ICU records come.
  writeWfdbRecord(dir, 'long_1', 30, FS, 3)
  master = path.join(dir, 'long.hea')
  fs.writeFileSync(master, `long/2 1 ${FS} ${40 * FS}\n~ ${10 * FS}\nlong_1 ${30 * FS}\n`)
  // An EDF file whose header declares 10 one-second records but the last one is cut short.
  const ecg = { label: 'ECG', unit: 'mV', samplesPerRecord: 256, physicalMin: -5, physicalMax: 5, digitalMin: -32768, digitalMax: 32767, samples: Array.from({ length: 2560 }, (_, i) => Math.sin(i / 20)) }
  const bytes = buildEdf({ signals: [ecg], recordDuration: 1, records: 10 })
  edf = path.join(dir, 'cut.edf')
  fs.writeFileSync(edf, bytes.subarray(0, bytes.length - 10))
}, 180_000)
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('the channel preview carries the reader\'s warnings about the first file', () => {
  it('a WFDB record with a null segment: the NaN stretch is named before importing', async () => {
    const p = await previewChannels({ kind: 'wfdb', path: master })
    expect(p.chosen).toMatchObject({ name: 'ECG' })
    // The reader's own sentences, the ones the import notes (one source).
    const { warnings } = await openSignalFile('wfdb', master, {})
    expect(warnings).toHaveLength(1)
    expect(p.warnings).toEqual([...warnings])
    expect(p.warnings?.[0]).toMatch(/^1 null segment of long \(10 s in all\) holds no signal; there every channel is NaN/)
  })

  it('an EDF file with a cut last record says so, also when no channel can be chosen', async () => {
    const p = await previewChannels({ kind: 'edf', path: edf })
    expect(p.warnings).toEqual(['the header declares 10 data records but the last one is incomplete (502 of 512 bytes); it was left out.'])
    const refused = await previewChannels({ kind: 'edf', path: edf, channel: 'Resp' })
    expect(refused.chosen).toBeNull()
    expect(refused.warnings).toEqual(p.warnings)
  })

  it('a warning that names what the user gave keeps its terms: the app shows its field, the CLI its option', async () => {
    const csv = path.join(dir, 'stated.csv')
    const ecg = Array.from({ length: 5000 }, (_, i) => (i % 250 === 0 ? '1' : '0'))
    fs.writeFileSync(csv, `# {"sampling_rate": 500}\nECG\n${ecg.join('\n')}\n`)
    const p = await previewChannels({ kind: 'csv', path: csv, fs: 250 })
    const stated = p.warnings?.find((w) => w.startsWith('the file states 500 Hz'))
    expect(speak(stated ?? '', 'app')).toBe('the file states 500 Hz; the sampling rate you entered (250 Hz) was used instead.')
    expect(speak(stated ?? '', 'cli')).toBe('the file states 500 Hz; --fs 250 was used instead.')
  })

  it('a file without oddities has no warnings field', async () => {
    const clean = path.join(dir, 'clean')
    writeWfdbRecord(clean, 'r01', 20, FS, 1)
    const p = await previewChannels({ kind: 'wfdb', path: clean })
    expect(p.warnings).toBeUndefined()
  })

  it('ecg-ssl channels prints the same sentences on stderr', async () => {
    const r = await spawnCli(['channels', 'wfdb', master, '--json'])
    expect(r.code).toBe(0)
    const preview = JSON.parse(r.stdout) as { warnings?: string[] }
    expect(preview.warnings?.[0]).toMatch(/null segment of long/)
    expect(r.stderr).toBe((preview.warnings ?? []).map((w) => `warning: ${w}\n`).join(''))
  }, 60_000)
})
