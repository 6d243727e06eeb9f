import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../common/input-error.js'
import { previewSignal } from './signal-preview.js'

describe('signal preview of the import wizard', () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-sigprev-'))
    fs.mkdirSync(path.join(dir, 'data', 'S1'), { recursive: true })
    const rows = Array.from({ length: 100 * 30 }, (_, i) => `${(i % 100) / 10},${-i}`)
    fs.writeFileSync(path.join(dir, 'data', 'S1', 'rest.csv'), `RESP,ECG\n${rows.join('\n')}\n`)
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('returns the first seconds of the channel the import would use', async () => {
    const p = await previewSignal({ kind: 'csv', path: path.join(dir, 'data'), fs: 100, seconds: 5 })
    expect(p).toMatchObject({ subject: 'S1', trial: 'rest', channel: 'ECG', fs: 100, recordings: 1, durationS: 30 })
    expect(p.samples).toBeInstanceOf(Float32Array)
    expect(p.samples.length).toBe(500)
    expect(p.samples[499]).toBe(-499)
    const resp = await previewSignal({ kind: 'csv', path: path.join(dir, 'data'), fs: 100, channel: 'RESP' })
    expect(resp.channel).toBe('RESP')
    expect(resp.samples.length).toBe(1000)
  })

  it('fails with the reader sentence when nothing can be read', async () => {
    await expect(previewSignal({ kind: 'csv', path: path.join(dir, 'data') })).rejects.toThrow(InputError)
    await expect(previewSignal({ kind: 'csv', path: path.join(dir, 'data') })).rejects.toThrow(/sampling rate/)
  })
})
