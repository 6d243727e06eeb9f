// Small formatting shared by the experiment and results components.

/** Seconds as "42 s", "3 min 20 s" or "2 h 5 min". */
export function formatDuration(s: number): string {
  if (!Number.isFinite(s) || s < 0) return '—'
  if (s < 60) return `${Math.round(s)} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`
  return `${Math.floor(m / 60)} h ${m % 60} min`
}

