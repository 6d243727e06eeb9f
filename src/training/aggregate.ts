/**
 * From fold results to the results table: one row per (dataset, task, protocol, method, variant,
 * block, fraction) with mean ± sd over folds and the summed confusion matrix.
 */
import { MethodName, ProtocolName, type FoldResult, type ResultKey, type ResultRow } from '../contracts/runs.js'
import { meanSd, sumConfusions } from './metrics.js'

/** The identity of a fold's cell of the table, as text (also the stored unit key without fold). */
export function resultKeyText(k: ResultKey): string {
  return [k.dataset, k.task, k.protocol, k.method, k.variant, k.block, k.fraction].join('|')
}

/** The stored key of one evaluated fold. */
export function foldKeyText(k: ResultKey & { fold: number }): string {
  return `${resultKeyText(k)}|${k.fold}`
}

const protocolOrder: readonly string[] = ProtocolName.options
const methodOrder: readonly string[] = MethodName.options

/**
 * The table's fixed row order: dataset, task, protocol and method as the schema lists them, the
 * full pretext model before its ablations, then block and fraction. Folds are stored in the order
 * parallel helpers finish them, so an order of arrival would differ between identical runs.
 */
export function compareResultKeys(a: ResultKey, b: ResultKey): number {
  return a.dataset.localeCompare(b.dataset) ||
    a.task.localeCompare(b.task) ||
    protocolOrder.indexOf(a.protocol) - protocolOrder.indexOf(b.protocol) ||
    methodOrder.indexOf(a.method) - methodOrder.indexOf(b.method) ||
    Number(a.variant !== 'full') - Number(b.variant !== 'full') || a.variant.localeCompare(b.variant) ||
    a.block - b.block ||
    a.fraction - b.fraction
}

/**
 * Aggregates folds into table rows in the fixed order of compareResultKeys; within a row the
 * folds are summed in fold order, so the means do not depend on which process finished first.
 */
export function aggregateResults(unordered: readonly FoldResult[]): ResultRow[] {
  const folds = [...unordered].sort((a, b) => compareResultKeys(a, b) || a.fold - b.fold)
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
