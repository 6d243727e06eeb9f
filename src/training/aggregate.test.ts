import { describe, expect, it } from 'vitest'
import type { FoldResult } from '../contracts/runs.js'
import { aggregateResults } from './aggregate.js'

function fold(method: FoldResult['method'], protocol: FoldResult['protocol'], fraction: number, foldIndex: number, accuracy: number): FoldResult {
  return {
    dataset: 'demo', task: 'arousal', protocol, method, variant: method === 'baseline' ? 'none' : 'full', block: 3, fraction,
    fold: foldIndex, trainWindows: 10, testWindows: 2, accuracy, f1: accuracy, macroF1: accuracy, confusion: [[1, 0], [0, 1]], classes: ['low', 'high'],
  }
}

describe('aggregateResults', () => {
  const folds: FoldResult[] = [
    fold('baseline', 'subject-kfold', 1, 0, 0.1),
    fold('transfer', 'window-kfold', 1, 1, 0.3),
    fold('baseline', 'subject-kfold', 1, 1, 0.7),
    fold('transfer', 'window-kfold', 0.25, 0, 0.2),
    fold('transfer', 'window-kfold', 1, 0, 0.9),
    fold('baseline', 'window-kfold', 1, 0, 0.4),
  ]

  it('orders rows by protocol, method and fraction whatever order the folds arrived in', () => {
    const rows = aggregateResults(folds)
    expect(rows.map((r) => `${r.protocol} ${r.method} ${r.fraction} ${r.folds}`)).toEqual([
      'window-kfold transfer 0.25 1',
      'window-kfold transfer 1 2',
      'window-kfold baseline 1 1',
      'subject-kfold baseline 1 2',
    ])
    expect(rows[1]!.accuracy.mean).toBeCloseTo(0.6, 12)
    expect(rows[1]!.confusion).toEqual([[2, 0], [0, 2]])
  })

  it('gives bit-identical rows for any permutation of the same folds', () => {
    const reference = aggregateResults(folds)
    for (const permutation of [[...folds].reverse(), [folds[2]!, folds[0]!, folds[5]!, folds[1]!, folds[4]!, folds[3]!]]) {
      expect(aggregateResults(permutation)).toEqual(reference)
    }
  })
})
