import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readWindow } from './dataset-service.js'
import { importDataset } from './import-service.js'
import { openStore, type Store } from '../store/store.js'
import { runCli } from '../../tests/cli/cli-helpers.js'
import { PYTHON, hasNumpy } from '../../tests/helpers/python.js'
import { syntheticAdapter } from '../../tests/import/synthetic-adapter.js'
import { exportVariants } from './export-variants.js'
import { DEFAULT_TRANSFORM_PARAMS, WindowTransformer } from '../transforms/transforms.js'

let dir: string
let dbPath: string
let store: Store
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-variants-'))
  fs.mkdirSync(path.join(dir, 'data'))
  dbPath = path.join(dir, 'db.sqlite')
  store = openStore(dbPath)
  const adapter = syntheticAdapter(path.join(dir, 'data'), [{ subject: 'P01', trial: '1', seconds: 40, fs: 256, labels: { arousal: 3 } }])
  await importDataset(store, { kind: 'csv', path: path.join(dir, 'data'), name: 'syn' }, { adapters: { csv: adapter } })
})
afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('exportVariants', () => {
  it('writes variants.npy (k x 7 x 2560 float32) equal to the transformer output', async () => {
    const out = path.join(dir, 'v')
    const result = await exportVariants(store, { name: 'syn', windows: [2, 0, 2], seed: 7, epoch: 1, outDir: out })
    expect(result).toMatchObject({ dataset: 'syn', windows: [2, 0, 2], seed: 7, epoch: 1, out, npy: path.join(out, 'variants.npy'), shape: [3, 7, 2560], params: DEFAULT_TRANSFORM_PARAMS })
    const npy = fs.readFileSync(result.npy)
    expect(npy.subarray(10, 80).toString('latin1')).toContain("'shape': (3, 7, 2560)")
    const header = npy.readUInt16LE(8) + 10
    expect(npy.length).toBe(header + 3 * 7 * 2560 * 4)
    const t = new WindowTransformer(2560)
    const expected = new Float32Array(7 * 2560)
    t.transform(readWindow(store, 'syn', 0), 7, 1, 0, expected)
    const row1 = new Float32Array(npy.buffer.slice(npy.byteOffset + header + 7 * 2560 * 4, npy.byteOffset + header + 14 * 2560 * 4))
    expect(row1).toEqual(expected)
    // Window 2 twice: the same variants.
    expect(npy.subarray(header, header + 7 * 10240).equals(npy.subarray(header + 14 * 10240))).toBe(true)
    expect(fs.readdirSync(out)).toEqual(['variants.npy'])
    await expect(exportVariants(store, { name: 'syn', windows: [0], seed: 7, outDir: out })).rejects.toThrow(/already exists/)
    await expect(exportVariants(store, { name: 'syn', windows: [4], seed: 7, outDir: out, overwrite: true })).rejects.toThrow(/has no window 4 \(it has 4/)
  })

  it('runs as `ecg-ssl transforms` with parameter flags and --json', async () => {
    const out = path.join(dir, 'cli')
    const r = await runCli(['transforms', 'syn', '--windows', '1,3', '--seed', '5', '--out', out, '--snr', '10', '--scale', '2', '--pieces', '8', '--warp-pieces', '5', '--stretch', '1.2', '--json'], { ECG_SSL_DB: dbPath })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout) as Record<string, unknown>
    expect(json).toMatchObject({ dataset: 'syn', windows: [1, 3], seed: 5, out, params: { noiseSnrDb: 10, scaleFactor: 2, permutePieces: 8, warpPieces: 5, warpStretch: 1.2 } })
    const npy = fs.readFileSync(path.join(out, 'variants.npy'))
    const header = npy.readUInt16LE(8) + 10
    const w1 = readWindow(store, 'syn', 1)
    expect(npy.readFloatLE(header + 2 * 10240 + 100 * 4)).toBe(Math.fround(w1[100]! * 2))
    const bad = await runCli(['transforms', 'syn', '--windows', '1,x', '--seed', '5', '--out', out], { ECG_SSL_DB: dbPath })
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/^error: .*--windows must be window indices/)
    const badParam = await runCli(['transforms', 'syn', '--windows', '1', '--seed', '5', '--out', path.join(dir, 'p'), '--pieces', '0'], { ECG_SSL_DB: dbPath })
    expect(badParam.code).toBe(1)
    expect(badParam.stderr).toMatch(/permutation pieces/)
    expect(fs.existsSync(path.join(dir, 'p', 'variants.npy'))).toBe(false)
  })

  it.skipIf(!hasNumpy)('is read by NumPy with the right shape and values', async () => {
    const result = await exportVariants(store, { name: 'syn', windows: [0, 1], seed: 3, outDir: path.join(dir, 'np') })
    const script = 'import numpy as np, sys\na = np.load(sys.argv[1])\nprint(a.dtype.str)\nprint(a.shape)\nprint(repr(float(a[1, 3, 10])))'
    const printed = execFileSync(PYTHON, ['-c', script, result.npy], { encoding: 'utf8' }).trim()
    const w1 = readWindow(store, 'syn', 1)
    const [dtype, shape, value] = printed.split('\n')
    expect([dtype, shape]).toEqual(['<f4', '(2, 7, 2560)'])
    // variant 3 is negate: exact.
    expect(Number(value)).toBe(-w1[10]!)
  })
})

describe('ecg-ssl bench --suite transforms', () => {
  it('prints suite, backend and windows_per_s', async () => {
    const r = await runCli(['bench', '--suite', 'transforms', '--windows', '50', '--json'])
    expect(r.code).toBe(0)
    const json = JSON.parse(r.stdout) as { suite: string; backend: string; windows_per_s: number }
    expect(json.suite).toBe('transforms')
    expect(json.backend).toBe('js')
    expect(json.windows_per_s).toBeGreaterThan(0)
  })
})
