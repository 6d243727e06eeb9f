import { describe, expect, it } from 'vitest'
import { sharedData } from '../helpers/shared-data.js'
import { runCli } from './cli-helpers.js'

describe('ecg-ssl channels', () => {
  it('prints the channels and marks the one an import would use', async () => {
    const r = await runCli(['channels', 'wfdb', sharedData('wfdb/mitdb_100')])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^0\s+MLII\s+mV\s+360\s+650000\s+<- used$/m)
    expect(r.stdout).toContain("An import would use 0 'MLII' (lead II, preferred among several ECG leads).")
  })

  it('with --json prints one document, and says what to pass when the choice is ambiguous', async () => {
    const r = await runCli(['channels', 'wfdb', sharedData('wfdb/macecgdb_test01_00s'), '--json'])
    expect(r.code).toBe(0)
    const preview = JSON.parse(r.stdout) as { channels: unknown[]; chosen: unknown; problem: string }
    expect(preview.channels).toHaveLength(4)
    expect(preview.chosen).toBeNull()
    expect(preview.problem).toMatch(/pass --channel/)
    const chosen = JSON.parse((await runCli(['channels', 'wfdb', sharedData('wfdb/macecgdb_test01_00s'), '--channel', '2', '--json'])).stdout) as { chosen: { name: string } }
    expect(chosen.chosen.name).toBe('ECG 3')
  })

  it('fails with one line for a path that does not exist', async () => {
    const r = await runCli(['channels', 'edf', '/no/such/file.edf'])
    expect(r.code).toBe(1)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^error: /)
  })
})
