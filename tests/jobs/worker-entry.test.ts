/**
 * The one skeleton of job processes (src/jobs/worker-entry.ts) and the one way they are forked
 * (src/jobs/spawn-worker.ts), run for real: an entry written only as { commands, run, failure }
 * gets its first start command, hears a cancel, reports its failure in its own words, ignores
 * what is not its command, exits when done, dies with its parent even while it computes without
 * yielding, and receives typed arrays intact through the spawned channel.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, ROOT } from '../cli/cli-helpers.js'
import { running } from '../helpers/processes.js'

let dir: string
let entryFile: string
let spawnWorker: (file: string) => ChildProcess

beforeAll(async () => {
  ensureBuilt()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-worker-entry-'))
  const helper = pathToFileURL(path.join(ROOT, 'out/src/jobs/worker-entry.js')).href
  // A schema-like parser without zod (the file lives outside the repository's node_modules).
  entryFile = path.join(dir, 'entry.mjs')
  fs.writeFileSync(entryFile, `import { runWorkerEntry } from ${JSON.stringify(helper)}
let runs = 0
runWorkerEntry({
  commands: { safeParse: (v) => (v !== null && typeof v === 'object' && ['go', 'spin', 'echo', 'cancel'].includes(v.type) ? { success: true, data: v } : { success: false }) },
  async run(command, { signal, send }) {
    runs += 1
    if (command.type === 'echo') return send({ type: 'echoed', data: command.data, isFloat32: command.data instanceof Float32Array })
    if (command.type === 'spin') {
      send({ type: 'spinning', pid: process.pid })
      // computes forever without yielding, once the message had time to leave
      return new Promise(() => setTimeout(() => { for (;;) {} }, 300))
    }
    send({ type: 'started', runs })
    await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('stopped'))))
  },
  failure: (error, command) => ({ type: 'failed', id: command.id, message: error.message, aborted: true }),
})
`)
  ;({ spawnWorker } = (await import(pathToFileURL(path.join(ROOT, 'out/src/jobs/spawn-worker.js')).href)) as { spawnWorker: (file: string) => ChildProcess })
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** The messages a child sent until it exited, and its exit code. */
function collect(child: ChildProcess): { messages: unknown[]; exit: Promise<number | null> } {
  const messages: unknown[] = []
  child.on('message', (m) => messages.push(m))
  return { messages, exit: new Promise((resolve) => child.on('exit', (code) => resolve(code))) }
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('runWorkerEntry + spawnWorker', () => {
  it('runs the first start command once, cancels it, reports the failure and exits', async () => {
    const child = spawnWorker(entryFile)
    const { messages, exit } = collect(child)
    child.send({ type: 'not-ours' })
    child.send({ type: 'go', id: 1 })
    child.send({ type: 'go', id: 2 })
    await until(() => messages.length > 0)
    child.send({ type: 'cancel' })
    expect(await exit).toBe(0)
    expect(messages).toEqual([{ type: 'started', runs: 1 }, { type: 'failed', id: 1, message: 'stopped', aborted: true }])
  }, 30_000)

  it('forks with structured-clone serialization: a Float32Array arrives as one', async () => {
    const child = spawnWorker(entryFile)
    const { messages, exit } = collect(child)
    child.send({ type: 'echo', data: new Float32Array([1.5, -2]) })
    expect(await exit).toBe(0)
    expect(messages).toHaveLength(1)
    const echoed = messages[0] as { data: unknown; isFloat32: boolean }
    expect(echoed.isFloat32).toBe(true)
    expect(Array.from(echoed.data as Float32Array)).toEqual([1.5, -2])
  }, 30_000)

  it('starts the parent watchdog: a job computing without yielding dies within 3 s of its parent', async () => {
    const spawner = pathToFileURL(path.join(ROOT, 'out/src/jobs/spawn-worker.js')).href
    const parentFile = path.join(dir, 'parent.mjs')
    fs.writeFileSync(parentFile, `import { spawnWorker } from ${JSON.stringify(spawner)}
const child = spawnWorker(${JSON.stringify(entryFile)})
child.on('message', (m) => console.log('job ' + m.pid))
child.send({ type: 'spin' })
setInterval(() => {}, 1000)
`)
    const parent = spawn(process.execPath, [parentFile], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    parent.stdout.on('data', (d: Buffer) => (out += d.toString()))
    await until(() => /job \d+/.test(out))
    const pid = Number(/job (\d+)/.exec(out)![1])
    parent.kill('SIGKILL')
    try {
      await until(() => !running(pid), 3000)
    } finally {
      if (running(pid)) process.kill(pid, 'SIGKILL')
    }
    expect(running(pid)).toBe(false)
  }, 30_000)
})
