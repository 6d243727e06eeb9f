// The y-axis range of each row of the Tune chart: one range for all seven when shared (so that a
// ×1.1 scaling or added noise shows as such), else each row scaled on its own.

/** min/max of one row's axis; undefined lets the chart scale the row to its data. */
export type AxisRange = { readonly min: number; readonly max: number } | undefined

/** Ranges per variant: the rounded span of every sample of every variant when `shared`. */
export function variantAxes(variants: readonly ArrayLike<number>[], shared: boolean): AxisRange[] {
  if (!shared) return variants.map(() => undefined)
  let lo = Infinity
  let hi = -Infinity
  for (const v of variants) {
    for (let i = 0; i < v.length; i++) {
      const y = v[i]!
      if (!Number.isFinite(y)) continue
      if (y < lo) lo = y
      if (y > hi) hi = y
    }
  }
  if (!(hi > lo)) return variants.map(() => undefined)
  // A little room above and below, rounded so the axis labels stay short.
  const pad = (hi - lo) * 0.05
  const range = { min: round(lo - pad, 'down'), max: round(hi + pad, 'up') }
  return variants.map(() => range)
}

function round(x: number, way: 'up' | 'down'): number {
  const step = 10 ** (Math.floor(Math.log10(Math.abs(x) || 1)) - 1)
  return (way === 'up' ? Math.ceil(x / step) : Math.floor(x / step)) * step
}
