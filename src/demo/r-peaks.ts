/**
 * A deliberately simple R-peak detector (baseline removal, amplitude threshold, refractory
 * period), used to check the demo data: the generator's heart rate must be recoverable from the
 * signal itself, and heart rate per window must carry the arousal label. Not meant for real ECG.
 */

/** Indices of R peaks in `x` sampled at `fs` Hz. */
export function detectRPeaks(x: ArrayLike<number>, fs: number, refractoryS = 0.25): number[] {
  const n = x.length
  // subtract a centred 0.2 s moving average: removes baseline wander and the broad T wave's base
  const half = Math.max(1, Math.round(0.1 * fs))
  const prefix = new Float64Array(n + 1)
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + x[i]!
  const y = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - half)
    const hi = Math.min(n, i + half + 1)
    y[i] = x[i]! - (prefix[hi]! - prefix[lo]!) / (hi - lo)
  }
  const sorted = Float64Array.from(y).sort()
  const top = sorted[Math.floor(0.995 * (n - 1))] ?? 0
  const threshold = 0.5 * top
  const peaks: number[] = []
  const refractory = Math.round(refractoryS * fs)
  const search = Math.round(0.06 * fs)
  let i = 0
  while (i < n) {
    if (y[i]! > threshold) {
      let best = i
      for (let j = i; j < Math.min(n, i + search); j++) if (y[j]! > y[best]!) best = j
      peaks.push(best)
      i = best + refractory
    } else i++
  }
  return peaks
}

/** Mean heart rate (bpm) from peak indices, or NaN when fewer than two peaks. */
export function heartRate(peaks: readonly number[], fs: number): number {
  if (peaks.length < 2) return Number.NaN
  return (60 * fs * (peaks.length - 1)) / (peaks[peaks.length - 1]! - peaks[0]!)
}

/** RR intervals in seconds. */
export function rrIntervals(peaks: readonly number[], fs: number): number[] {
  return peaks.slice(1).map((p, k) => (p - peaks[k]!) / fs)
}
