/**
 * How a dataset's windows spread over each label, counted over every stored window: a numeric
 * label split low/high at the dataset mean as an experiment's default classes are (the dataset
 * page's overview; an experiment's chosen thresholds come from runs:task-balance), a text label
 * per value.
 */
import type { LabelBalance } from '../contracts/datasets.js'
import type { LabelRange } from '../contracts/import.js'
import { labelValueCounts } from '../store/label-counts-repo.js'
import type { Store } from '../store/store.js'
import { requireDataset } from './dataset-service.js'
import { InputError } from '../common/input-error.js'
import { taskLabels, type LabelledWindow } from '../training/labels.js'

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
  if (range !== undefined) {
    // The experiments' default classes (METHOD §2: high when above the dataset mean), computed by
    // the engine's own rule, so the page shows the balance a run with default settings will see.
    const windows: LabelledWindow[] = counts.flatMap((c) => new Array<LabelledWindow>(c.windows).fill({ subject: '', labels: c.value === null ? {} : { [label]: c.value } }))
    try {
      const classes = taskLabels(windows, label, 'dataset-mean')
      const t = formatNumber(classes.threshold ?? Number.NaN)
      const low = classes.y.filter((y) => y === 0).length
      const high = classes.y.filter((y) => y === 1).length
      buckets.push({ name: `low (≤ ${t})`, windows: low }, { name: `high (> ${t})`, windows: high })
      addMissing(buckets, total - low - high)
      return { label, rule: `split at the dataset mean ${t} (observed ${formatNumber(range.min)}–${formatNumber(range.max)}), as experiments do by default`, buckets }
    } catch (error) {
      if (!(error instanceof InputError)) throw error
      // a single value or no value at all: there is no split, so count the values
    }
  }
  let counted = 0
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
