/**
 * How a dataset's windows spread over each label, counted over every stored window: a numeric
 * label split low/high at the midpoint of its observed range (the dataset page's overview; an
 * experiment's own classes come from runs:task-balance), a text label per value.
 */
import type { LabelBalance } from '../contracts/datasets.js'
import type { LabelRange } from '../contracts/import.js'
import { labelValueCounts } from '../store/label-counts-repo.js'
import type { Store } from '../store/store.js'
import { requireDataset } from './dataset-service.js'

/** The label balance of dataset `name`, one entry per label in the dataset's label order. */
export function datasetLabelBalance(store: Store, name: string): LabelBalance[] {
  const row = requireDataset(store, name)
  const labelNames = JSON.parse(row.label_names_json) as string[]
  const ranges = JSON.parse(row.label_ranges_json) as Record<string, LabelRange>
  const counts = labelValueCounts(store.db, row.id)
  return labelNames.map((label) => balanceOf(label, ranges[label], counts.filter((c) => c.label === label), row.window_count))
}

function balanceOf(label: string, range: LabelRange | undefined, counts: readonly { value: number | string | null; windows: number }[], total: number): LabelBalance {
  const buckets: { name: string; windows: number }[] = []
  let counted = 0
  if (range !== undefined) {
    const mid = (range.min + range.max) / 2
    let low = 0
    let high = 0
    for (const c of counts) {
      if (typeof c.value !== 'number') continue
      if (c.value < mid) low += c.windows
      else high += c.windows
    }
    buckets.push({ name: `low (< ${formatNumber(mid)})`, windows: low }, { name: `high (≥ ${formatNumber(mid)})`, windows: high })
    counted = low + high
    addMissing(buckets, total - counted)
    return { label, rule: `split at the midpoint of the observed range ${formatNumber(range.min)}–${formatNumber(range.max)}`, buckets }
  }
  for (const c of counts) {
    if (c.value === null) continue
    buckets.push({ name: String(c.value), windows: c.windows })
    counted += c.windows
  }
  addMissing(buckets, total - counted)
  return { label, rule: 'windows per value', buckets }
}

function addMissing(buckets: { name: string; windows: number }[], missing: number): void {
  if (missing > 0) buckets.push({ name: 'missing', windows: missing })
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0+$/, '')
}
