import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { expectInputErrorSync } from '../../tests/helpers/expect-input-error.js'
import { type Fold, leaveOneSubjectOut, subjectKFold, windowKFold } from './folds.js'

interface Oracles {
  groupKFold: { k: number; subjects: string[]; testFolds: number[][] }[]
  kfoldSizes: { n: number; k: number; testSizes: number[] }[]
}
// Written by tests/python/make_metric_oracles.py with scikit-learn (committed, so no Python here).
const oracles = JSON.parse(readFileSync(new URL('../../tests/fixtures/metrics/oracles.json', import.meta.url), 'utf8')) as Oracles

/** Asserts the folds partition 0 … n-1: every index tested once, train = the rest, both sorted. */
function expectPartition(folds: Fold[], n: number): void {
  const tested = new Array<number>(n).fill(0)
  for (const { train, test } of folds) {
    expect(test.length).toBeGreaterThan(0)
    expect(train).toEqual([...train].sort((a, b) => a - b))
    expect(test).toEqual([...test].sort((a, b) => a - b))
    const inTest = new Set(test)
    expect(inTest.size).toBe(test.length)
    expect(train.some((i) => inTest.has(i))).toBe(false)
    expect(train.length + test.length).toBe(n)
    for (const i of test) tested[i]! += 1
  }
  expect(tested.every((c) => c === 1)).toBe(true)
}

/** Subjects s0…s{m-1} with the given window counts, interleaved as windows of a real dataset. */
function subjectsWith(counts: number[]): string[] {
  const out: string[] = []
  const left = [...counts]
  while (left.some((c) => c > 0)) {
    left.forEach((c, s) => {
      if (c > 0) {
        out.push(`s${s}`)
        left[s] = c - 1
      }
    })
  }
  return out
}

describe('windowKFold', () => {
  it('partitions the windows with the fold sizes of scikit-learn KFold', () => {
    for (const { n, k, testSizes } of oracles.kfoldSizes) {
      const folds = windowKFold(n, k, 7)
      expect(folds.map((f) => f.test.length)).toEqual(testSizes)
      expectPartition(folds, n)
    }
  })

  it('shuffles: test folds are not consecutive blocks', () => {
    const folds = windowKFold(100, 10, 1)
    expect(folds.some((f) => f.test[f.test.length - 1]! - f.test[0]! > f.test.length)).toBe(true)
  })

  it('is the same for a seed and different for another', () => {
    expect(windowKFold(50, 5, 42)).toEqual(windowKFold(50, 5, 42))
    expect(windowKFold(50, 5, 43)).not.toEqual(windowKFold(50, 5, 42))
  })

  it('refuses too few windows or folds with one sentence', () => {
    expectInputErrorSync(() => windowKFold(7, 10, 0), /^10-fold cross-validation over windows needs at least 10 labelled windows, but there are 7; use fewer folds\.$/)
    expectInputErrorSync(() => windowKFold(7, 1, 0), /at least 2 \(got 1\)/)
    expectInputErrorSync(() => windowKFold(7, 2.5, 0), /whole number/)
    expect(() => windowKFold(-1, 2, 0)).toThrow(RangeError)
  })
})

describe('subjectKFold', () => {
  it('assigns subjects exactly as scikit-learn GroupKFold when sizes are distinct', () => {
    for (const { k, subjects, testFolds } of oracles.groupKFold) {
      for (const seed of [0, 1, 99]) expect(subjectKFold(subjects, k, seed).map((f) => f.test)).toEqual(testFolds)
    }
  })

  it('never puts a subject in train and test, and partitions the windows', () => {
    const subjects = subjectsWith([30, 12, 25, 8, 19, 19, 19, 4, 40, 11, 6])
    for (const k of [2, 3, 5, 11]) {
      const folds = subjectKFold(subjects, k, 3)
      expectPartition(folds, subjects.length)
      for (const { train, test } of folds) {
        const testSubjects = new Set(test.map((i) => subjects[i]))
        expect(train.some((i) => testSubjects.has(subjects[i]))).toBe(false)
      }
    }
  })

  it('balances window counts greedily: fold sizes differ by at most the largest subject', () => {
    const counts = [30, 12, 25, 8, 19, 19, 19, 4, 40, 11, 6, 22, 17]
    const sizes = subjectKFold(subjectsWith(counts), 4, 5).map((f) => f.test.length)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(counts.reduce((a, b) => a + b, 0))
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(Math.max(...counts))
    // 253 windows in 4 folds: greedy largest-first lands every fold within a few windows of 63.
    for (const s of sizes) expect(Math.abs(s - 253 / 4)).toBeLessThan(10)
  })

  it('breaks ties by the seed, reproducibly', () => {
    const subjects = subjectsWith(new Array<number>(12).fill(5))
    const bySeed = (seed: number): string[][] => subjectKFold(subjects, 4, seed).map((f) => [...new Set(f.test.map((i) => subjects[i]!))].sort())
    expect(bySeed(1)).toEqual(bySeed(1))
    expect([2, 3, 4, 5].some((seed) => JSON.stringify(bySeed(seed)) !== JSON.stringify(bySeed(1)))).toBe(true)
    for (const fold of bySeed(1)) expect(fold).toHaveLength(3)
  })

  it('does not depend on the order in which subjects first appear', () => {
    const a = subjectsWith([5, 5, 5, 5, 3])
    const subjectsOf = (subjects: string[], folds: Fold[]): string[][] => folds.map((f) => [...new Set(f.test.map((i) => subjects[i]!))].sort())
    // Same names, same counts per name → same grouping, whatever the window order.
    const reordered = [...a].reverse()
    expect(subjectsOf(reordered, subjectKFold(reordered, 2, 8))).toEqual(subjectsOf(a, subjectKFold(a, 2, 8)))
  })

  it('refuses fewer subjects than folds, saying how many there are', () => {
    expectInputErrorSync(
      () => subjectKFold(subjectsWith([3, 4, 5]), 10, 0),
      /^Subject-grouped 10-fold cross-validation needs at least 10 subjects, but there are 3 subjects; use leave-one-subject-out or at most 3 folds\.$/,
    )
    expectInputErrorSync(() => subjectKFold(['a', 'a'], 2, 0), /there is 1 subject; .*cross-validation over windows/)
    expectInputErrorSync(() => subjectKFold(['a', 'b'], 0, 0), /at least 2/)
  })
})

describe('leaveOneSubjectOut', () => {
  it('makes one fold per subject in sorted subject order', () => {
    const subjects = ['b', 'a', 'c', 'a', 'b', 'b']
    const folds = leaveOneSubjectOut(subjects)
    expect(folds).toEqual([
      { train: [0, 2, 4, 5], test: [1, 3] },
      { train: [1, 2, 3], test: [0, 4, 5] },
      { train: [0, 1, 3, 4, 5], test: [2] },
    ])
    expectPartition(folds, subjects.length)
  })

  it('refuses a single subject', () => {
    expectInputErrorSync(() => leaveOneSubjectOut(['s1', 's1']), /^Leave-one-subject-out needs at least 2 subjects, but there is 1; use cross-validation over windows\.$/)
    expectInputErrorSync(() => leaveOneSubjectOut([]), /there are 0/)
  })
})
