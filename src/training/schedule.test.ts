import { describe, expect, it } from 'vitest'
import { simulateSchedule } from './schedule.js'

describe('schedule', () => {
  it('runs each process\'s items in order and processes side by side', () => {
    const r = simulateSchedule([
      { process: 0, seconds: 10, threads: 1 },
      { process: 0, seconds: 5, threads: 1 },
      { process: 1, seconds: 12, threads: 1 },
    ], 2)
    expect(Array.from(r.ends)).toEqual([10, 15, 12])
    expect(r.seconds).toBe(15)
  })

  it('makes an item wait for the one it depends on', () => {
    const r = simulateSchedule([
      { process: 0, seconds: 10, threads: 1 },
      { process: 1, seconds: 2, threads: 1 },
      { process: 1, seconds: 3, threads: 1, after: 0 },
    ], 2)
    expect(Array.from(r.ends)).toEqual([10, 2, 13])
  })

  it('shares the cores when more threads are busy than there are cores', () => {
    // 2 data-parallel threads + 1 helper thread on 2 cores: each runs at 2/3 speed while all are busy
    const r = simulateSchedule([
      { process: 0, seconds: 10, threads: 2 },
      { process: 1, seconds: 10, threads: 1 },
    ], 2)
    expect(r.ends[0]).toBeCloseTo(15, 9)
    expect(r.ends[1]).toBeCloseTo(15, 9)
    expect(simulateSchedule([{ process: 0, seconds: 4, threads: 1 }, { process: 1, seconds: 4, threads: 1 }], 1).seconds).toBeCloseTo(8, 9)
  })

  it('is empty for no items', () => {
    expect(simulateSchedule([], 4).seconds).toBe(0)
  })
})
