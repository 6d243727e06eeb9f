/**
 * Running the CLI in tests: in-process through main() with captured output, or as a real child
 * process through bin/ecg-ssl.js (which needs out/, built here when missing or stale).
 */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { main } from '../../src/cli/main.js'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export { SHARED_DATA } from '../helpers/shared-data.js'

export interface CliResult {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs main() in this process with captured stdout/stderr and the given environment. */
export async function runCli(args: readonly string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const code = await main(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    stderrIsTTY: false,
    stderrStream: new PassThrough(),
    env,
  })
  return { code, stdout, stderr }
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs)
  }
  return newest
}

function isFresh(entry: string): boolean {
  return fs.existsSync(entry) && fs.statSync(entry).mtimeMs >= newestMtime(path.join(ROOT, 'src'))
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/**
 * Builds out/ with tsc unless out/src/cli/main.js is newer than every source file (`npm test`
 * builds first, so this only runs when vitest is started on its own). A lock folder keeps two
 * test files from running tsc into out/ at the same time.
 */
export function ensureBuilt(): void {
  const entry = path.join(ROOT, 'out/src/cli/main.js')
  if (isFresh(entry)) return
  const lock = path.join(os.tmpdir(), 'ecg-ssl-test-build.lock')
  const deadline = Date.now() + 180_000
  for (;;) {
    try {
      fs.mkdirSync(lock)
      break
    } catch {
      // another test file is building; stale locks (older than 3 min) are taken over
      const held = fs.statSync(lock, { throwIfNoEntry: false })
      if (Date.now() > deadline || (held !== undefined && Date.now() - held.mtimeMs > 180_000)) break
      sleepSync(200)
    }
  }
  try {
    if (isFresh(entry)) return
    try {
      execFileSync(path.join(ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'pipe' })
    } catch {
      // tsc still emits JavaScript when another part of the project has type errors
    }
    if (!fs.existsSync(entry)) throw new Error('tsc did not produce out/src/cli/main.js')
  } finally {
    fs.rmSync(lock, { recursive: true, force: true })
  }
}

/** Spawns `node bin/ecg-ssl.js …` from the project root with the project's Node. */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}, onStart?: (child: ReturnType<typeof spawn>) => void): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/ecg-ssl.js', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code: code ?? (signal === null ? -1 : 128), stdout, stderr }))
    onStart?.(child)
  })
}

/** Asserts the CLI's error contract: one line on stderr starting "error: ", no stack trace. */
export function expectOneErrorLine(r: CliResult): string {
  const lines = r.stderr.split('\n').filter((l) => l !== '')
  if (lines.length !== 1) throw new Error(`expected one stderr line, got ${lines.length}:\n${r.stderr}`)
  const line = lines[0] ?? ''
  if (!line.startsWith('error: ')) throw new Error(`stderr does not start with "error: ": ${line}`)
  if (/\n\s+at |\bat .*\.(js|ts):\d+/.test(r.stderr)) throw new Error(`stderr holds a stack trace: ${r.stderr}`)
  return line
}
