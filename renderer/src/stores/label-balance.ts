// Label balance of an imported dataset, counted over its windows: how a binary task split at the
// midpoint of each label's observed range would look, and the counts of text labels.
import type { WindowInfo } from '../../../src/contracts/datasets.js'
import type { LabelRange } from '../../../src/contracts/import.js'

export interface BalanceBucket {
  readonly name: string
  readonly count: number
}

export interface LabelBalance {
  readonly label: string
  readonly buckets: readonly BalanceBucket[]
  /** How the buckets were formed, in words. */
  readonly rule: string
}

/** Counts windows per label: numeric labels low/high around the range's midpoint, text per value. */
export function labelBalance(windows: readonly WindowInfo[], labelNames: readonly string[], ranges: Readonly<Record<string, LabelRange>>): LabelBalance[] {
  return labelNames.map((label) => {
    const range = ranges[label]
    const counts = new Map<string, number>()
    const bump = (key: string): void => {
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    if (range !== undefined) {
      const mid = (range.min + range.max) / 2
      const low = `low (< ${formatNumber(mid)})`
      const high = `high (≥ ${formatNumber(mid)})`
      counts.set(low, 0)
      counts.set(high, 0)
      for (const w of windows) {
        const v = w.labels[label]
        if (typeof v === 'number') bump(v < mid ? low : high)
        else bump('missing')
      }
      return { label, buckets: toBuckets(counts), rule: `split at the midpoint of the observed range ${formatNumber(range.min)}–${formatNumber(range.max)}` }
    }
    for (const w of windows) {
      const v = w.labels[label]
      bump(v === null || v === undefined ? 'missing' : String(v))
    }
    return { label, buckets: toBuckets(counts), rule: 'windows per value' }
  })
}

function toBuckets(counts: Map<string, number>): BalanceBucket[] {
  return [...counts].map(([name, count]) => ({ name, count }))
}

function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2).replace(/0+$/, '')
}
