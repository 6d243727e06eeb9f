/**
 * Bad input through the real `ecg-ssl` process: every case exits non-zero with ONE stderr line,
 * no stack trace, nothing on stdout, and no trace of a dataset in the store.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importDataset } from '../../src/services/import-service.js'
import { openStore } from '../../src/store/store.js'
import { ensureBuilt, expectOneErrorLine, SHARED_DATA, spawnCli } from '../cli/cli-helpers.js'
import { syntheticAdapter } from '../import/synthetic-adapter.js'

let dir: string
let db: string

function datasetNames(): string[] {
  const store = openStore(db)
  try {
    return (store.db.prepare('SELECT name FROM datasets ORDER BY name').all() as { name: string }[]).map((r) => r.name)
  } finally {
    store.close()
  }
}

function windowRows(): number {
  const store = openStore(db)
  try {
    return (store.db.prepare('SELECT COUNT(*) AS n FROM windows').get() as { n: number }).n
  } finally {
    store.close()
  }
}

beforeAll(async () => {
  ensureBuilt()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-bad-import-'))
  db = path.join(dir, 'w.sqlite')
  fs.mkdirSync(path.join(dir, 'syn'))
  const store = openStore(db)
  try {
    const adapter = syntheticAdapter(path.join(dir, 'syn'), [{ subject: 'S1', trial: '1', seconds: 20, fs: 256 }])
    await importDataset(store, { kind: 'csv', path: path.join(dir, 'syn'), name: 'taken' }, { adapters: { csv: adapter } })
  } finally {
    store.close()
  }
  writeBrokenFiles()
}, 120_000)
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** Writes the broken datasets of the file-level cases under `dir/bad`. */
function writeBrokenFiles(): void {
  const bad = (p: string): string => path.join(dir, 'bad', p)
  for (const d of ['trunc', 'fs0', 'short', 'nan', 'nonnum', 'mixed', 'empty', 'edfmagic']) fs.mkdirSync(bad(d), { recursive: true })
  const hea = fs.readFileSync(path.join(MIT, '100.hea'), 'utf8')
  const dat = fs.readFileSync(path.join(MIT, '100.dat'))
  fs.writeFileSync(bad('trunc/100.hea'), hea)
  fs.writeFileSync(bad('trunc/100.dat'), dat.subarray(0, 100_000))
  fs.writeFileSync(bad('fs0/100.hea'), hea.replace('100 2 360 650000', '100 2 0 650000'))
  fs.writeFileSync(bad('fs0/100.dat'), dat)
  const sine = (n: number, at?: number): string => 'ecg\n' + Array.from({ length: n }, (_v, i) => (i === at ? 'abc' : String(Math.sin(i / 10)))).join('\n') + '\n'
  fs.writeFileSync(bad('short/s.csv'), sine(640))
  fs.writeFileSync(bad('nan/n.csv'), 'ecg\n' + 'NaN\n'.repeat(5000))
  fs.writeFileSync(bad('nonnum/x.csv'), sine(5000, 700))
  fs.writeFileSync(bad('mixed/100.hea'), hea)
  fs.writeFileSync(bad('mixed/100.dat'), dat)
  fs.writeFileSync(bad('mixed/200.hea'), hea.replaceAll('100', '200'))
  fs.writeFileSync(bad('mixed/200.dat'), dat.subarray(0, 100_000))
  fs.writeFileSync(bad('edfmagic/x.edf'), 'NOTEDF'.repeat(100))
}

const MIT = path.join(SHARED_DATA, 'wfdb/mitdb_100')

