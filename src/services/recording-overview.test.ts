import { describe, expect, it } from 'vitest'
import { OverviewBuilder } from './recording-overview.js'

const ramp = (n: number, from: number): Float32Array => Float32Array.from({ length: n }, (_, i) => from + i)

describe('OverviewBuilder', () => {
  it('takes each instant once from overlapping windows (the earlier one wins)', () => {
    const b = new OverviewBuilder(0, 3, 2, 100)
    b.push(0, ramp(4, 0)) // 0, 0.5, 1, 1.5 s
    b.push(1, ramp(4, 100)) // 1 … 2.5 s: the first two instants are already covered
    const r = b.result()
    expect(r.downsampled).toBe(false)
    expect(Array.from(r.times)).toEqual([0, 0.5, 1, 1.5, 2, 2.5])
    expect(Array.from(r.values)).toEqual([0, 1, 2, 3, 102, 103])
  })

  it('breaks the line with one NaN where windows leave a gap, and clips to the span', () => {
    const b = new OverviewBuilder(0.5, 5, 2, 100)
    b.push(0, ramp(2, 0))
    b.push(3, ramp(6, 10)) // 3 … 5.5 s, clipped at 5
    const r = b.result()
    expect(Array.from(r.times)).toEqual([0.5, 1, 3, 3.5, 4, 4.5])
    expect(Array.from(r.values)).toEqual([1, Number.NaN, 10, 11, 12, 13])
  })

  it('keeps min and max of each bucket in time order when the span has more samples than points', () => {
    const b = new OverviewBuilder(0, 10, 100, 100) // 1000 samples → 50 buckets of 0.2 s
    const x = new Float32Array(1000)
    x[205] = 9 // bucket 10: max after min
    x[210] = -4
    x[950] = Number.NaN // ignored
    b.push(0, x)
    const r = b.result()
    expect(r.downsampled).toBe(true)
    expect(r.values).toHaveLength(100)
    expect(Array.from(r.values.subarray(20, 22))).toEqual([9, -4])
    expect(r.times[20]).toBeCloseTo(2.05, 5)
    expect(r.times[21]).toBeCloseTo(2.1, 5)
    expect(Array.from(r.values).every(Number.isFinite)).toBe(true)
  })
})
