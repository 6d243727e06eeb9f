/**
 * A time column in a text signal file: recognised by its header name, never a channel, and —
 * when neither --fs nor metadata gives the rate — the source of the sampling rate.
 *
 * Units come from the name only: `ms`, `time_ms`, `time (ms)`, `timestamp_ms`, `millis`,
 * `milliseconds` are milliseconds; `time`, `t`, `timestamp`, `time_s`, `time (s)`, `sec`,
 * `seconds` are seconds.
 */

const SECONDS = new Set(['time', 't', 'timestamp', 'times', 'time_s', 'time(s)', 'time[s]', 'sec', 'seconds', 'timestamp_s'])
const MILLISECONDS = new Set(['ms', 'time_ms', 'time(ms)', 'time[ms]', 'timestamp_ms', 'millis', 'milliseconds'])

/** Seconds per unit of the column (1 or 0.001), or undefined when the name is not a time column. */
export function timeUnitOf(name: string): number | undefined {
  const key = name.trim().toLowerCase().replace(/\s+/g, '')
  if (SECONDS.has(key)) return 1
  if (MILLISECONDS.has(key)) return 0.001
  return undefined
}

/** The steps kept for the median; enough to be robust, small enough for any file. */
const MAX_STEPS = 100_000

/** Collects time values while the file is scanned, then estimates the sampling rate. */
export class TimeStepEstimator {
  private readonly steps = new Float64Array(MAX_STEPS)
  private stepCount = 0
  private previous = Number.NaN
  private first = Number.NaN
  private last = Number.NaN
  private valid = 0

  /** Feeds one time value (NaN for a missing cell). */
  add(t: number): void {
    if (Number.isNaN(t)) return
    if (Number.isNaN(this.first)) this.first = t
    if (!Number.isNaN(this.previous) && this.stepCount < MAX_STEPS) this.steps[this.stepCount++] = t - this.previous
    this.previous = t
    this.last = t
    this.valid++
  }

  /**
   * The rate in Hz from the median time step, in the column's unit scaled to seconds.
   * When the overall span agrees with the median within 1 % (no gaps), the span is used
   * instead: it averages away the rounding of printed time stamps (0.0039/0.0040 s for 256 Hz).
   * A result within 0.1 % of a whole number is rounded to it. Returns undefined when fewer than
   * two time values exist or time does not increase.
   */
  estimate(secondsPerUnit: number): { fs: number; irregular: boolean } | undefined {
    if (this.stepCount === 0) return undefined
    const sorted = this.steps.slice(0, this.stepCount).sort()
    const mid = sorted.length >> 1
    const median = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2
    if (!(median > 0)) return undefined
    const fsMedian = 1 / (median * secondsPerUnit)
    const span = (this.last - this.first) * secondsPerUnit
    const fsSpan = span > 0 ? (this.valid - 1) / span : Number.NaN
    const agrees = Math.abs(fsSpan - fsMedian) <= 0.01 * fsMedian
    let fs = agrees ? fsSpan : fsMedian
    const whole = Math.round(fs)
    if (whole > 0 && Math.abs(fs - whole) <= 0.001 * fs) fs = whole
    return { fs, irregular: !agrees }
  }
}
