/**
 * Issue 2 §8: importing a 1 h recording at 2048 Hz keeps peak memory under 300 MB. Measured as
 * the max RSS of a fresh process that runs the CLI's main() on a WFDB record the test writes.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { ensureBuilt, ROOT } from '../cli/cli-helpers.js'
import { writeWfdbRecord } from '../cli/wfdb-writer.js'

let dir: string
beforeAll(() => {
  ensureBuilt()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-mem-'))
  writeWfdbRecord(path.join(dir, 'rec'), 'hour', 3600, 2048, 3)
}, 180_000)
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

it('imports 1 h at 2048 Hz with peak RSS under 300 MB', () => {
  const script = `
    const { main } = await import(${JSON.stringify(path.join(ROOT, 'out/src/cli/main.js'))})
    let out = ''
    const code = await main(process.argv.slice(1), { stdout: (t) => (out += t), stderr: (t) => process.stderr.write(t), stderrIsTTY: false, stderrStream: process.stderr, env: {} })
    process.stdout.write(JSON.stringify({ code, report: JSON.parse(out), maxRssMB: process.resourceUsage().maxRSS / 1024 }))`
  const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script, 'import', 'wfdb', path.join(dir, 'rec'), '--name', 'hour', '--json', '--db', path.join(dir, 'db.sqlite')], { encoding: 'utf8' })
  const { code, report, maxRssMB } = JSON.parse(printed) as { code: number; report: { windows: number; durationS: number }; maxRssMB: number }
  expect(code).toBe(0)
  expect(report.windows).toBe(360)
  expect(report.durationS).toBe(3600)
  console.log(`peak RSS importing 1 h at 2048 Hz: ${maxRssMB.toFixed(0)} MB`)
  expect(maxRssMB).toBeLessThan(300)
})
