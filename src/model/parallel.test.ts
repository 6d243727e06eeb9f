import { describe, expect, it } from 'vitest'
import { dataParallelWorkers, parallelTrainingProcesses, runPool } from './parallel.js'

const GB = 1024 ** 3

describe('parallelTrainingProcesses', () => {
  it('runs one wasm process per core, up to the number of jobs', () => {
    expect(parallelTrainingProcesses({ backend: 'wasm', jobs: 10, cpus: 4, freeMemoryBytes: 64 * GB }).processes).toBe(4)
    expect(parallelTrainingProcesses({ backend: 'wasm', jobs: 3, cpus: 8, freeMemoryBytes: 64 * GB }).processes).toBe(3)
    expect(parallelTrainingProcesses({ backend: 'cpu', jobs: 10, cpus: 2, freeMemoryBytes: 64 * GB }).processes).toBe(2)
  })

  it('keeps within free memory but always allows one', () => {
    const plan = parallelTrainingProcesses({ backend: 'wasm', jobs: 10, cpus: 16, freeMemoryBytes: 5 * GB, bytesPerProcess: 2 * GB })
    expect(plan.processes).toBe(2)
    expect(plan.reason).toMatch(/free memory/)
    expect(parallelTrainingProcesses({ backend: 'wasm', jobs: 10, cpus: 16, freeMemoryBytes: 0.5 * GB, bytesPerProcess: 2 * GB }).processes).toBe(1)
  })

  it('runs native backends one at a time and says why', () => {
    const node = parallelTrainingProcesses({ backend: 'node', jobs: 10, cpus: 16, freeMemoryBytes: 64 * GB })
    expect(node.processes).toBe(1)
    expect(node.reason).toMatch(/already uses every core/)
    expect(parallelTrainingProcesses({ backend: 'gpu', jobs: 10, cpus: 16 }).processes).toBe(1)
  })

  it('names the limit in its reason', () => {
    expect(parallelTrainingProcesses({ backend: 'wasm', jobs: 10, cpus: 2, freeMemoryBytes: 64 * GB }).reason)
      .toBe('2 processes at once: the wasm backend computes on one thread per process; limited by 2 cores')
  })
})

describe('runPool', () => {
  const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 2))

  it('keeps at most `limit` running and returns results in order', async () => {
    let running = 0
    let peak = 0
    const out = await runPool([5, 1, 4, 2, 3], 2, async (v, i) => {
      running++
      peak = Math.max(peak, running)
      for (let k = 0; k < v; k++) await tick()
      running--
      return `${i}:${v}`
    })
    expect(out).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3'])
    expect(peak).toBe(2)
  })

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = []
    await expect(runPool([0, 1, 2, 3, 4], 1, async (v) => {
      started.push(v)
      await tick()
      if (v === 1) throw new Error('fold 1 failed')
      return v
    })).rejects.toThrow('fold 1 failed')
    expect(started).toEqual([0, 1])
  })

  it('handles no items', async () => {
    expect(await runPool([], 4, () => Promise.resolve(1))).toEqual([])
  })
})

describe('dataParallelWorkers', () => {
  it('one per core for the single-threaded backends, limited by memory at 1.4 GB (+ headroom) each', () => {
    expect(dataParallelWorkers({ backend: 'wasm', cpus: 8, freeMemoryBytes: 64 * GB })).toMatchObject({ processes: 8, reason: expect.stringContaining('8 cores') as unknown })
    expect(dataParallelWorkers({ backend: 'cpu', cpus: 2, freeMemoryBytes: 64 * GB }).processes).toBe(2)
    const tight = dataParallelWorkers({ backend: 'wasm', cpus: 16, freeMemoryBytes: 5 * GB })
    expect(tight.processes).toBe(3)
    expect(tight.reason).toContain('5.0 GB free memory')
    expect(dataParallelWorkers({ backend: 'wasm', cpus: 4, freeMemoryBytes: 0.5 * GB }).processes).toBe(1)
  })

  it('one for the backends that use every core or a GPU by themselves', () => {
    for (const backend of ['gpu', 'webgpu', 'node'] as const) expect(dataParallelWorkers({ backend, cpus: 8, freeMemoryBytes: 64 * GB }).processes).toBe(1)
  })
})
