import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CancelledError, InputError } from '../common/input-error.js'
import { appVersion } from './app-version.js'
import { canonicalJson, contentHash, hashFiles } from './hash-files.js'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-hash-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('hashFiles / contentHash', () => {
  it('hashes files in chunks and reports progress up to the total', async () => {
    const big = Buffer.alloc(3 * (1 << 20) + 17, 7)
    fs.writeFileSync(path.join(dir, 'big.dat'), big)
    fs.writeFileSync(path.join(dir, 'a.txt'), 'abc')
    const seen: number[] = []
    const out = await hashFiles([path.join(dir, 'a.txt'), path.join(dir, 'big.dat')], (done, total) => {
      expect(total).toBe(big.length + 3)
      seen.push(done)
    })
    expect(out[0]).toEqual({ path: path.join(dir, 'a.txt'), bytes: 3, sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' })
    expect(out[1]?.sha256).toBe(createHash('sha256').update(big).digest('hex'))
    expect(seen.at(-1)).toBe(big.length + 3)
  })

  it('gives the same content hash whatever the file order, and a different one for other params', () => {
    const files = [{ path: path.join(dir, 'b'), bytes: 1, sha256: 'bb' }, { path: path.join(dir, 'sub', 'a'), bytes: 1, sha256: 'aa' }]
    const h1 = contentHash(dir, files, { targetFs: 256, overlapPercent: 0 })
    expect(contentHash(dir, [...files].reverse(), { overlapPercent: 0, targetFs: 256 })).toBe(h1)
    expect(contentHash(dir, files, { targetFs: 256, overlapPercent: 50 })).not.toBe(h1)
    const manual = createHash('sha256').update('b\tbb\n').update('sub/a\taa\n').update('{"overlapPercent":0,"targetFs":256}').digest('hex')
    expect(h1).toBe(manual)
    expect(canonicalJson({ b: { d: 1, c: [2, { f: 1, e: 0 }] }, a: null })).toBe('{"a":null,"b":{"c":[2,{"e":0,"f":1}],"d":1}}')
  })

  it('fails with InputError for a missing file and CancelledError when aborted', async () => {
    await expect(hashFiles([path.join(dir, 'missing.dat')])).rejects.toThrow(InputError)
    await expect(hashFiles([path.join(dir, 'missing.dat')])).rejects.toThrow(/Cannot read the source file .*missing\.dat \(ENOENT\)/)
    fs.writeFileSync(path.join(dir, 'x'), 'x')
    const c = new AbortController()
    c.abort()
    await expect(hashFiles([path.join(dir, 'x')], undefined, c.signal)).rejects.toThrow(CancelledError)
  })

  it('reads the app version from package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
    expect(appVersion()).toBe(pkg.version)
  })
})
