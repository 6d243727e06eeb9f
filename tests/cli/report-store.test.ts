/**
 * `ecg-ssl report` end to end through main(): a run recorded in the store with the runs
 * repository (epochs with checkpoints, folds), its results aggregated by the store's reader, and
 * the report written from it; `ecg-ssl doctor --json --no-bench` over the same store.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixtureRun } from '../../src/reports/report-fixture.test-util.js'
import { insertDataset } from '../../src/store/datasets-repo.js'
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations/index.js'
import { claimRun, createRun, saveEpoch, saveFold, setRunState } from '../../src/store/runs-repo.js'
import { openStore } from '../../src/store/store.js'
import { encodeCheckpoint } from '../../src/training/checkpoint.js'
import { expectOneErrorLine, runCli } from './cli-helpers.js'

let dir: string
let db: string
let runId: number
const { run, kinds } = fixtureRun()

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-report-store-'))
  db = path.join(dir, 'w.sqlite')
  const store = openStore(db)
  try {
    for (const [name, kind] of Object.entries(kinds)) {
      insertDataset(store.db, {
        name, kind, createdAt: '2026-11-22T00:00:00Z', sourcePath: `/data/${kind}`, fs: 256, windowSamples: 2560, overlapPercent: 0,
        preprocessing: {}, labelNames: [], labelScales: {}, notes: [], options: {}, appVersion: '0.1.0', contentHash: run.datasetHashes[name] ?? '',
      })
    }
    runId = createRun(store.db, { config: run.config, appVersion: run.appVersion, datasetHashes: run.datasetHashes })
    claimRun(store.db, runId, process.pid, run.backend, run.device)
    const checkpoint = await encodeCheckpoint([], null)
    const total = run.epochs.length + run.folds.length
    run.epochs.forEach((e, i) => saveEpoch(store.db, runId, e, checkpoint, { done: i + 1, total, phase: 'pretext' }))
    run.folds.forEach((f, i) => saveFold(store.db, runId, `${f.dataset}|${f.task}|${f.protocol}|${f.method}|${f.fraction}|${f.fold}`, f, { done: run.epochs.length + i + 1, total, phase: 'evaluation' }))
    setRunState(store.db, runId, 'done')
  } finally {
    store.close()
  }
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('ecg-ssl report over a stored run', () => {
  it('writes the report with the store\'s results and the paper beside AMIGOS and SWELL', async () => {
    const out = path.join(dir, 'out', 'report.html')
    const r = await runCli(['--db', db, 'report', String(runId), '--out', out, '--json'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ html: out, run: runId, rows: run.results.length, paperRows: 3 })
    const html = fs.readFileSync(out, 'utf8')
    expect(html).toContain('<td class="num paper">0.858</td><td class="num paper">0.851</td>')
    // SWELL's stress accuracy stands beside its 3-class condition task; its F1 cell says the source lost it
    expect(html).toMatch(/<td class="task">condition<\/td>(?:(?!<\/tr>).)*<td class="num paper" title="[^"]*condition[^"]*">0\.960<\/td><td class="num paper" title="the source text lost the paper\u2019s SWELL F1 scores">–<\/td><\/tr>/)
    expect(html).toMatch(/<td class="task">stress<\/td>(?:(?!<\/tr>).)*no published number for this setting \(self-rated stress\)<\/td><\/tr>/)
    expect(html.match(/<figure>/g)).toHaveLength(9)
    // the store's aggregation agrees with the fixture's own mean ± sd
    const csv = fs.readFileSync(path.join(dir, 'out', 'report.csv'), 'utf8')
    const first = run.results.find((x) => x.dataset === 'amigos-raw' && x.task === 'arousal' && x.protocol === 'window-kfold' && x.method === 'transfer' && x.fraction === 1)
    const line = csv.split('\r\n').find((l) => l.startsWith('amigos-raw,amigos,arousal,window-kfold,transfer,full,3,1,'))
    expect(Number(line?.split(',')[9])).toBeCloseTo(first?.accuracy.mean ?? Number.NaN, 12)
  })

  it('refuses an unknown run with one line', async () => {
    const r = await runCli(['--db', db, 'report', '99', '--out', path.join(dir, 'x.html')])
    expect(r.code).toBe(1)
    expect(expectOneErrorLine(r)).toMatch(/There is no run #99 in /)
  })

  it('doctor --json --no-bench reports the store with its run', async () => {
    const r = await runCli(['--db', db, 'doctor', '--json', '--no-bench', '--backend', 'cpu'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout) as { store: Record<string, unknown>; bench: unknown; checks: unknown[] }
    expect(report.store).toMatchObject({ path: db, exists: true, schemaVersion: LATEST_SCHEMA_VERSION, datasets: 2, runs: 1 })
    expect(report.bench).toBeNull()
    expect(report.checks.length).toBeGreaterThan(4)
  })
})
