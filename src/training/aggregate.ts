/**
 * From fold results to the results table: one row per (dataset, task, protocol, method, variant,
 * block, fraction) with mean ± sd over folds and the summed confusion matrix.
 */
import type { FoldResult, ResultKey, ResultRow } from '../contracts/runs.js'
import { meanSd, sumConfusions } from './metrics.js'

/** The identity of a fold's cell of the table, as text (also the stored unit key without fold). */
export function resultKeyText(k: ResultKey): string {
  return [k.dataset, k.task, k.protocol, k.method, k.variant, k.block, k.fraction].join('|')
}

/** The stored key of one evaluated fold. */
export function foldKeyText(k: ResultKey & { fold: number }): string {
  return `${resultKeyText(k)}|${k.fold}`
}

/** Aggregates folds into table rows, in the order their cells first appear. */
export function aggregateResults(folds: readonly FoldResult[]): ResultRow[] {
  const groups = new Map<string, FoldResult[]>()
  for (const f of folds) {
    const key = resultKeyText(f)
    const list = groups.get(key)
    if (list === undefined) groups.set(key, [f])
    else list.push(f)
  }
  return [...groups.values()].map((list) => {
    const first = list[0]!
    return {
      dataset: first.dataset,
      task: first.task,
      protocol: first.protocol,
      method: first.method,
      variant: first.variant,
      block: first.block,
      fraction: first.fraction,
      folds: list.length,
      accuracy: meanSd(list.map((f) => f.accuracy)),
      f1: meanSd(list.map((f) => f.f1)),
      macroF1: meanSd(list.map((f) => f.macroF1)),
      confusion: sumConfusions(list.map((f) => f.confusion)),
      classes: first.classes,
    }
  })
}
