import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InputError } from '../common/input-error.js'
import { listFolder } from './files-service.js'

describe('folder listing for the import picker', () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-files-'))
    fs.mkdirSync(path.join(dir, 'S10'))
    fs.mkdirSync(path.join(dir, 'S2'))
    fs.writeFileSync(path.join(dir, 'b.csv'), '1,2,3\n')
    fs.writeFileSync(path.join(dir, 'a.edf'), 'x')
    fs.writeFileSync(path.join(dir, '.hidden'), '')
    fs.symlinkSync(path.join(dir, 'missing'), path.join(dir, 'broken-link'))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('lists folders first, then files, in natural order, with sizes, without hidden or broken entries', () => {
    const listing = listFolder({ path: dir })
    expect(listing.path).toBe(dir)
    expect(listing.parent).toBe(path.dirname(dir))
    expect(listing.entries.map((e) => [e.name, e.kind, e.bytes])).toEqual([
      ['S2', 'folder', 0],
      ['S10', 'folder', 0],
      ['a.edf', 'file', 1],
      ['b.csv', 'file', 6],
    ])
    expect(listing.entries[0]?.path).toBe(path.join(dir, 'S2'))
    expect(listing.truncated).toBe(false)
    expect(listFolder({ path: dir, showHidden: true }).entries.map((e) => e.name)).toContain('.hidden')
  })

  it('starts at the home folder and stops at the root', () => {
    expect(listFolder({}, dir).path).toBe(dir)
    expect(listFolder({ path: '/' }).parent).toBeNull()
  })

  it('a WFDB record name typed without extension lists its folder with the header chosen', () => {
    fs.writeFileSync(path.join(dir, '100.hea'), '100 1 360\n100.dat 16 200 16 0 0 0 0 MLII\n')
    const listing = listFolder({ path: path.join(dir, '100') })
    expect(listing.path).toBe(dir)
    expect(listing.selected).toBe(path.join(dir, '100.hea'))
    expect(listFolder({ path: dir }).selected).toBeUndefined()
    fs.rmSync(path.join(dir, '100.hea'))
  })

  it('refuses a missing folder or a file with one sentence', () => {
    expect(() => listFolder({ path: path.join(dir, 'nope') })).toThrow(InputError)
    expect(() => listFolder({ path: path.join(dir, 'nope') })).toThrow(/^There is no folder at .*nope; pick another folder\.$/)
    expect(() => listFolder({ path: path.join(dir, 'b.csv') })).toThrow(/b\.csv is a file, not a folder; pick the folder that holds it\.$/)
  })
})
