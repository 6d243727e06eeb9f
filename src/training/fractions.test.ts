import { describe, expect, it } from 'vitest'
import { InputError } from '../common/input-error.js'
import { keepCount, labelFraction } from './fractions.js'

/**
 * A dataset of 3 subjects × 2 classes with uneven cells, a few unlabelled windows, and windows
 * interleaved as they would be in the store. Cell sizes: a0 40, a1 7, b0 1, b1 23, c0 30, c1 0.
 */
function dataset(): { subjects: string[]; y: Int32Array } {
  const cells: [string, number, number][] = [['a', 0, 40], ['a', 1, 7], ['b', 0, 1], ['b', 1, 23], ['c', 0, 30], ['c', -1, 5], ['a', -1, 3]]
  const subjects: string[] = []
  const labels: number[] = []
  const left = cells.map((c) => c[2])
  while (left.some((n) => n > 0)) {
    cells.forEach(([s, cls], j) => {
      if (left[j]! > 0) {
        subjects.push(s)
        labels.push(cls)
        left[j]! -= 1
      }
    })
  }
  return { subjects, y: Int32Array.from(labels) }
}

const { subjects, y } = dataset()
const all = Array.from(y, (_, i) => i)

function cellCounts(indices: readonly number[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const i of indices) counts.set(`${subjects[i]}${y[i]}`, (counts.get(`${subjects[i]}${y[i]}`) ?? 0) + 1)
  return counts
}

describe('labelFraction', () => {
  it('keeps ⌈fraction × count⌉ windows of every (subject, class) cell, at least one', () => {
    const full = cellCounts(all.filter((i) => y[i]! >= 0))
    for (const fraction of [0.01, 0.05, 0.1, 0.2, 0.5, 0.75]) {
      const kept = cellCounts(labelFraction(all, subjects, y, fraction, 11))
      expect([...kept.keys()].sort()).toEqual([...full.keys()].sort())
      for (const [cell, count] of full) expect(kept.get(cell)).toBe(Math.max(1, Math.ceil(fraction * count - 1e-9)))
    }
    // Spelled out for 10 %: a0 40 → 4, a1 7 → 1, b0 1 → 1, b1 23 → 3, c0 30 → 3.
    expect(Object.fromEntries(cellCounts(labelFraction(all, subjects, y, 0.1, 11)))).toEqual({ a0: 4, a1: 1, b0: 1, b1: 3, c0: 3 })
  })

  it('nests the subsets across fractions for one seed', () => {
    const fractions = [0.01, 0.05, 0.1, 0.2, 0.5, 1]
    const sets = fractions.map((f) => labelFraction(all, subjects, y, f, 5))
    for (let j = 1; j < sets.length; j++) {
      const larger = new Set(sets[j])
      expect(sets[j - 1]!.every((i) => larger.has(i))).toBe(true)
      expect(sets[j]!.length).toBeGreaterThan(sets[j - 1]!.length)
    }
  })

  it('never keeps unlabelled windows or windows outside train, and returns sorted indices', () => {
    const train = all.filter((i) => i % 3 !== 0).reverse()
    const inTrain = new Set(train)
    for (const fraction of [0.2, 1]) {
      const kept = labelFraction(train, subjects, y, fraction, 1)
      expect(kept).toEqual([...kept].sort((a, b) => a - b))
      expect(kept.every((i) => inTrain.has(i) && y[i]! >= 0)).toBe(true)
    }
  })

  it('returns every labelled training window at fraction 1', () => {
    const labelled = all.filter((i) => y[i]! >= 0)
    expect(labelFraction([...labelled].reverse(), subjects, y, 1, 3)).toEqual(labelled)
    expect(labelFraction(all, subjects, y, 1, 3)).toEqual(labelled)
  })

  it('is the same for a seed and different for another', () => {
    expect(labelFraction(all, subjects, y, 0.2, 9)).toEqual(labelFraction(all, subjects, y, 0.2, 9))
    expect(labelFraction(all, subjects, y, 0.2, 10)).not.toEqual(labelFraction(all, subjects, y, 0.2, 9))
  })

  it('chooses within a cell independently of the other cells', () => {
    const withoutB = all.filter((i) => subjects[i] !== 'b')
    const onlyA = (indices: number[]): number[] => indices.filter((i) => subjects[i] === 'a')
    expect(onlyA(labelFraction(withoutB, subjects, y, 0.2, 4))).toEqual(onlyA(labelFraction(all, subjects, y, 0.2, 4)))
  })

  it('spreads the choice over the cell rather than taking its first windows', () => {
    const kept = labelFraction(all, subjects, y, 0.25, 2).filter((i) => subjects[i] === 'a' && y[i] === 0)
    const cell = all.filter((i) => subjects[i] === 'a' && y[i] === 0)
    expect(kept).toHaveLength(10)
    expect(kept).not.toEqual(cell.slice(0, 10))
  })

  it('refuses a fraction outside (0, 1] with one sentence, and inconsistent arrays', () => {
    for (const bad of [0, -0.1, 1.5, Number.NaN]) {
      expect(() => labelFraction(all, subjects, y, bad, 0)).toThrow(InputError)
    }
    expect(() => labelFraction(all, subjects, y, 2, 0)).toThrow(/^A label fraction must be above 0 and at most 1 \(got 2\)\.$/)
    expect(() => labelFraction(all, subjects.slice(1), y, 0.5, 0)).toThrow(/one subject per label/)
    expect(() => labelFraction([0, y.length], subjects, y, 0.5, 0)).toThrow(/is not a window/)
    expect(() => labelFraction([1, 1], subjects, y, 0.5, 0)).toThrow(/appears twice/)
    expect(() => labelFraction([0], ['s'], [0.5], 0.5, 0)).toThrow(/not a class index/)
  })
})

describe('keepCount', () => {
  it('rounds products that are whole numbers up to floating error, else takes the ceiling', () => {
    expect(0.07 * 100).toBeGreaterThan(7)
    expect(keepCount(0.07, 100)).toBe(7)
    expect(keepCount(0.1, 30)).toBe(3)
    expect(keepCount(0.2, 7)).toBe(2)
    expect(keepCount(0.5, 3)).toBe(2)
    expect(keepCount(0.01, 5)).toBe(1)
    expect(keepCount(1, 9)).toBe(9)
    expect(keepCount(0.3, 0)).toBe(0)
  })
})
