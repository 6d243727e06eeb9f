/**
 * A sampling rate that contradicts the signal (a 2048 Hz recording whose header says 256 Hz):
 * `ecg-ssl channels` and `import` warn on stderr, in the words the app shows, and go on.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, spawnCli } from '../cli/cli-helpers.js'
import { writeWfdbRecord } from '../cli/wfdb-writer.js'

let dir: string
const WARNING = 'warning: At 256 Hz the heart rate of'
beforeAll(() => {
  ensureBuilt()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-rate-warning-'))
  writeWfdbRecord(path.join(dir, 'rec'), 'r01', 60, 2048, 2)
  const hea = path.join(dir, 'rec', 'r01.hea')
  fs.writeFileSync(hea, fs.readFileSync(hea, 'utf8').replace(/^r01 1 2048 /, 'r01 1 256 '))
}, 180_000)
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('an implausible heart rate at the rate given', () => {
  it('ecg-ssl channels prints the warning on stderr and the preview carries it', async () => {
    const r = await spawnCli(['channels', 'wfdb', path.join(dir, 'rec'), '--json'])
    expect(r.code).toBe(0)
    const preview = JSON.parse(r.stdout) as { warnings?: string[] }
    expect(preview.warnings).toHaveLength(1)
    expect(preview.warnings?.[0]).toMatch(/^At 256 Hz the heart rate of channel 'ECG' would be about 9 bpm \(below 30 bpm\), which is implausible for a human ECG; at 2048 Hz it would be about [67]\d bpm\./)
    expect(r.stderr).toBe(`warning: ${preview.warnings?.[0]}\n`)
    expect(r.stderr).not.toMatch(/--/)
  })

  it('ecg-ssl import imports, notes it, and prints it on stderr', async () => {
    const r = await spawnCli(['import', 'wfdb', path.join(dir, 'rec'), '--name', 'slow', '--json', '--db', path.join(dir, 'w.sqlite')])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout) as { windows: number; warnings?: string[]; notes: string[] }
    expect(report.windows).toBe(48)
    expect(report.warnings).toHaveLength(1)
    expect(report.warnings?.[0]).toMatch(/^At 256 Hz the heart rate of r01 recording \(channel 'ECG'\) would be about 9 bpm .*; at 2048 Hz it would be about [67]\d bpm\./)
    expect(report.notes).toContain(report.warnings?.[0])
    expect(r.stderr.startsWith(WARNING)).toBe(true)
  })
})
