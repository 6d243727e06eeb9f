/**
 * The CLI in-process, over a synthetic adapter (the registry is mocked), so every command and
 * output shape is tested without the real readers.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { LATEST_SCHEMA_VERSION } from '../../src/store/migrations/index.js'
import type { DatasetAdapter } from '../../src/formats/types.js'
import { syntheticAdapter, type SyntheticRecording } from '../import/synthetic-adapter.js'
import { expectOneErrorLine, runCli } from './cli-helpers.js'

let currentAdapter: DatasetAdapter | undefined
vi.mock('../../src/formats/adapters/index.js', () => ({
  getAdapter: (kind: string): Promise<DatasetAdapter> => {
    if (currentAdapter === undefined) return Promise.reject(new Error(`no test adapter for ${kind}`))
    return Promise.resolve(currentAdapter)
  },
}))

let dir: string
let db: string
let data: string
const RECS: SyntheticRecording[] = [
  { subject: 'P01', trial: '1', seconds: 30, fs: 512, labels: { arousal: 3, valence: 7 } },
  { subject: 'P01', trial: '2', seconds: 7.2, fs: 512, labels: { arousal: 5, valence: 5 } },
  { subject: 'P02', trial: '1', seconds: 25, fs: 256, labels: { arousal: 9, valence: 1 }, nanFrom: 2, nanTo: 3 },
]

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-cli-'))
  db = path.join(dir, 'w.sqlite')
  data = path.join(dir, 'data')
  fs.mkdirSync(data)
  currentAdapter = syntheticAdapter(data, RECS)
})
afterEach(() => {
  currentAdapter = undefined
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('ecg-ssl (in-process)', () => {
  it('import --json prints exactly one JSON document with the documented fields', async () => {
    const r = await runCli(['import', 'csv', data, '--name', 'syn', '--json', '--db', db])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout.trim().split('\n')).toHaveLength(1)
    const report = JSON.parse(r.stdout) as Record<string, unknown>
    expect(report).toMatchObject({
      dataset: 'syn', kind: 'csv', subjects: 2, recordings: 2, windows: 5, excluded: 1, flagged: 1,
      skipped: [{ item: 'P01 trial 2', reason: 'shorter than one 10 s window (7.2 s)' }],
      fs: 256, windowSamples: 2560, overlapPercent: 0, notes: ['synthetic data'],
      labelNames: ['arousal', 'valence'], labelRanges: { arousal: { min: 3, max: 9 }, valence: { min: 1, max: 7 } },
      perSubject: [{ subject: 'P01', recordings: 1, windows: 3, excluded: 0 }, { subject: 'P02', recordings: 1, windows: 2, excluded: 1 }],
    })
    expect(report.durationS).toBe(55)
  })

  it('prints a readable import summary, datasets table, windows page, and deletes', async () => {
    const imp = await runCli(['--db', db, 'import', 'csv', data, '--name', 'syn', '--overlap', '50'])
    expect(imp.code).toBe(0)
    expect(imp.stdout).toContain('Imported "syn" (csv).')
    expect(imp.stdout).toMatch(/ {2}subjects {6}2\n/)
    expect(imp.stdout).toContain('windows       9 of 2560 samples at 256 Hz (1 excluded: NaN, flat or clipped)')
    expect(imp.stdout).toContain('Skipped 1 item:\n  - P01 trial 2: shorter than one 10 s window (7.2 s)\n')
    expect(imp.stdout).toContain('Notes:\n  - synthetic data\n')

    const list = await runCli(['datasets', '--db', db])
    expect(list.stdout.split('\n')[0]).toBe('NAME  KIND  SUBJECTS  RECORDINGS  WINDOWS  EXCLUDED  IMPORTED          SOURCE')
    expect(list.stdout.split('\n')[1]).toMatch(/^syn {3}csv {10}2 {11}2 {8}9 {9}1 {2}\d{4}-\d\d-\d\d \d\d:\d\d {2}.*data$/)

    const json = JSON.parse((await runCli(['datasets', '--db', db, '--json'])).stdout) as { db: string; datasets: { name: string; windows: number }[] }
    expect(json.db).toBe(db)
    expect(json.datasets.map((d) => [d.name, d.windows])).toEqual([['syn', 9]])

    const detail = JSON.parse((await runCli(['datasets', 'syn', '--db', db, '--json'])).stdout) as { sources: unknown[]; preprocessing: { overlapPercent: number } }
    expect(detail.sources).toHaveLength(3)
    expect(detail.preprocessing.overlapPercent).toBe(50)

    const win = await runCli(['windows', 'syn', '--limit', '2', '--offset', '5', '--db', db])
    expect(win.stdout).toBe(
      'Dataset "syn": 2 of 9 windows (index 5–6)\n' +
      'INDEX  SUBJECT  TRIAL  START_S  QUALITY  EXCLUDED  LABELS\n' +
      '    5  P02      1            0  nan      yes       arousal=9 valence=1\n' +
      '    6  P02      1            5  ok       no        arousal=9 valence=1\n',
    )
    const winJson = JSON.parse((await runCli(['windows', 'syn', '--subject', 'P02', '--limit', '1', '--json', '--db', db])).stdout) as unknown
    expect(winJson).toEqual({ dataset: 'syn', total: 4, offset: 0, limit: 1, windows: [{ index: 5, subject: 'P02', trial: '1', startS: 0, labels: { arousal: 9, valence: 1 }, quality: 'nan', excluded: true }] })

    const del = await runCli(['delete', 'syn', '--db', db, '--json'])
    expect(JSON.parse(del.stdout)).toEqual({ dataset: 'syn', deleted: true, windows: 9 })
    expect((await runCli(['datasets', '--db', db])).stdout).toBe(`No datasets in ${db}; import one with \`ecg-ssl import <kind> <path> --name <name>\`.\n`)
  })

  it('uses ECG_SSL_DB when --db is not given', async () => {
    const envDb = path.join(dir, 'env', 'e.sqlite')
    expect((await runCli(['import', 'csv', data, '--name', 'e'], { ECG_SSL_DB: envDb })).code).toBe(0)
    expect(fs.existsSync(envDb)).toBe(true)
    const other = path.join(dir, 'other.sqlite')
    expect(JSON.parse((await runCli(['datasets', '--json', '--db', other], { ECG_SSL_DB: envDb })).stdout)).toEqual({ db: other, datasets: [] })
  })

  it('Ctrl-C during an import rolls back and exits 130', async () => {
    const recs: SyntheticRecording[] = [RECS[0]!, { ...RECS[2]!, onLoad: () => process.emit('SIGINT') }]
    currentAdapter = syntheticAdapter(data, recs)
    const r = await runCli(['import', 'csv', data, '--name', 'syn', '--db', db])
    expect(r).toEqual({ code: 130, stdout: '', stderr: 'Import cancelled; nothing was written.\n' })
    expect(process.listenerCount('SIGINT')).toBe(0)
    expect(JSON.parse((await runCli(['datasets', '--json', '--db', db])).stdout)).toEqual({ db, datasets: [] })
  })

  it('turns bad input into exit 1 and one line, usage mistakes into exit 2', async () => {
    await runCli(['import', 'csv', data, '--name', 'syn', '--db', db])
    const cases: [string[], number, RegExp][] = [
      [['import', 'csv', data, '--name', 'syn'], 1, /^error: A dataset named "syn" already exists \(imported .* UTC, from .*data\); choose another --name or remove it with `ecg-ssl delete syn`\.$/],
      [['import', 'csv', path.join(dir, 'missing'), '--name', 'x'], 1, /^error: There is no file or folder at .*missing; check the path to import\.$/],
      [['import', 'csv', data, '--name', 'x', '--overlap', '120'], 1, /^error: Invalid import request: the overlap \(--overlap\) must be between 0 and 90 percent; fix it and try again\.$/],
      [['import', 'csv', data, '--name', 'x', '--fs', '0'], 1, /^error: Invalid import request: the sampling rate \(--fs\) must be a positive number of Hz; fix it and try again\.$/],
      [['import', 'csv', data, '--name', 'x', '--fs', 'fast'], 1, /^error: Invalid import request: the sampling rate \(--fs\) must be a number of Hz; fix it and try again\.$/],
      [['import', 'matlab', data, '--name', 'x'], 2, /^error: command-argument value 'matlab' is invalid for argument 'kind'\. Allowed choices are amigos, swell, dreamer, wesad, csv, edf, wfdb\.; run `ecg-ssl --help` for usage\.$/],
      [['import', 'csv', data], 2, /^error: required option '--name <name>' not specified; run `ecg-ssl --help` for usage\.$/],
      [['frobnicate'], 2, /^error: unknown command 'frobnicate'; run `ecg-ssl --help` for usage\.$/],
      [['windows', 'ghost'], 1, /^error: There is no dataset named "ghost" in .*w\.sqlite; list the datasets with `ecg-ssl datasets` or import one with `ecg-ssl import`\.$/],
      [['windows', 'syn', '--limit', '0'], 1, /^error: Invalid window query: --limit must be between 1 and 100000; fix it and try again\.$/],
      [['windows', 'syn', '--subject', 'P99'], 1, /^error: Dataset "syn" has no subject "P99"/],
      // The commands validate their flags where they enter; the services below trust typed input.
      [['channels', 'csv', data, '--fs', '0'], 1, /^error: Invalid channel preview: the sampling rate \(--fs\) must be a positive number of Hz; fix it and try again\.$/],
      [['channels', 'matlab', data], 1, /^error: Invalid channel preview: kind: the dataset kind must be one of amigos, swell, dreamer, wesad, csv, edf, wfdb; fix it and try again\.$/],
      [['export', 'syn', '--out', ''], 1, /^error: Invalid export request: the output folder \(--out\) must not be empty; fix it and try again\.$/],
      [['delete', 'ghost'], 1, /^error: There is no dataset named "ghost"/],
      [['bench', '--suite', 'nope'], 2, /^error: option '--suite <name>' argument 'nope' is invalid/],
    ]
    for (const [args, code, line] of cases) {
      const r = await runCli([...args, '--db', db])
      expect(r.code, args.join(' ')).toBe(code)
      expect(r.stdout, args.join(' ')).toBe('')
      expect(expectOneErrorLine(r), args.join(' ')).toMatch(line)
    }
    expect((JSON.parse((await runCli(['datasets', '--json', '--db', db])).stdout) as { datasets: unknown[] }).datasets).toHaveLength(1)
  })

  it('reports an unexpected failure in one line, with the stack only under ECG_SSL_DEBUG=1', async () => {
    const recs: SyntheticRecording[] = [{ ...RECS[0]!, failWith: new TypeError("Cannot read properties of undefined (reading 'x')") }]
    currentAdapter = syntheticAdapter(data, recs)
    const r = await runCli(['import', 'csv', data, '--name', 'syn', '--db', db])
    expect(r.code).toBe(3)
    expect(expectOneErrorLine(r)).toBe("error: unexpected failure: Cannot read properties of undefined (reading 'x'); run with ECG_SSL_DEBUG=1 for details.")
    const d = await runCli(['import', 'csv', data, '--name', 'syn', '--db', db], { ECG_SSL_DEBUG: '1' })
    expect(d.stderr).toMatch(/^error: unexpected failure: .*\nTypeError: Cannot read properties .*\n\s+at /)
  })

  it('refuses a database from a newer app version in one line', async () => {
    await runCli(['datasets', '--db', db])
    const Database = (await import('better-sqlite3')).default
    const raw = new Database(db)
    raw.prepare("INSERT INTO schema_migrations VALUES (99, 'future', 'now')").run()
    raw.close()
    const r = await runCli(['datasets', '--db', db])
    expect(r.code).toBe(1)
    expect(expectOneErrorLine(r)).toMatch(new RegExp(`has schema version 99 but this version of ECG SSL Workbench knows only up to ${LATEST_SCHEMA_VERSION}; update the workbench or use another database with --db\\.$`))
  })

  it('prints help and version with exit 0', async () => {
    const help = await runCli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: ecg-ssl [options] [command]')
    expect(help.stdout).toMatch(/import \[options\] <kind> <path>/)
    const v = await runCli(['--version'])
    expect(v).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' })
  })
})
