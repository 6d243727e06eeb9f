/**
 * The processes of `ecg-ssl bench --processes N`, run for real from the compiled worker in out/:
 * they measure and report, a failure comes back as one sentence, and, being job processes like
 * any other (spawnWorker + runWorkerEntry), they die with their parent instead of benchmarking on
 * as orphans.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt, ROOT } from '../../tests/cli/cli-helpers.js'
import { descendants, running } from '../../tests/helpers/processes.js'
import { runParallelBench } from '../model/parallel-bench.js'
import { forkBenchChild } from './bench-processes.js'

const WORKER = path.join(ROOT, 'out/src/jobs/parallel-bench-worker.js')
let dir: string

beforeAll(() => {
  ensureBuilt()
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-bench-processes-'))
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) return false
    await new Promise((r) => setTimeout(r, 50))
  }
  return true
}

describe('benchmark processes', () => {
  it('run the benchmark at once and report their figures', async () => {
    const r = await runParallelBench(2, { options: { suite: 'train', batch: 2, steps: 1, warmup: 1, length: 96 }, backend: 'wasm' }, forkBenchChild(WORKER))
    expect(r.per_process).toHaveLength(2)
    expect(r.backend).toBe('wasm')
    expect(r.device).toMatch(/WebAssembly/)
    for (const p of r.per_process) {
      expect(p.windows_per_s).toBeGreaterThan(0)
      expect(p.cpu_seconds).toBeGreaterThan(0)
      expect(p.max_rss_mb).toBeGreaterThan(10)
    }
    expect(r.windows_per_s).toBeGreaterThan(0)
  })

  it('report a process that fails in one sentence', async () => {
    // A 5-sample window is shorter than the encoder's first max-pool, so building the model fails.
    await expect(runParallelBench(1, { options: { suite: 'forward', batch: 2, steps: 1, length: 5 }, backend: 'wasm' }, forkBenchChild(WORKER)))
      .rejects.toThrow(/^a benchmark process failed: /)
  })

  it('end within seconds of their parent\'s death, in the middle of a long benchmark', async () => {
    const host = pathToFileURL(path.join(ROOT, 'out/src/jobs/bench-processes.js')).href
    const parentFile = path.join(dir, 'parent.mjs')
    // A parent that starts a benchmark far longer than the test and waits for it.
    fs.writeFileSync(parentFile, `import { forkBenchChild } from ${JSON.stringify(host)}
console.log('parent ' + process.pid)
forkBenchChild()({ options: { suite: 'train', batch: 8, steps: 100000, warmup: 0, length: 2560 }, backend: 'wasm' }).catch(() => undefined)
setInterval(() => {}, 1000)
`)
    const parent = spawn(process.execPath, [parentFile], { stdio: ['ignore', 'pipe', 'inherit'] })
    const pid = await new Promise<number>((resolve) => parent.stdout.on('data', (d: Buffer) => resolve(Number(/parent (\d+)/.exec(d.toString())?.[1]))))
    expect(await until(() => descendants(pid).length > 0, 10_000)).toBe(true)
    const children = descendants(pid)
    // Let it load its backend and get into its steps.
    await new Promise((r) => setTimeout(r, 3000))
    parent.kill('SIGKILL')
    try {
      expect(await until(() => children.every((c) => !running(c)), 5000)).toBe(true)
    } finally {
      for (const c of children) if (running(c)) process.kill(c, 'SIGKILL')
    }
  }, 60_000)
})
