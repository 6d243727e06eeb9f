/**
 * Browser mode over real sockets: token, loopback binding, safe static paths, the API and binary
 * values through the renderer's own WebSocket transport, and job events pushed to the page.
 */
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WebSocket } from 'ws'
import type { JobEvent } from '../../src/contracts/api.js'
import { CONTENT_SECURITY_POLICY } from '../../electron/security.js'
import { startWorkbenchServer, type WorkbenchServer } from '../../src/server/server.js'
import { openStore, type Store } from '../../src/store/store.js'
import { createWebSocketTransport, socketUrl, type SocketLike } from '../../renderer/src/api/ws-transport.js'
import type { Transport } from '../../renderer/src/api/transport.js'
import { ROOT, ensureBuilt } from '../cli/cli-helpers.js'
import { writeCsvDataset, type CsvDataset } from '../e2e/csv-dataset.js'

interface Answer {
  readonly status: number
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
}

function get(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A raw request so that paths like /../x reach the server unnormalised.
    const req = http.request({ host: '127.0.0.1', port, path: urlPath, headers: { host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Tries a socket upgrade; resolves with 'open' or the refusal. */
function tryUpgrade(url: string, origin: string | undefined): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin === undefined ? {} : { origin })
    ws.on('open', () => {
      ws.close()
      resolve('open')
    })
    ws.on('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`))
    ws.on('error', (e) => resolve(`error ${e.message}`))
  })
}

describe('browser mode (ecg-ssl serve)', () => {
  let dir: string
  let store: Store
  let server: WorkbenchServer
  let transport: Transport
  let dataset: CsvDataset
  const TOKEN = 'a'.repeat(48)

  beforeAll(async () => {
    ensureBuilt()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-serve-'))
    const rendererDir = path.join(dir, 'renderer')
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true })
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>workbench</title>')
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'export {}')
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'do not serve')
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(rendererDir, 'assets', 'link.txt'))
    dataset = writeCsvDataset(path.join(dir, 'data'))
    const dbPath = path.join(dir, 'store.sqlite')
    store = openStore(dbPath)
    server = await startWorkbenchServer({ store, dbPath, rendererDir, token: TOKEN, workerFile: path.join(ROOT, 'out/src/jobs/import-worker.js'), eventIntervalMs: 50 })
    const origin = `http://127.0.0.1:${server.port}`
    transport = createWebSocketTransport(socketUrl(server.url), (url) => new WebSocket(url, { origin }) as unknown as SocketLike)
  })
  afterAll(async () => {
    await server.close()
    store.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('listens on 127.0.0.1 only and prints a URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${TOKEN}`)
    const other = Object.values(os.networkInterfaces()).flat().find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)
    if (other !== undefined) {
      // Another interface of this machine must not reach the server.
      return new Promise<void>((resolve) => {
        const req = http.get({ host: other.address, port: server.port, path: `/?token=${TOKEN}` }, () => resolve(expect.fail('reachable off loopback')))
        req.on('error', (e: NodeJS.ErrnoException) => {
          expect(e.code).toBe('ECONNREFUSED')
          resolve()
        })
      })
    }
  })

  it('serves the page only with the right token, with the CSP, then by cookie', async () => {
    expect((await get(server.port, '/')).status).toBe(403)
    expect((await get(server.port, '/?token=wrong')).status).toBe(403)
    const wrong = await get(server.port, `/?token=${'b'.repeat(48)}`)
    expect(wrong.status).toBe(403)
    expect(wrong.body).toMatch(/needs the link printed by "ecg-ssl serve"/)
    const page = await get(server.port, `/?token=${TOKEN}`)
    expect(page.status).toBe(200)
    expect(page.body).toContain('<title>workbench</title>')
    // The desktop window's policy, word for word.
    expect(page.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    const cookie = String(page.headers['set-cookie']?.[0]).split(';')[0] ?? ''
    expect(cookie).toBe(`ecg_ssl_token=${TOKEN}`)
    const asset = await get(server.port, '/assets/app.js', { cookie })
    expect(asset.status).toBe(200)
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/)
  })

  it('refuses other Host names (DNS rebinding) and paths outside the build', async () => {
    expect((await get(server.port, `/?token=${TOKEN}`, { host: `evil.example:${server.port}` })).status).toBe(403)
    for (const p of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/assets/link.txt', '/%00', '/assets/..%5c..%5csecret.txt']) {
      const answer = await get(server.port, `${p}${p.includes('?') ? '&' : '?'}token=${TOKEN}`)
      expect(answer.status, p).toBe(404)
      expect(answer.body).not.toContain('do not serve')
    }
  })

  it('opens the API socket only with the token and from its own origin', async () => {
    const base = `ws://127.0.0.1:${server.port}/api`
    const own = `http://127.0.0.1:${server.port}`
    expect(await tryUpgrade(base, own)).toBe('refused 403')
    expect(await tryUpgrade(`${base}?token=nope`, own)).toBe('refused 403')
    expect(await tryUpgrade(`${base}?token=${TOKEN}`, 'http://evil.example')).toBe('refused 403')
    expect(await tryUpgrade(`${base}?token=${TOKEN}`, undefined)).toBe('refused 403')
    expect(await tryUpgrade(`${base}?token=${TOKEN}`, own)).toBe('open')
  })

  it('answers API calls over the socket, errors as the router sentence', async () => {
    expect(await transport.invoke('datasets:list', {})).toEqual({ ok: true, value: [] })
    const listing = await transport.invoke('files:list', { path: dataset.folder })
    expect(listing.ok && (listing.value as { entries: Array<{ name: string }> }).entries.map((e) => e.name)).toEqual(['S1', 'S2', 'S3'])
    expect(await transport.invoke('datasets:get', { name: 'nope' })).toMatchObject({ ok: false, error: expect.stringMatching(/nope/) as unknown })
    expect(await transport.invoke('shell:exec', {})).toEqual({ ok: false, error: 'Unknown request "shell:exec".' })
  })

  it('runs an import in a child process, pushes its events, and sends samples as Float32Array', async () => {
    const events: JobEvent[] = []
    const finished = new Promise<JobEvent>((resolve) => {
      transport.subscribe('jobs:event', (payload) => {
        const event = payload as JobEvent
        events.push(event)
        if (event.type !== 'progress') resolve(event)
      })
    })
    const started = await transport.invoke('datasets:import', { kind: 'csv', path: dataset.folder, labels: dataset.labels, fs: dataset.fs, name: 'lab' })
    expect(started.ok).toBe(true)
    const final = await finished
    expect(final.type).toBe('done')
    if (final.type === 'done') {
      expect(final.report.windows).toBe(16)
      expect(final.report.skipped.map((s) => s.item)).toEqual(['S3/notes.csv'])
    }
    expect(events.some((e) => e.type === 'progress')).toBe(true)
    expect(events.at(-1)).toBe(final)

    const samples = await transport.invoke('windows:samples', { name: 'lab', index: 5 })
    expect(samples.ok).toBe(true)
    const direct = await server.router.handle('windows:samples', { name: 'lab', index: 5 })
    if (samples.ok && direct.ok) {
      expect(samples.value).toBeInstanceOf(Float32Array)
      expect(samples.value).toEqual(direct.value)
      expect((samples.value as Float32Array).length).toBe(2560)
    }
  })

  it('refuses a second server on the same port with one sentence', async () => {
    await expect(startWorkbenchServer({ store, dbPath: path.join(dir, 'x.sqlite'), rendererDir: dir, port: server.port })).rejects.toThrow(
      `Port ${server.port} is already in use; choose another with --port, or leave --port out to take a free one.`,
    )
  })
})
