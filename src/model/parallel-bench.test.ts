import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { aggregateBench, forkBenchChild, runParallelBench, type ProcessBenchResult } from './parallel-bench.js'

const result = (start: number, end: number, rate: number, cpu = 1): ProcessBenchResult => ({
  suite: 'train', backend: 'wasm', device: 'CPU (WebAssembly, SIMD, 1 thread)', windows_per_s: rate, batch: 64, steps: 2,
  cpu_seconds: cpu, wall_seconds: (end - start) / 1000, started_at_ms: start, ended_at_ms: end, max_rss_mb: 100,
})

describe('aggregateBench', () => {
  it('adds simultaneous runs over their common wall time', () => {
    const a = aggregateBench([result(1000, 11_000, 12.8), result(1000, 11_000, 12.8)])
    expect(a.processes).toBe(2)
    expect(a.windows_per_s).toBeCloseTo(256 / 10)
    expect(a.sum_windows_per_s).toBeCloseTo(25.6)
    expect(a.overlap).toBe(1)
    expect(a.cpu_seconds).toBe(2)
  })

  it('counts a late start against the aggregate instead of inflating it', () => {
    const a = aggregateBench([result(0, 10_000, 12.8), result(5000, 15_000, 12.8)])
    expect(a.windows_per_s).toBeCloseTo(256 / 15)
    expect(a.sum_windows_per_s).toBeCloseTo(25.6)
    expect(a.overlap).toBeCloseTo(5 / 15)
  })

  it('needs at least one result', () => {
    expect(() => aggregateBench([])).toThrow(/no benchmark results/)
  })
})

describe('runParallelBench', () => {
  it('starts one child per process with the same request', async () => {
    const requests: unknown[] = []
    const r = await runParallelBench(3, { options: { suite: 'forward', steps: 2 }, backend: 'wasm' }, (request) => {
      requests.push(request)
      return Promise.resolve(result(0, 1000, 128))
    })
    expect(requests).toEqual(Array(3).fill({ options: { suite: 'forward', steps: 2 }, backend: 'wasm' }))
    expect(r.processes).toBe(3)
  })

  it('forks real benchmark processes (compiled worker in out/)', async () => {
    const worker = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/src/model/parallel-bench-worker.js')
    expect(fs.existsSync(worker), `${worker} is built by tsc -p tsconfig.json`).toBe(true)
    const r = await runParallelBench(2, { options: { suite: 'train', batch: 2, steps: 1, warmup: 1, length: 96 }, backend: 'wasm' }, forkBenchChild(worker))
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

  it('reports a child that fails in one sentence', async () => {
    const worker = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/src/model/parallel-bench-worker.js')
    // A 5-sample window is shorter than the encoder's first max-pool, so building the model fails.
    await expect(runParallelBench(1, { options: { suite: 'forward', batch: 2, steps: 1, length: 5 }, backend: 'wasm' }, forkBenchChild(worker)))
      .rejects.toThrow(/^a benchmark process failed: /)
  })
})
