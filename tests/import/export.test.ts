import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CancelledError, InputError } from '../../src/common/input-error.js'
import { readWindow } from '../../src/services/dataset-service.js'
import { exportDataset } from '../../src/services/export-service.js'
import { importDataset } from '../../src/services/import-service.js'
import { openStore, type Store } from '../../src/store/store.js'
import { syntheticAdapter } from './synthetic-adapter.js'
import { PYTHON, hasNumpy } from '../helpers/python.js'


let dir: string
let store: Store
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-export-'))
  fs.mkdirSync(path.join(dir, 'data'))
  store = openStore(path.join(dir, 'db.sqlite'))
  const adapter = syntheticAdapter(path.join(dir, 'data'), [
    { subject: 'P01', trial: '1', seconds: 30, fs: 512, labels: { arousal: 3, valence: 7.5 } },
    { subject: 'P,02', trial: 'a "b"', seconds: 20, fs: 256, labels: { arousal: null, valence: 'high' }, nanFrom: 11, nanTo: 12 },
  ])
  await importDataset(store, { kind: 'csv', path: path.join(dir, 'data'), name: 'exp' }, { adapters: { csv: adapter } })
})
afterEach(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('exportDataset', () => {
  it('writes windows.npy (exact header, float32 LE rows) and windows.csv', async () => {
    const out = path.join(dir, 'out', 'nested')
    const result = await exportDataset(store, { name: 'exp', outDir: out })
    expect(result).toEqual({ dataset: 'exp', windows: 5, windowSamples: 2560, npy: path.join(out, 'windows.npy'), csv: path.join(out, 'windows.csv'), bytes: 128 + 5 * 10240 + fs.statSync(path.join(out, 'windows.csv')).size })
    const npy = fs.readFileSync(result.npy)
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (5, 2560), }"
    const header = Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]), Buffer.from(dict.padEnd(117, ' ') + '\n', 'latin1')])
    expect(npy.subarray(0, 128).equals(header)).toBe(true)
    expect(npy.length).toBe(128 + 5 * 2560 * 4)
    for (const i of [0, 3, 4]) {
      const w = readWindow(store, 'exp', i)
      expect(npy.readFloatLE(128 + i * 10240)).toBe(w[0])
      expect(npy.readFloatLE(128 + i * 10240 + 2559 * 4)).toBe(w[2559])
    }
    expect(fs.readFileSync(result.csv, 'utf8')).toBe(
      'index,subject,trial,start_s,arousal,valence,quality,excluded\n' +
      '0,P01,1,0,3,7.5,ok,0\n1,P01,1,10,3,7.5,ok,0\n2,P01,1,20,3,7.5,ok,0\n' +
      '3,"P,02","a ""b""",0,,high,ok,0\n4,"P,02","a ""b""",10,,high,nan,1\n',
    )
    expect(fs.readdirSync(out).sort()).toEqual(['windows.csv', 'windows.npy'])
  })

  it.skipIf(!hasNumpy)('is read back by NumPy with the same values', async () => {
    const result = await exportDataset(store, { name: 'exp', outDir: path.join(dir, 'np') })
    const script = `import numpy as np, sys\na = np.load(sys.argv[1])\nprint(a.dtype.str, a.shape, repr(float(a[4, 7])), repr(float(a[0, 2559])))`
    const printed = execFileSync(PYTHON, ['-c', script, result.npy], { encoding: 'utf8' }).trim()
    const w4 = readWindow(store, 'exp', 4)
    const w0 = readWindow(store, 'exp', 0)
    expect(printed).toBe(`<f4 (5, 2560) ${pyRepr(w4[7]!)} ${pyRepr(w0[2559]!)}`)
  })

  it('refuses to overwrite unless asked, and replaces with overwrite', async () => {
    const out = path.join(dir, 'o')
    await exportDataset(store, { name: 'exp', outDir: out })
    await expect(exportDataset(store, { name: 'exp', outDir: out })).rejects.toThrow(/windows\.npy already exists; choose another --out folder or pass --force to replace it\./)
    fs.writeFileSync(path.join(out, 'windows.csv'), 'old')
    await exportDataset(store, { name: 'exp', outDir: out, overwrite: true })
    expect(fs.readFileSync(path.join(out, 'windows.csv'), 'utf8').startsWith('index,')).toBe(true)
  })

  it('leaves nothing behind when cancelled or when the destination is a file', async () => {
    const out = path.join(dir, 'c')
    const controller = new AbortController()
    controller.abort()
    await expect(exportDataset(store, { name: 'exp', outDir: out }, { signal: controller.signal })).rejects.toThrow(CancelledError)
    expect(fs.readdirSync(out)).toEqual([])
    const file = path.join(dir, 'afile')
    fs.writeFileSync(file, 'x')
    await expect(exportDataset(store, { name: 'exp', outDir: file })).rejects.toThrow(InputError)
    await expect(exportDataset(store, { name: 'nope', outDir: out })).rejects.toThrow(/no dataset named "nope"/)
  })
})

/** Python's repr of a float32 value widened to float64. */
function pyRepr(v: number): string {
  const s = String(v)
  if (/e/.test(s)) {
    const [m, e] = s.split('e') as [string, string]
    const exp = Number(e)
    return `${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  }
  return Number.isInteger(v) ? `${s}.0` : s
}
