import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { accuracy, authorsF1, binaryMetrics, confusionMatrix, macroF1, meanSd, positiveClassF1, sumConfusions } from './metrics.js'

interface MulticlassCase {
  name: string
  classCount: number
  yTrue: number[]
  yPred: number[]
  confusion: number[][]
  accuracy: number
  authorsF1: number
  macroF1: number
}
interface BinaryCase extends MulticlassCase {
  prob: number[]
  threshold: number
}
interface Oracles {
  multiclass: MulticlassCase[]
  binary: BinaryCase[]
  meanSd: { values: number[]; mean: number; sd: number }[]
}

// Written by tests/python/make_metric_oracles.py with scikit-learn (committed, so no Python here).
const oracles = JSON.parse(readFileSync(new URL('../../tests/fixtures/metrics/oracles.json', import.meta.url), 'utf8')) as Oracles

describe('metrics against scikit-learn', () => {
  it('has the degenerate cases the zero-division rules are about', () => {
    const names = oracles.multiclass.map((c) => c.name)
    expect(names).toEqual(expect.arrayContaining(['class-never-predicted', 'class-never-true', 'class-absent-from-both', 'constant-prediction']))
    expect(oracles.multiclass.length).toBeGreaterThanOrEqual(9)
  })

  for (const c of oracles.multiclass) {
    it(`${c.name}: confusion matrix, accuracy, authors' F1, macro F1`, () => {
      const cm = confusionMatrix(c.yTrue, c.yPred, c.classCount)
      expect(cm).toEqual(c.confusion)
      expect(accuracy(cm)).toBeCloseTo(c.accuracy, 12)
      expect(Math.abs(authorsF1(cm) - c.authorsF1)).toBeLessThanOrEqual(1e-12)
      expect(Math.abs(macroF1(cm) - c.macroF1)).toBeLessThanOrEqual(1e-12)
    })
  }

  for (const c of oracles.binary) {
    it(`${c.name}: binary metrics from probabilities at threshold ${c.threshold}`, () => {
      const m = binaryMetrics(c.yTrue, c.prob, c.threshold)
      expect(m.confusion).toEqual(c.confusion)
      expect(Math.abs(m.accuracy - c.accuracy)).toBeLessThanOrEqual(1e-12)
      expect(Math.abs(m.authorsF1 - c.authorsF1)).toBeLessThanOrEqual(1e-12)
      // the pretext F1 is the positive class's, 2TP / (2TP + FP + FN), from the oracle's matrix
      const [[, fp], [fn, tp]] = c.confusion as [[number, number], [number, number]]
      expect(m.f1).toBeCloseTo((2 * tp) / (2 * tp + fp + fn), 14)
    })
  }

  for (const c of oracles.meanSd) {
    it(`meanSd of ${c.values.length} values equals numpy mean and std (ddof 0)`, () => {
      const r = meanSd(c.values)
      expect(Math.abs(r.mean - c.mean)).toBeLessThanOrEqual(1e-12)
      expect(Math.abs(r.sd - c.sd)).toBeLessThanOrEqual(1e-12)
    })
  }
})

describe('metrics by hand', () => {
  it('counts rows as truth and columns as predictions', () => {
    expect(confusionMatrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ])
    expect(confusionMatrix(new Int32Array([1]), new Float32Array([0]), 2)).toEqual([[0, 0], [1, 0]])
  })

  it('scores a never-predicted class precision 0 instead of NaN', () => {
    // Class 1 never predicted: precision (1/2 + 0) / 2 = 0.25, recall (1 + 0) / 2 = 0.5.
    const cm = [[1, 0], [1, 0]]
    expect(authorsF1(cm)).toBeCloseTo((2 * 0.25 * 0.5) / 0.75, 15)
    expect(macroF1(cm)).toBeCloseTo((2 / 3 + 0) / 2, 15)
    expect(accuracy(cm)).toBe(0.5)
  })

  it('leaves a class absent from truth and predictions out of the averages', () => {
    expect(authorsF1([[3, 0, 0], [0, 0, 0], [0, 0, 2]])).toBe(1)
    expect(macroF1([[3, 0, 0], [0, 0, 0], [0, 0, 2]])).toBe(1)
  })

  it('is 0, not NaN, when every prediction is wrong', () => {
    expect(authorsF1([[0, 4], [6, 0]])).toBe(0)
    expect(macroF1([[0, 4], [6, 0]])).toBe(0)
  })

  it('positive-class F1 (the authors\u2019 pretext F1) is the F1 of class 1 alone, 0 without any positive', () => {
    // TN 21, FP 4, FN 13, TP 26: 52 / (52 + 4 + 13)
    expect(positiveClassF1([[21, 4], [13, 26]])).toBeCloseTo(52 / 69, 15)
    expect(positiveClassF1([[90, 0], [0, 10]])).toBe(1)
    expect(positiveClassF1([[10, 0], [0, 0]])).toBe(0)
    expect(positiveClassF1([[0, 0], [5, 0]])).toBe(0)
    // unlike the macro authors' F1, a model that never says "yes" scores 0, however many negatives it gets right
    expect(authorsF1([[90, 0], [10, 0]])).toBeGreaterThan(0.4)
    expect(positiveClassF1([[90, 0], [10, 0]])).toBe(0)
    expect(() => positiveClassF1([[1, 0, 0], [0, 1, 0], [0, 0, 1]])).toThrow(/2×2/)
  })

  it('predicts 1 only strictly above the threshold', () => {
    const m = binaryMetrics([1, 1, 0, 0], [0.5, 0.51, 0.5, 0.2])
    expect(m.confusion).toEqual([[2, 0], [1, 1]])
    expect(m.accuracy).toBe(0.75)
    expect(binaryMetrics([1, 0], [0.3, 0.2], 0.25).confusion).toEqual([[1, 0], [0, 1]])
  })

  it('sums confusion matrices element-wise', () => {
    expect(sumConfusions([[[1, 2], [3, 4]], [[10, 20], [30, 40]], [[0, 0], [0, 1]]])).toEqual([[11, 22], [33, 45]])
    const input = [[[1, 0], [0, 1]]]
    const sum = sumConfusions(input)
    sum[0]![0] = 99
    expect(input[0]![0]![0]).toBe(1)
  })

  it('gives the population sd', () => {
    expect(meanSd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, sd: 2 })
    expect(meanSd([0.7])).toEqual({ mean: 0.7, sd: 0 })
  })

  it('refuses bad input', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow(/as many predictions/)
    expect(() => confusionMatrix([0, 2], [0, 1], 2)).toThrow(/true label 2 at index 1/)
    expect(() => confusionMatrix([0, 1], [0, -1], 2)).toThrow(/prediction -1 at index 1/)
    expect(() => confusionMatrix([0, 1], [0, 0.5], 2)).toThrow(/prediction 0.5/)
    expect(() => confusionMatrix([0], [0], 0)).toThrow(/positive integer class count/)
    expect(() => accuracy([[0, 0], [0, 0]])).toThrow(/empty/)
    expect(() => authorsF1([[0, 0], [0, 0]])).toThrow(/empty/)
    expect(() => macroF1([[1, 0], [0]])).toThrow(/square/)
    expect(() => binaryMetrics([0, 1], [0.2])).toThrow(/as many probabilities/)
    expect(() => binaryMetrics([0, 1], [0.2, NaN])).toThrow(/NaN probability/)
    expect(() => meanSd([])).toThrow(/at least one value/)
    expect(() => sumConfusions([])).toThrow(/at least one matrix/)
    expect(() => sumConfusions([[[1, 0], [0, 1]], [[1]]])).toThrow(/one size/)
  })
})
