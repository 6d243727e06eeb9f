/**
 * The end-to-end harness: a real `ecg-ssl serve` on a temporary database, Debian's Chromium driven
 * by playwright-core, and screenshots of each step in test-output/e2e/. Other journeys (review,
 * tune, experiments) reuse startServer, openPage and screenshot from their own *.e2e.ts files.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'

/** The package root (the nearest package.json above), whether this runs from tests/ or out/tests/. */
export const ROOT = ((): string => {
  let dir = path.dirname(fileURLToPath(import.meta.url))
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir)
  return dir
})()
export const SCREENSHOT_DIR = path.join(ROOT, 'test-output', 'e2e')
/** Debian's Chromium; CHROMIUM_PATH overrides it elsewhere. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface RunningServer {
  readonly url: string
  readonly port: number
  readonly dbPath: string
  /** A temporary folder for the test's own files (removed by stop). */
  readonly dir: string
  /** Everything the server wrote on stderr, for failure messages. */
  stderr(): string
  stop(): Promise<void>
}

/**
 * Starts `ecg-ssl serve --no-open --port 0` on a fresh database in a temporary folder, using the
 * built app (run `npm run build` first; `npm run test:e2e` does). Resolves with the printed URL.
 */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<RunningServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-e2e-'))
  const dbPath = path.join(dir, 'workbench.sqlite')
  if (!fs.existsSync(path.join(ROOT, 'out', 'renderer', 'index.html'))) throw new Error('out/renderer is missing: run "npm run build" first (npm run test:e2e does).')
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'bin', 'ecg-ssl.js'), '--db', dbPath, 'serve', '--no-open', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ecg-ssl serve printed no URL within 30 s; stderr: ${err}`)), 30_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+/.exec(out)
      if (found !== null) {
        clearTimeout(timer)
        resolve(found[0])
      }
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`ecg-ssl serve exited with ${code ?? 'a signal'} before printing its URL: ${err}`))
    })
  })
  return {
    url,
    port: Number(new URL(url).port),
    dbPath,
    dir,
    stderr: () => err,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
        child.kill('SIGINT')
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface OpenPage {
  readonly browser: Browser
  readonly page: Page
  /** Console errors, page errors and CSP violations seen so far (the journey asserts none). */
  readonly problems: string[]
  close(): Promise<void>
}

/** Launches headless Chromium and opens the server's URL. */
export async function openPage(server: RunningServer, viewport = { width: 1280, height: 860 }): Promise<OpenPage> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] })
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 })
  const problems: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`)
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  await page.goto(server.url)
  return { browser, page, problems, close: () => browser.close() }
}

/** Saves a full-page screenshot as test-output/e2e/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const file = path.join(SCREENSHOT_DIR, `${name}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}
