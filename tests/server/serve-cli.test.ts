import { describe, expect, it } from 'vitest'
import { runCli } from '../cli/cli-helpers.js'

describe('ecg-ssl serve', () => {
  it('refuses a port that is not one with one sentence and exit code 1', async () => {
    for (const port of ['abc', '70000', '-1', '80.5']) {
      const result = await runCli(['serve', '--no-open', '--port', port], { ECG_SSL_DB: ':memory:' })
      expect(result.code).toBe(1)
      expect(result.stderr).toBe(`error: --port ${port} is not a port number; give a whole number from 1 to 65535, or 0 for any free port.\n`)
    }
  })

  it('is listed in the help with its options', async () => {
    const result = await runCli(['serve', '--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/open the workbench in a web browser/)
    expect(result.stdout).toMatch(/--no-open/)
  })
})
