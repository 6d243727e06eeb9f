/**
 * End to end through the real `ecg-ssl` process on the MIT-BIH record 100 fixture: import,
 * datasets, windows, export (checked byte by byte and with NumPy), delete, bench, and Ctrl-C.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatasetSummary, ExportResult, ImportReport, WindowPage } from '../../src/contracts/index.js'
import { readWindow } from '../../src/services/dataset-service.js'
import { openStore } from '../../src/store/store.js'
import { ensureBuilt, expectOneErrorLine, SHARED_DATA, spawnCli } from './cli-helpers.js'
import { writeWfdbRecord } from './wfdb-writer.js'
import { PYTHON, hasNumpy } from '../helpers/python.js'


let dir: string
let db: string
beforeAll(() => {
  ensureBuilt()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-e2e-'))
  db = path.join(dir, 'db', 'w.sqlite')
}, 180_000)
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const MIT = path.join(SHARED_DATA, 'wfdb/mitdb_100')

function json<T>(stdout: string): T {
  expect(stdout.endsWith('\n')).toBe(true)
  expect(stdout.trim().split('\n')).toHaveLength(1)
  return JSON.parse(stdout) as T
}

describe('ecg-ssl on mitdb record 100', () => {
  it('imports, lists, pages, exports and deletes', async () => {
    // the relative path of the brief, resolved from the project root
    const imp = await spawnCli(['import', 'wfdb', '../shared/data/wfdb/mitdb_100', '--name', 'mit', '--json', '--db', db])
    expect(imp.stderr).toBe('')
    expect(imp.code).toBe(0)
    const report = json<ImportReport>(imp.stdout)
    expect(report).toMatchObject({
      dataset: 'mit', kind: 'wfdb', subjects: 1, recordings: 1, windows: 180, excluded: 0, skipped: [],
      fs: 256, windowSamples: 2560, overlapPercent: 0, labelNames: [], labelRanges: {},
      perSubject: [{ subject: '100', recordings: 1, windows: 180, excluded: 0 }],
    })
    // 650000 samples at 360 Hz = 1805.6 s → 462222 samples at 256 Hz → 180 whole 10 s windows
    expect(report.durationS).toBe(650000 / 360)
    expect(report.notes).toEqual(["channel used: 'MLII' (lead II, preferred among several ECG leads) in 100.hea."])

    const list = json<{ db: string; datasets: DatasetSummary[] }>((await spawnCli(['datasets', '--json', '--db', db])).stdout)
    expect(list.db).toBe(db)
    expect(list.datasets).toEqual([expect.objectContaining({ name: 'mit', kind: 'wfdb', sourcePath: MIT, subjects: 1, recordings: 1, windows: 180, excluded: 0, fs: 256, windowSamples: 2560, contentHash: report.contentHash })])

    const page = json<WindowPage>((await spawnCli(['windows', 'mit', '--limit', '3', '--offset', '177', '--json', '--db', db])).stdout)
    expect(page).toEqual({
      dataset: 'mit', total: 180, offset: 177, limit: 3,
      windows: [177, 178, 179].map((i) => ({ index: i, subject: '100', trial: 'recording', startS: i * 10, labels: {}, quality: 'ok', excluded: false })),
    })
    const human = await spawnCli(['windows', 'mit', '--limit', '2', '--db', db])
    expect(human.stdout).toBe('Dataset "mit": 2 of 180 windows (index 0–1)\nINDEX  SUBJECT  TRIAL      START_S  QUALITY  EXCLUDED  LABELS\n    0  100      recording        0  ok       no\n    1  100      recording       10  ok       no\n')

    const out = path.join(dir, 'export')
    const exp = await spawnCli(['export', 'mit', '--out', out, '--json', '--db', db])
    expect(exp.stderr).toBe('')
    const result = json<ExportResult>(exp.stdout)
    expect(result).toMatchObject({ dataset: 'mit', windows: 180, windowSamples: 2560, npy: path.join(out, 'windows.npy'), csv: path.join(out, 'windows.csv') })
    const npy = fs.readFileSync(result.npy)
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (180, 2560), }"
    expect(npy.subarray(0, 128).equals(Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]), Buffer.from(dict.padEnd(117) + '\n', 'latin1')]))).toBe(true)
    expect(npy.length).toBe(128 + 180 * 2560 * 4)
    const store = openStore(db)
    const w42 = readWindow(store, 'mit', 42)
    store.close()
    expect(npy.readFloatLE(128 + 42 * 10240 + 100 * 4)).toBe(w42[100])
    const csv = fs.readFileSync(result.csv, 'utf8').split('\n')
    expect(csv.slice(0, 3)).toEqual(['index,subject,trial,start_s,quality,excluded', '0,100,recording,0,ok,0', '1,100,recording,10,ok,0'])
    expect(csv).toHaveLength(182)

    if (hasNumpy) {
      const printed = execFileSync(PYTHON, ['-c', 'import numpy as np, sys\na = np.load(sys.argv[1])\nprint(a.dtype.str, a.shape, a.flags["C_CONTIGUOUS"], abs(float(a.mean())) < 0.05, float(a[42, 100]) == float(sys.argv[2]))', result.npy, String(w42[100])], { encoding: 'utf8' })
      expect(printed.trim()).toBe('<f4 (180, 2560) True True True')
    }

    const again = await spawnCli(['export', 'mit', '--out', out, '--db', db])
    expect(again.code).toBe(1)
    expect(expectOneErrorLine(again)).toMatch(/windows\.npy already exists; choose another --out folder or pass --force to replace it\.$/)
    expect((await spawnCli(['export', 'mit', '--out', out, '--force', '--db', db])).code).toBe(0)

    const del = await spawnCli(['delete', 'mit', '--db', db])
    expect(del).toMatchObject({ code: 0, stdout: 'Deleted dataset "mit" (180 windows).\n', stderr: '' })
    expect(json<{ datasets: unknown[] }>((await spawnCli(['datasets', '--json', '--db', db])).stdout).datasets).toEqual([])
  })

  it('runs the preprocess benchmark and prints one JSON line', async () => {
    const r = await spawnCli(['bench', '--suite', 'preprocess', '--minutes', '1', '--json'])
    expect(r.code).toBe(0)
    const b = json<{ suite: string; realtime_factor: number; signal_seconds: number; windows: number }>(r.stdout)
    expect(b.suite).toBe('preprocess')
    expect(b.signal_seconds).toBe(60)
    expect(b.windows).toBe(6)
    expect(b.realtime_factor).toBeGreaterThan(0)
  })

  it('Ctrl-C during an import exits 130, says nothing was written, and leaves no trace', async () => {
    const data = path.join(dir, 'many')
    for (let i = 0; i < 16; i++) writeWfdbRecord(data, `r${String(i).padStart(2, '0')}`, 600, 500, i)
    const cdb = path.join(dir, 'cancel.sqlite')
    const r = await spawnCli(['import', 'wfdb', data, '--name', 'many', '--db', cdb], {}, (child) => {
      // once the database exists the import's SIGINT handler is (synchronously) in place
      const timer = setInterval(() => {
        if (fs.existsSync(`${cdb}-wal`)) {
          clearInterval(timer)
          setTimeout(() => child.kill('SIGINT'), 150)
        }
      }, 10)
    })
    expect(r).toEqual({ code: 130, stdout: '', stderr: 'Import cancelled; nothing was written.\n' })
    const store = openStore(cdb)
    const n = TABLES.map((t) => (store.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n)
    store.close()
    expect(n).toEqual([0, 0, 0, 0, 0])
    // and the same data imports completely afterwards
    const ok = await spawnCli(['import', 'wfdb', data, '--name', 'many', '--json', '--db', cdb])
    expect(json<ImportReport>(ok.stdout)).toMatchObject({ subjects: 16, recordings: 16, windows: 16 * 60, excluded: 0 })
  })
})

const TABLES = ['datasets', 'import_sources', 'subjects', 'recordings', 'windows']