describe('ecg-ssl import refuses bad input cleanly', () => {
  it.each([
    ['a path that does not exist', ['import', 'wfdb', '/no/such/place', '--name', 'x'], 1, /^error: There is no file or folder at \/no\/such\/place; check the path to import\.$/],
    ['an unknown kind', ['import', 'matlab', MIT, '--name', 'x'], 2, /^error: command-argument value 'matlab' is invalid for argument 'kind'\. Allowed choices are amigos, swell, dreamer, wesad, csv, edf, wfdb\./],
    ['--overlap 120', ['import', 'wfdb', MIT, '--name', 'x', '--overlap', '120'], 1, /^error: Invalid import request: the overlap \(--overlap\) must be between 0 and 90 percent; fix it and try again\.$/],
    ['--fs 0', ['import', 'csv', MIT, '--name', 'x', '--fs', '0'], 1, /^error: Invalid import request: the sampling rate \(--fs\) must be a positive number of Hz; fix it and try again\.$/],
    ['a duplicate name', ['import', 'wfdb', MIT, '--name', 'taken'], 1, /^error: A dataset named "taken" already exists \(imported \d{4}-\d\d-\d\d \d\d:\d\d UTC, from .*syn\); choose another --name or remove it with `ecg-ssl delete taken`\.$/],
    ['a missing --name', ['import', 'wfdb', MIT], 2, /^error: required option '--name <name>' not specified/],
    ['a missing labels file', ['import', 'wfdb', MIT, '--name', 'x', '--labels', '/no/labels.csv'], 1, /^error: There is no labels file at \/no\/labels\.csv; check the --labels path\.$/],
    ['a database that is a folder', ['import', 'wfdb', MIT, '--name', 'x', '--db', os.tmpdir()], 1, /^error: The database path .* is a folder; pass a file name with --db/],
  ])('%s', async (_what, args, code, line) => {
    const argv = args.includes('--db') ? args : [...args, '--db', db]
    for (const json of [false, true]) {
      const r = await spawnCli(json ? [...argv, '--json'] : argv)
      expect(r.code).toBe(code)
      expect(r.stdout).toBe('')
      expect(expectOneErrorLine(r)).toMatch(line)
    }
    expect(datasetNames()).toEqual(['taken'])
    expect(windowRows()).toBe(2)
  })
})

describe('ecg-ssl import refuses broken files cleanly, or imports what it can and reports the rest', () => {
  const bad = (p: string): string => path.join(dir, 'bad', p)
  it.each([
    ['a truncated WFDB .dat', ['wfdb', 'trunc'], /^error: .*trunc\/100\.dat: the WFDB header promises 650000 samples per signal but the data file 100\.dat holds only 33333; /],
    ['a sampling rate of 0 Hz', ['wfdb', 'fs0'], /^error: .*fs0\/100\.hea: the sampling frequency 0 Hz in the WFDB header is not plausible/],
    ['a recording shorter than one window', ['csv', 'short', '--fs', '128'], /^error: No windows could be imported from .*short \(s trial recording: shorter than one 10 s window \(5 s\)\); check the files and options\.$/],
    ['an all-NaN channel', ['csv', 'nan', '--fs', '128'], /^error: .*nan\/n\.csv: every value of the signal column is empty or NaN/],
    ['a non-numeric CSV cell', ['csv', 'nonnum', '--fs', '128'], /^error: .*nonnum\/x\.csv: line 702, column 1: 'abc' is not a number; fix or remove the line\.$/],
    ['an empty folder', ['wfdb', 'empty'], /^error: .*empty: no \.hea files were found/],
    ['a file with the wrong magic', ['edf', 'edfmagic'], /^error: .*x\.edf: this is not an EDF file/],
  ])('%s', async (_what, [kind, folder, ...rest], line) => {
    const r = await spawnCli(['import', kind!, bad(folder!), ...rest, '--name', 'broken', '--db', db])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(expectOneErrorLine(r)).toMatch(line)
    expect(datasetNames()).toEqual(['taken'])
    expect(windowRows()).toBe(2)
  })

  it('imports the good record of a folder and reports the broken one as skipped', async () => {
    const r = await spawnCli(['import', 'wfdb', bad('mixed'), '--name', 'mixed', '--json', '--db', db])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const report = JSON.parse(r.stdout) as { windows: number; subjects: number; skipped: { item: string; reason: string }[] }
    expect(report.windows).toBe(180)
    expect(report.subjects).toBe(1)
    expect(report.skipped).toEqual([{ item: '200.hea', reason: expect.stringMatching(/^the WFDB header promises 650000 samples per signal but the data file 200\.dat holds only 33333/) as unknown }])
    expect(datasetNames()).toEqual(['mixed', 'taken'])
    expect((await spawnCli(['delete', 'mixed', '--db', db])).code).toBe(0)
  })
})
