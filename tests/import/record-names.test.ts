/**
 * WFDB records given by their record name without extension (`…/100`, as `rdsamp -r 100` and
 * wfdb-python's `rdrecord('100')` take them), through the real `ecg-ssl` process and the services.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { previewChannels } from '../../src/services/channel-preview.js'
import { ensureBuilt, SHARED_DATA, spawnCli } from '../cli/cli-helpers.js'
import { writeWfdbRecord } from '../cli/wfdb-writer.js'

let dir: string
beforeAll(() => {
  ensureBuilt()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-record-names-'))
  writeWfdbRecord(path.join(dir, 'rec'), 'r01', 30, 250, 3)
}, 180_000)
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('a WFDB record name without extension', () => {
  it('previews the channels of the shared MIT-BIH record 100 by its name', async () => {
    const p = await previewChannels({ kind: 'wfdb', path: path.join(SHARED_DATA, 'wfdb/mitdb_100/100') })
    expect(p.file).toBe(path.join(SHARED_DATA, 'wfdb/mitdb_100/100.hea'))
    expect(p.chosen?.name).toBe('MLII')
  })

  it('ecg-ssl channels and import take it', async () => {
    const record = path.join(dir, 'rec', 'r01')
    const channels = await spawnCli(['channels', 'wfdb', record, '--json'])
    expect(channels.stderr).toBe('')
    expect((JSON.parse(channels.stdout) as { file: string }).file).toBe(`${record}.hea`)
    const db = path.join(dir, 'w.sqlite')
    const imported = await spawnCli(['import', 'wfdb', record, '--name', 'by-name', '--json', '--db', db])
    expect(imported.stderr).toBe('')
    expect(imported.code).toBe(0)
    expect((JSON.parse(imported.stdout) as { windows: number }).windows).toBe(3)
  })

  it('a name that is neither a file nor a record is still refused in one sentence', async () => {
    const r = await spawnCli(['import', 'wfdb', path.join(dir, 'rec', 'r02'), '--name', 'x', '--db', path.join(dir, 'w2.sqlite')])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^error: There is no file or folder at .*r02; check the path to import\.\n$/)
  })
})
