import { describe, expect, it } from 'vitest'
import { PretextBatchBuilder } from './pretext-batch.js'
import { WindowTransformer } from './transforms.js'

const n = 512
function windows(count: number): Float32Array[] {
  return Array.from({ length: count }, (_, w) => Float32Array.from({ length: n }, (_, i) => Math.sin((i + 1) * (w + 1) * 0.01) + w))
}

describe('PretextBatchBuilder', () => {
  it('turns B windows into 7B shuffled samples with one-hot targets matching the variant placed there', () => {
    const ws = windows(5)
    const indices = [10, 3, 7, 42, 0]
    const builder = new PretextBatchBuilder(n, 11, { permutePieces: 8, warpPieces: 5 })
    const batch = builder.build(ws, indices, 2)
    expect(batch.size).toBe(35)
    expect(batch.x.length).toBe(35 * n)
    expect(batch.y.length).toBe(35 * 7)
    const t = new WindowTransformer(n, { permutePieces: 8, warpPieces: 5 })
    const expected = new Float32Array(7 * n)
    const seen = new Set<string>()
    for (let r = 0; r < batch.size; r++) {
      const y = Array.from(batch.y.subarray(r * 7, r * 7 + 7))
      expect(y.reduce((a, b) => a + b, 0)).toBe(1)
      const v = y.indexOf(1)
      expect(batch.variant[r]).toBe(v)
      const w = indices.indexOf(batch.source[r]!)
      expect(w).toBeGreaterThanOrEqual(0)
      seen.add(`${w}:${v}`)
      t.transform(ws[w]!, 11, 2, indices[w]!, expected)
      expect(batch.x.subarray(r * n, (r + 1) * n)).toEqual(expected.subarray(v * n, (v + 1) * n))
    }
    expect(seen.size).toBe(35)
    // Shuffled: not in generation order.
    expect(Array.from(batch.variant).some((v, r) => v !== r % 7)).toBe(true)
  })

  it('is deterministic from (seed, epoch, indices) and reuses a given batch', () => {
    const ws = windows(3)
    const a = new PretextBatchBuilder(n, 5).build(ws, [1, 2, 3], 0)
    const builder = new PretextBatchBuilder(n, 5)
    builder.build(windows(3), [4, 5, 6], 9)
    const b = builder.build(ws, [1, 2, 3], 0)
    expect(b).toEqual(a)
    const again = builder.build(ws, [1, 2, 3], 0, b)
    expect(again).toBe(b)
    expect(again).toEqual(a)
    const otherEpoch = builder.build(ws, [1, 2, 3], 1)
    expect(otherEpoch.x).not.toEqual(a.x)
    const otherSeed = new PretextBatchBuilder(n, 6).build(ws, [1, 2, 3], 0)
    expect(otherSeed.variant).not.toEqual(a.variant)
  })
})
