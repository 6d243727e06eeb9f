/**
 * How results' numbers are printed, written once for the app's tables and charts, the HTML/CSV/
 * LaTeX reports and the CLI: three decimals as the paper prints them, mean ± sd, and a label
 * fraction as a percentage.
 */
import type { MeanSd } from './runs.js'

/** A value with three decimals, as the paper prints them; 'n/a' when it is not a number. */
export function fixed3(x: number): string {
  return Number.isFinite(x) ? x.toFixed(3) : 'n/a'
}

/** "0.858 ± 0.012" (plain text; HTML and LaTeX wrap the same parts in their own markup). */
export function formatMeanSd(m: MeanSd): string {
  return `${fixed3(m.mean)} ± ${fixed3(m.sd)}`
}

/** A label fraction as a percentage: 1 → "100 %", 0.05 → "5 %", 0.005 → "0.5 %". */
export function formatFraction(f: number): string {
  return `${Number((f * 100).toPrecision(3))} %`
}
