import { describe, expect, it } from 'vitest'
import { aggregateBench, runParallelBench, type ProcessBenchResult } from './parallel-bench.js'

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

// The real processes (jobs/parallel-bench-worker.ts) are tested in src/jobs/bench-processes.test.ts.
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
})
