/**
 * A run's progress, one definition for the app, the CLI and the report (issue 10 §4): work units
 * done over work units planned, where a unit is one pretext epoch of one model or one evaluated
 * fold (training/experiment-runner.ts planSize). The store counts the units it holds; a live
 * progress event adds the share done of the epoch being trained. The percentage is rounded down,
 * so it reads 100 % only when every unit is done. Plain functions: the renderer imports them too.
 */

/** Units done (whole, or with the share of the unit in progress) and units planned. */
export interface UnitProgress {
  readonly done: number
  readonly total: number
}

/** Units done over units planned, between 0 and 1 (0 while nothing is planned yet). */
export function progressShare(p: UnitProgress): number {
  if (!(p.total > 0) || !Number.isFinite(p.done)) return 0
  return Math.min(1, Math.max(0, p.done / p.total))
}

/** The whole percentage done, rounded down: 33 of 34 units is 97, never 100. */
export function progressPercent(p: UnitProgress): number {
  // The tiny tolerance keeps 0.29 × 100 = 28.999999999999996 from reading 28.
  return Math.floor(progressShare(p) * 100 + 1e-9)
}

/** "97 %", or "–" while nothing is planned yet. */
export function formatProgress(p: UnitProgress): string {
  return p.total > 0 ? `${progressPercent(p)} %` : '–'
}

/** "33 of 34 work units (97 %)": the units whole, as the store counts them. */
export function describeProgress(p: UnitProgress): string {
  return `${Math.floor(p.done)} of ${p.total} work unit${p.total === 1 ? '' : 's'} (${formatProgress(p)})`
}
