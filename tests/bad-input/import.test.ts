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
}, 120_000)
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

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
