/**
 * The reading order of a run's result rows, one rule for the app's results table and the report's
 * tables: datasets and tasks as the run's config lists them (alphabetically where it does not),
 * then protocol and method in their contracts' order, the pretext model ("full" first, the
 * baseline's "none" next, ablations by name), block 3 before the probes, the largest label
 * fraction first.
 */
import { MethodName, ProtocolName, type ResultKey } from './runs.js'

/** What the order reads of the run's config: its datasets and their tasks, in order. */
export type ConfigOrder = readonly { readonly name: string; readonly tasks: readonly { readonly label: string }[] }[]

const rank = <T>(order: readonly T[], value: T): number => {
  const i = order.indexOf(value)
  return i < 0 ? order.length : i
}
const variantRank = (v: string): number => (v === 'full' ? 0 : v === 'none' ? 1 : 2)

/** A comparator of result rows in reading order; without `datasets`, datasets and tasks go alphabetically. */
export function resultRowOrder(datasets: ConfigOrder = []): (a: ResultKey, b: ResultKey) => number {
  const datasetOrder = datasets.map((d) => d.name)
  const taskOrder = (dataset: string): string[] => datasets.find((d) => d.name === dataset)?.tasks.map((t) => t.label) ?? []
  return (a, b) =>
    rank(datasetOrder, a.dataset) - rank(datasetOrder, b.dataset) || a.dataset.localeCompare(b.dataset) ||
    rank(taskOrder(a.dataset), a.task) - rank(taskOrder(b.dataset), b.task) || a.task.localeCompare(b.task) ||
    rank(ProtocolName.options, a.protocol) - rank(ProtocolName.options, b.protocol) ||
    rank(MethodName.options, a.method) - rank(MethodName.options, b.method) ||
    variantRank(a.variant) - variantRank(b.variant) || a.variant.localeCompare(b.variant) ||
    b.block - a.block || b.fraction - a.fraction
}
