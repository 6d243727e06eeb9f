/**
 * Checks on one signal column taken from a .mat dataset (AMIGOS, DREAMER), deciding whether it can
 * be imported. Dataset releases mark missing data with NaN and pad trials with NaN at either end,
 * and some participants' ECG is a flat line. The end padding is trimmed; NaN gaps inside a trial
 * are kept: the signal pipeline bridges them for filtering and flags (and by default excludes)
 * exactly the windows they touch, so one dropout does not cost the whole trial.
 */

/** The usable part of a column, or why there is none. */
export type SignalCheck =
  | { readonly ok: true; readonly offset: number; readonly count: number; readonly trimmed: number; readonly gaps: number }
  | { readonly ok: false; readonly reason: string }

/**
 * Trims NaN/±Inf runs at both ends; refuses an empty, all-NaN or constant signal. NaN inside
 * the trimmed stretch is counted in `gaps` and left for the pipeline to flag. `what` names the signal in reasons, e.g. "the ECG Right column".
 */
export function checkSignal(values: Float64Array, what: string): SignalCheck {
  if (values.length === 0) return { ok: false, reason: `${what} has no samples` }
  let first = 0
  while (first < values.length && !Number.isFinite(values[first])) first++
  if (first === values.length) return { ok: false, reason: `${what} is all NaN (no recorded ECG)` }
  let last = values.length - 1
  while (!Number.isFinite(values[last])) last--
  let gaps = 0
  let min = Infinity
  let max = -Infinity
  for (let i = first; i <= last; i++) {
    const v = values[i] ?? Number.NaN
    if (!Number.isFinite(v)) {
      gaps++
      continue
    }
    if (v < min) min = v
    if (v > max) max = v
  }
  if (min === max) return { ok: false, reason: `${what} is constant (a flat line at ${min}), so it holds no ECG` }
  const count = last - first + 1
  return { ok: true, offset: first, count, trimmed: values.length - count, gaps }
}
