/**
 * `ecg-ssl report`: the command over a store with the fixture run behind the run loader, the
 * three files it writes, and its one-sentence errors.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { Command } from 'commander'
import Papa from 'papaparse'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseRunId, registerReport, type RunLoader } from '../../src/cli/commands/report.js'
import { describeError } from '../../src/cli/errors.js'
import { CliRuntime } from '../../src/cli/runtime.js'
import type { RunDetail } from '../../src/contracts/runs.js'
import { fixtureRun, HOSTILE_DATASET } from '../../src/reports/report-fixture.test-util.js'
import { reportPaths, writeRunReport } from '../../src/reports/write-report.js'
import { renderRunExport } from '../../src/services/run-report.js'
import { insertDataset } from '../../src/store/datasets-repo.js'
import { openStore } from '../../src/store/store.js'

let dir: string
let db: string
const { run } = fixtureRun()

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-report-'))
  db = path.join(dir, 'w.sqlite')
  // the store knows the AMIGOS dataset's kind; the other dataset was deleted since the run
  const store = openStore(db)
  insertDataset(store.db, {
    name: 'amigos-raw', kind: 'amigos', createdAt: '2026-11-22T00:00:00Z', sourcePath: '/data/amigos', fs: 256, windowSamples: 2560,
    overlapPercent: 0, preprocessing: {}, labelNames: ['arousal', 'valence'], labelScales: {}, notes: [], options: {}, appVersion: '0.1.0', contentHash: 'a1b2',
  })
  store.close()
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

/** Runs `ecg-ssl report …` through commander with captured output, as main() does. */
async function report(args: string[], loadRun: RunLoader = (_db, id) => (id === run.id ? run : undefined)) {
  let stdout = ''
  let stderr = ''
  const rt = new CliRuntime({ stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), stderrIsTTY: false, stderrStream: new PassThrough(), env: {} })
  const program = new Command('ecg-ssl').option('--db <file>').option('--json').exitOverride()
  registerReport(program, rt, loadRun)
  let code = 0
  try {
    await program.parseAsync(['--db', db, 'report', ...args], { from: 'user' })
  } catch (err) {
    const r = describeError(err, '', false)
    stderr += r.line + '\n'
    code = r.exitCode
  } finally {
    rt.close()
  }
  return { code, stdout, stderr }
}

