import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isLoopbackHost, isOwnOrigin, sameToken } from './auth.js'
import { openerCommand } from './open-browser.js'
import { resolveStaticPath } from './static-files.js'

describe('static file paths of browser mode', () => {
  let root: string
  let outside: string
  beforeAll(() => {
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-static-'))
    root = path.join(outside, 'renderer')
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true })
    fs.writeFileSync(path.join(root, 'index.html'), 'x')
    fs.writeFileSync(path.join(root, 'assets', 'a b.js'), 'x')
    fs.writeFileSync(path.join(outside, 'secret'), 'x')
    fs.symlinkSync(path.join(outside, 'secret'), path.join(root, 'assets', 'link'))
  })
  afterAll(() => fs.rmSync(outside, { recursive: true, force: true }))

  it('maps / to index.html and decodes names', () => {
    expect(resolveStaticPath(root, '/')).toBe(fs.realpathSync(path.join(root, 'index.html')))
    expect(resolveStaticPath(root, '/assets/a%20b.js')).toBe(fs.realpathSync(path.join(root, 'assets', 'a b.js')))
  })

  it('refuses anything that leaves the folder, folders, missing files and bad encodings', () => {
    for (const p of ['/../secret', '/..%2fsecret', '/%2e%2e/secret', '/assets/../../secret', '/assets/link', '/assets', '/nope.js', '/%E0%A4%A', '/a%00b', '/..\\secret', '//etc/passwd']) {
      expect(resolveStaticPath(root, p), p).toBeUndefined()
    }
  })
})

describe('browser-mode access checks', () => {
  it('compares tokens exactly', () => {
    expect(sameToken('abc', 'abc')).toBe(true)
    expect(sameToken('abd', 'abc')).toBe(false)
    expect(sameToken('ab', 'abc')).toBe(false)
    expect(sameToken(undefined, 'abc')).toBe(false)
  })

  it('accepts only loopback host names and our own origin on our port', () => {
    expect(isLoopbackHost('127.0.0.1:8000', 8000)).toBe(true)
    expect(isLoopbackHost('localhost:8000', 8000)).toBe(true)
    expect(isLoopbackHost('127.0.0.1:8001', 8000)).toBe(false)
    expect(isLoopbackHost('attacker.example:8000', 8000)).toBe(false)
    expect(isLoopbackHost(undefined, 8000)).toBe(false)
    expect(isOwnOrigin('http://127.0.0.1:8000', 8000)).toBe(true)
    expect(isOwnOrigin('http://attacker.example', 8000)).toBe(false)
    expect(isOwnOrigin('null', 8000)).toBe(false)
  })

  it('opens links with the platform opener', () => {
    expect(openerCommand('linux').command).toBe('xdg-open')
    expect(openerCommand('darwin').command).toBe('open')
    expect(openerCommand('win32')).toEqual({ command: 'cmd', args: ['/c', 'start', '""'] })
  })
})
