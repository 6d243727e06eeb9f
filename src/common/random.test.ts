import { describe, expect, it } from 'vitest'
import { Purpose, SplitRandom, hashIndices, mix32 } from './random.js'

function draws(rng: SplitRandom, count: number): number[] {
  return Array.from({ length: count }, () => rng.nextUint32())
}

describe('SplitRandom', () => {
  it('gives the same stream for the same key, whatever was drawn before', () => {
    const a = new SplitRandom({ seed: 7, epoch: 3, window: 11, purpose: Purpose.noise })
    const b = new SplitRandom({ seed: 99, epoch: 0, window: 0, purpose: Purpose.warp })
    draws(b, 1000)
    b.reseed(7, 3, 11, Purpose.noise)
    expect(draws(b, 64)).toEqual(draws(a, 64))
  })

  it('gives different streams when seed, epoch, window or purpose differ (also above 2^32)', () => {
    const first = (seed: number, epoch: number, window: number, purpose: number): number[] => draws(new SplitRandom({ seed, epoch, window, purpose }), 8)
    const base = first(1, 2, 3, 1)
    const others = [first(2, 2, 3, 1), first(1, 3, 3, 1), first(1, 2, 4, 1), first(1, 2, 3, 2), first(1 + 2 ** 32, 2, 3, 1)]
    for (const o of others) expect(o).not.toEqual(base)
    const all = new Set([base, ...others].flat())
    expect(all.size).toBe(48)
  })

  it('rejects keys that are not non-negative safe integers', () => {
    expect(() => new SplitRandom({ seed: -1, epoch: 0, window: 0, purpose: 1 })).toThrow(RangeError)
    expect(() => new SplitRandom({ seed: 1.5, epoch: 0, window: 0, purpose: 1 })).toThrow(RangeError)
  })

  it('draws uniform floats in [0, 1) and integers in [0, n) evenly', () => {
    const rng = new SplitRandom({ seed: 1, epoch: 0, window: 0, purpose: 1 })
    const count = 200_000
    let sum = 0
    let sq = 0
    let outside = 0
    for (let i = 0; i < count; i++) {
      const u = rng.float()
      if (!(u >= 0 && u < 1)) outside++
      sum += u
      sq += u * u
    }
    expect(outside).toBe(0)
    expect(sum / count).toBeCloseTo(0.5, 2)
    expect(sq / count - (sum / count) ** 2).toBeCloseTo(1 / 12, 2)
    const bins = new Array<number>(7).fill(0)
    for (let i = 0; i < 70_000; i++) bins[rng.int(7)]!++
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500)
  })

  it('draws standard normals (moments, tails) and fillGaussian repeats gaussian()', () => {
    const rng = new SplitRandom({ seed: 5, epoch: 1, window: 2, purpose: Purpose.noise })
    const g = rng.fillGaussian(new Float64Array(400_000))
    let m1 = 0
    let m2 = 0
    let m3 = 0
    let m4 = 0
    let beyond2 = 0
    for (const v of g) {
      m1 += v
      m2 += v * v
      m3 += v * v * v
      m4 += v * v * v * v
      if (Math.abs(v) > 2) beyond2++
    }
    const n = g.length
    expect(Math.abs(m1 / n)).toBeLessThan(0.01)
    expect(Math.abs(m2 / n - 1)).toBeLessThan(0.01)
    expect(Math.abs(m3 / n)).toBeLessThan(0.03)
    expect(Math.abs(m4 / n - 3)).toBeLessThan(0.06)
    expect(Math.abs(beyond2 / n - 0.0455)).toBeLessThan(0.002)
    const again = new SplitRandom({ seed: 5, epoch: 1, window: 2, purpose: Purpose.noise })
    for (let i = 0; i < 5000; i++) expect(again.gaussian()).toBe(g[i])
  })

  it('permutes and chooses without replacement', () => {
    const rng = new SplitRandom({ seed: 3, epoch: 0, window: 0, purpose: 2 })
    const p = Array.from(rng.permutation(21)).sort((a, b) => a - b)
    expect(p).toEqual(Array.from({ length: 21 }, (_, i) => i))
    const counts = new Array<number>(9).fill(0)
    for (let t = 0; t < 9000; t++) {
      const c = Array.from(rng.choice(9, 5))
      expect(new Set(c).size).toBe(5)
      for (const v of c) {
        expect(v >= 0 && v < 9).toBe(true)
        counts[v]!++
      }
    }
    // Each element is chosen with probability 5/9.
    for (const c of counts) expect(Math.abs(c - 5000)).toBeLessThan(250)
  })

  it('hashes index lists by content and order', () => {
    expect(hashIndices([1, 2, 3])).toBe(hashIndices([1, 2, 3]))
    expect(hashIndices([1, 2, 3])).not.toBe(hashIndices([3, 2, 1]))
    expect(hashIndices([])).not.toBe(hashIndices([0]))
    expect(mix32(0)).toBe(0)
    expect(mix32(1)).not.toBe(mix32(2))
  })
})