describe('ecg-ssl report', () => {
  it('writes the HTML page with the CSV and LaTeX tables beside it', async () => {
    const out = path.join(dir, 'reports', 'run12.html')
    const r = await report(['12', '--out', out, '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const written = JSON.parse(r.stdout) as Record<string, unknown>
    expect(written).toMatchObject({ html: out, csv: path.join(dir, 'reports', 'run12.csv'), tex: path.join(dir, 'reports', 'run12.tex'), run: 12, rows: run.results.length })
    // the SWELL-like dataset is no longer in the store: its kind is unknown, so only AMIGOS gets the paper
    expect(written.paperRows).toBe(2)
    const html = fs.readFileSync(out, 'utf8')
    expect(html).toContain('<td class="num paper">0.858</td>')
    expect(html).toContain('run12.csv')
    expect(html).toMatch(/report written \d{4}-\d\d-\d\dT/)
    const csv = Papa.parse<Record<string, string>>(fs.readFileSync(path.join(dir, 'reports', 'run12.csv'), 'utf8').trimEnd(), { header: true })
    expect(csv.data).toHaveLength(run.results.length)
    expect(fs.readFileSync(path.join(dir, 'reports', 'run12.tex'), 'utf8')).toContain('\\begin{tabular}')
    expect(fs.readdirSync(path.join(dir, 'reports')).sort()).toEqual(['run12.csv', 'run12.html', 'run12.tex'])
  })

  it('prints a human summary and refuses to replace files without --force', async () => {
    const out = path.join(dir, 'r.html')
    const first = await report(['#12', '--out', out])
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('Report of run #12 (done): 48 result rows, 2 with the paper\'s numbers beside.')
    const again = await report(['12', '--out', out])
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/^error: .*r\.html, .*r\.csv, .*r\.tex already exist; pass --force to replace, or choose another --out\.\n$/)
    const forced = await report(['12', '--out', out, '--force'])
    expect(forced.code).toBe(0)
  })

  it('says in one sentence what is wrong with the run or the output', async () => {
    expect((await report(['13', '--out', path.join(dir, 'x.html')])).stderr).toMatch(/^error: There is no run #13 in .*w\.sqlite; `ecg-ssl runs` lists the runs\.\n$/)
    expect((await report(['first', '--out', path.join(dir, 'x.html')])).stderr).toMatch(/^error: "first" is not a run number;/)
    expect((await report(['12', '--out', path.join(dir, 'x.pdf')])).stderr).toMatch(/^error: The report file .*x\.pdf must end in \.html/)
    fs.writeFileSync(path.join(dir, 'afile'), '')
    expect((await report(['12', '--out', path.join(dir, 'afile', 'x.html')])).stderr).toMatch(/^error: Cannot write the report into .*afile: it is a file/)
    expect(fs.existsSync(path.join(dir, 'x.html'))).toBe(false)
  })
})

/** The fixture run with its SWELL dataset called by a name of the paper's dataset, 'SWELL-KW'. */
function runOnSwellKw(): RunDetail {
  const rename = <T extends { dataset: string }>(x: T): T => (x.dataset === HOSTILE_DATASET ? { ...x, dataset: 'SWELL-KW' } : x)
  return {
    ...run,
    config: { ...run.config, datasets: run.config.datasets.map((d) => (d.name === HOSTILE_DATASET ? { ...d, name: 'SWELL-KW' } : d)) },
    folds: run.folds.map(rename),
    results: run.results.map(rename),
  }
}

describe('the CLI\'s report and the app\'s export', () => {
  it('put the paper\'s number beside the same rows: none beside a deleted dataset, whatever its name', async () => {
    const swellKw = runOnSwellKw()
    const out = path.join(dir, 'kw.html')
    const r = await report(['12', '--out', out, '--json'], (_db, id) => (id === swellKw.id ? swellKw : undefined))
    expect(r.code).toBe(0)
    // 'SWELL-KW' is no longer in the store: its name alone does not make it the paper's SWELL
    expect((JSON.parse(r.stdout) as { paperRows: number }).paperRows).toBe(2)
    const csv = fs.readFileSync(path.join(dir, 'kw.csv'), 'utf8')
    const rows = Papa.parse<Record<string, string>>(csv.trimEnd(), { header: true }).data.filter((row) => row.dataset === 'SWELL-KW')
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) {
      expect(row.kind).toBe('unknown')
      expect(row.paper_accuracy).toBe('')
      expect(row.paper_note).toMatch(/^No published number for this setting: the paper reports on AMIGOS and SWELL-KW only[;.]/)
    }
    // The app's export of the same run from the same store says exactly the same.
    const store = openStore(db)
    try {
      expect(renderRunExport(store, swellKw, 'csv').text).toBe(csv)
    } finally {
      store.close()
    }
  })
})

describe('writeRunReport', () => {
  it('derives the CSV and LaTeX names from the HTML name', () => {
    expect(reportPaths('/a/b/report.HTML')).toEqual({ html: '/a/b/report.HTML', csv: '/a/b/report.csv', tex: '/a/b/report.tex' })
    expect(parseRunId(' 7 ')).toBe(7)
  })

  // root writes anywhere, so the permission case can only be staged for other users
  it.skipIf(process.getuid?.() === 0)('leaves no temporary file behind when the folder is not writable', () => {
    const ro = path.join(dir, 'ro')
    fs.mkdirSync(ro, { mode: 0o500 })
    expect(() => writeRunReport(run, { out: path.join(ro, 'r.html'), kinds: {}, overwrite: false })).toThrow(/Cannot write the report to .*ro \(EACCES\)/)
    expect(fs.readdirSync(ro)).toEqual([])
  })
})
