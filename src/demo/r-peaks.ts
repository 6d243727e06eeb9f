/**
 * R peaks and heart rate for checking the demo data (the generator's heart rate must be
 * recoverable from the signal, and heart rate per window must carry the arousal label). The
 * detector is the workbench's own Pan–Tompkins detector (src/signal/r-peaks.ts), so the demo is
 * checked with the same beats window review shows.
 */
import { detectRPeaks, meanHeartRate } from '../signal/r-peaks.js'

export { detectRPeaks }

/** Mean heart rate (bpm) from peak indices, or NaN when fewer than two peaks. */
export function heartRate(peaks: readonly number[], fs: number): number {
  return meanHeartRate(peaks, fs)
}

/** RR intervals in seconds. */
export function rrIntervals(peaks: readonly number[], fs: number): number[] {
  return peaks.slice(1).map((p, k) => (p - peaks[k]!) / fs)
}
