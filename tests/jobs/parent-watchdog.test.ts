/**
 * A job process stuck in one long synchronous computation (as a WebAssembly training step is)
 * still ends within 3 s of its parent's SIGKILL: the parent watchdog's thread kills it. Without
 * the watchdog, the same process outlives its parent (the control case), so the test can fail.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, ROOT } from '../cli/cli-helpers.js'
import { running } from '../helpers/processes.js'

let dir: string

beforeAll(() => {
  ensureBuilt()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-watchdog-'))
  const watchdog = pathToFileURL(path.join(ROOT, 'out/src/jobs/parent-watchdog.js')).href
  // the job: starts the watchdog (unless told not to), then computes forever without yielding
  fs.writeFileSync(path.join(dir, 'job.mjs'), `import { watchParent } from ${JSON.stringify(watchdog)}
if (process.env.NO_WATCHDOG !== '1') watchParent()
setTimeout(() => { console.log('busy'); for (;;) {} }, 300)
`)
  // the parent: starts the job, prints its pid, and waits
  fs.writeFileSync(path.join(dir, 'parent.mjs'), `import { spawn } from 'node:child_process'
const job = spawn(process.execPath, [${JSON.stringify(path.join(dir, 'job.mjs'))}], { stdio: ['ignore', 'inherit', 'inherit'] })
console.log('job ' + job.pid)
setInterval(() => {}, 1000)
`)
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

/** Starts parent → job, waits until the job computes, SIGKILLs the parent; returns the job's pid. */
async function killParentOfBusyJob(env: Record<string, string>): Promise<number> {
  const parent = spawn(process.execPath, [path.join(dir, 'parent.mjs')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  await new Promise<void>((resolve) => parent.stdout.on('data', (d: Buffer) => {
    out += d.toString()
    if (out.includes('busy')) resolve()
  }))
  const pid = Number(/job (\d+)/.exec(out)![1])
  parent.kill('SIGKILL')
  return pid
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (!running(pid)) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return !running(pid)
}

describe('parent watchdog', () => {
  it('ends a busy job process within 3 s of its parent\'s death', async () => {
    const pid = await killParentOfBusyJob({})
    expect(await waitUntilGone(pid, 3000)).toBe(true)
  }, 30_000)

  it('control: without it the busy job outlives its parent', async () => {
    const pid = await killParentOfBusyJob({ NO_WATCHDOG: '1' })
    try {
      expect(await waitUntilGone(pid, 3000)).toBe(false)
    } finally {
      process.kill(pid, 'SIGKILL')
    }
  }, 30_000)
})
