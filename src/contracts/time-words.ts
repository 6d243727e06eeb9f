/**
 * How the app prints spans of time, written once for its views: a wait (an estimate, the time
 * left, the time so far) to the second or minute, and a recording's length in tenths of minutes
 * or hours. Plain functions: the renderer imports them.
 */

/** A wait as "42 s", "3 min 20 s" or "2 h 5 min"; '—' when it is not a time. */
export function formatWait(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '—'
  if (s < 60) return `${Math.round(s)} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`
  return `${Math.floor(m / 60)} h ${m % 60} min`
}

/** A recording's length as "12.5 min" under an hour, "2.3 h" from an hour on; '—' when unknown. */
export function formatSignalLength(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '—'
  return s >= 3600 ? `${(s / 3600).toFixed(1)} h` : `${(s / 60).toFixed(1)} min`
}
