/**
 * Joins a recording's windows into one series between two times, for the review overview: every
 * sample when the span is short enough, else per-bucket minimum and maximum. Min/max rather than
 * LTTB because it is one pass with no look-ahead (windows arrive one by one from the store) and it
 * never drops a QRS spike, which is what an annotator scans an hour of ECG for.
 */

/** The joined series: seconds from the recording start and values, NaN where windows leave a gap. */
export interface OverviewSeries {
  readonly downsampled: boolean
  readonly times: Float32Array
  readonly values: Float32Array
}

/**
 * Accumulates windows (in time order) into an overview of [fromS, toS) at sampling rate fs with
 * at most about maxPoints points. Overlapping windows contribute each instant once (the earlier
 * window's samples win); a gap between windows becomes one NaN point so the line breaks there.
 */
export class OverviewBuilder {
  readonly downsampled: boolean
  private readonly times: number[] = []
  private readonly values: number[] = []
  private readonly buckets: number
  private readonly bucketS: number
  private readonly bMin: Float64Array
  private readonly bMax: Float64Array
  private readonly bMinAt: Float64Array
  private readonly bMaxAt: Float64Array
  /** Time just after the last sample taken. */
  private coveredUntil: number

  constructor(private readonly fromS: number, private readonly toS: number, private readonly fs: number, maxPoints: number) {
    const spanSamples = Math.ceil((toS - fromS) * fs)
    this.downsampled = spanSamples > maxPoints
    this.buckets = this.downsampled ? Math.max(1, Math.floor(maxPoints / 2)) : 0
    this.bucketS = this.downsampled ? (toS - fromS) / this.buckets : 0
    this.bMin = new Float64Array(this.buckets).fill(Number.POSITIVE_INFINITY)
    this.bMax = new Float64Array(this.buckets).fill(Number.NEGATIVE_INFINITY)
    this.bMinAt = new Float64Array(this.buckets)
    this.bMaxAt = new Float64Array(this.buckets)
    this.coveredUntil = fromS
  }

  /** Adds the samples of a window starting at `startS` seconds. */
  push(startS: number, samples: Float32Array): void {
    const dt = 1 / this.fs
    // First sample not yet covered and inside the span; half a sample of slack absorbs rounding.
    const first = Math.max(0, Math.ceil((Math.max(this.coveredUntil, this.fromS) - startS) * this.fs - 0.5))
    const last = Math.min(samples.length, Math.ceil((this.toS - startS) * this.fs - 0.5))
    if (first >= last) return
    const firstT = startS + first * dt
    if (!this.downsampled && this.times.length > 0 && firstT - this.coveredUntil > 0.5 * dt) {
      this.times.push(this.coveredUntil)
      this.values.push(Number.NaN)
    }
    if (!this.downsampled) {
      for (let i = first; i < last; i++) {
        this.times.push(startS + i * dt)
        this.values.push(samples[i]!)
      }
    } else {
      // Run bucket by bucket over sample indices, so the inner loop is only compares.
      let i = first
      while (i < last) {
        const b = Math.min(this.buckets - 1, Math.floor((startS + i * dt - this.fromS) / this.bucketS))
        const end = b === this.buckets - 1 ? last : Math.min(last, Math.max(i + 1, Math.ceil((this.fromS + (b + 1) * this.bucketS - startS) * this.fs)))
        let lo = this.bMin[b]!
        let hi = this.bMax[b]!
        let loAt = -1
        let hiAt = -1
        for (; i < end; i++) {
          const v = samples[i]!
          // NaN fails both compares, so gaps in the signal are skipped
          if (v < lo) {
            lo = v
            loAt = i
          }
          if (v > hi) {
            hi = v
            hiAt = i
          }
        }
        if (loAt >= 0) {
          this.bMin[b] = lo
          this.bMinAt[b] = startS + loAt * dt
        }
        if (hiAt >= 0) {
          this.bMax[b] = hi
          this.bMaxAt[b] = startS + hiAt * dt
        }
      }
    }
    this.coveredUntil = startS + last * dt
  }

  /** The series built so far. */
  result(): OverviewSeries {
    if (!this.downsampled) return { downsampled: false, times: Float32Array.from(this.times), values: Float32Array.from(this.values) }
    const times: number[] = []
    const values: number[] = []
    let emptyRun = false
    for (let b = 0; b < this.buckets; b++) {
      if (this.bMin[b] === Number.POSITIVE_INFINITY) {
        // An empty bucket is a gap; one NaN breaks the line however many buckets it spans.
        if (!emptyRun && times.length > 0) {
          times.push(this.fromS + b * this.bucketS)
          values.push(Number.NaN)
        }
        emptyRun = true
        continue
      }
      emptyRun = false
      const minFirst = this.bMinAt[b]! <= this.bMaxAt[b]!
      const pairs: [number, number][] = minFirst ? [[this.bMinAt[b]!, this.bMin[b]!], [this.bMaxAt[b]!, this.bMax[b]!]] : [[this.bMaxAt[b]!, this.bMax[b]!], [this.bMinAt[b]!, this.bMin[b]!]]
      for (const [t, v] of pairs) {
        times.push(t)
        values.push(v)
      }
    }
    return { downsampled: true, times: Float32Array.from(times), values: Float32Array.from(values) }
  }
}
