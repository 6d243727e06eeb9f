/**
 * Robust z-score statistics of METHOD.md §2, defined as the SciPy peer computes them
 * (shared/bench/peer_numpy_pipeline.py):
 *
 *   s = sort(y); n = len(s)
 *   mean = y.mean()
 *   sd   = s[int(0.025·n) : int(0.975·n)].std()      (ddof 0)
 *
 * The slice is the multiset of order statistics lo … hi−1, which two selections find without
 * sorting: after nth_element at lo and then at hi−1 within [lo, n), positions lo … hi−1 hold
 * exactly those values (in some order). Hand-written (Floyd–Rivest selection) because sorting
 * ~0.5 M samples per subject dominated the peer's time and no dependency is needed for it.
 */

import { wasmDsp } from './dsp-wasm.js'

/** Mean and robust standard deviation of a set of samples. */
export interface RobustStats {
  readonly mean: number
  /** Standard deviation (ddof 0) of the order statistics between the two percentiles; NaN if none. */
  readonly sd: number
  readonly count: number
}

/** [lo, hi) of the sorted slice, with the peer's int(p·n) truncation (p = percent / 100). */
export function percentileSliceBounds(n: number, lowPercent: number, highPercent: number): [number, number] {
  return [Math.floor((lowPercent / 100) * n), Math.floor((highPercent / 100) * n)]
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!
  a[i] = a[j]!
  a[j] = t
}

/**
 * One partitioning step of SELECT around t = a[k] within a[left…right] (Hoare-style, so runs
 * of equal values cost no more than distinct ones); returns the final position j of t.
 * The `partition` kernel of dsp-wasm.ts does exactly the same moves.
 */
function partitionJs(a: Float64Array, k: number, left: number, right: number): number {
  const t = a[k]!
  let i = left
  let j = right
  swap(a, left, k)
  if (a[right]! > t) swap(a, left, right)
  while (i < j) {
    swap(a, i, j)
    i++
    j--
    while (a[i]! < t) i++
    while (a[j]! > t) j--
  }
  if (a[left] === t) swap(a, left, j)
  else {
    j++
    swap(a, j, right)
  }
  return j
}

/**
 * Floyd & Rivest (1975) SELECT: rearranges a[left…right] so that position k holds the value a
 * sorted array would hold there, nothing larger before it and nothing smaller after it.
 * Ranges over 600 first recurse on a sample to find a pivot very close to the k-th value, so
 * the big partition's comparisons are nearly all predictable. Values must not be NaN.
 */
function floydRivest(partition: (k: number, left: number, right: number) => number, k: number, left: number, right: number): void {
  while (right > left) {
    if (right - left > 600) {
      const n = right - left + 1
      const m = k - left + 1
      const z = Math.log(n)
      const s = 0.5 * Math.exp((2 * z) / 3)
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1)
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd))
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd))
      floydRivest(partition, k, newLeft, newRight)
    }
    const j = partition(k, left, right)
    if (j <= k) left = j + 1
    if (k <= j) right = j - 1
  }
}

/** Selection in a JavaScript array (see floydRivest). */
export function selectInPlace(a: Float64Array, k: number, left = 0, right = a.length - 1): void {
  floydRivest((kk, l, r) => partitionJs(a, kk, l, r), k, left, right)
}

/** Compensated (Neumaier) sum of a[from…to): the mean of a high-passed signal is near 0. */
function sum(a: Float64Array, from: number, to: number): number {
  let s = 0
  let c = 0
  for (let i = from; i < to; i++) {
    const v = a[i]!
    const t = s + v
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s
    s = t
  }
  return s + c
}

/**
 * Robust statistics of `scratch`, which is reordered (pass a copy you do not need).
 * `mean` is over all samples; `sd` over the percentile slice as defined above.
 */
export function robustStatsInPlace(scratch: Float64Array, lowPercent = 2.5, highPercent = 97.5): RobustStats {
  const n = scratch.length
  const mean = n > 0 ? sum(scratch, 0, n) / n : NaN
  const [lo, hi] = percentileSliceBounds(n, lowPercent, highPercent)
  if (hi <= lo) return { mean, sd: NaN, count: n }
  selectInPlace(scratch, lo, 0, n - 1)
  selectInPlace(scratch, hi - 1, lo, n - 1)
  const sliceMean = sum(scratch, lo, hi) / (hi - lo)
  let ss = 0
  let c = 0
  for (let i = lo; i < hi; i++) {
    const d = scratch[i]! - sliceMean
    const v = d * d
    const t = ss + v
    c += ss >= v ? ss - t + v : v - t + ss
    ss = t
  }
  return { mean, sd: Math.sqrt((ss + c) / (hi - lo)), count: n }
}

/**
 * Robust statistics of n samples that `fill` writes into dst[offset … offset+n): on the
 * WebAssembly kernels (sum, select, sumSqDev) when available, else robustStatsInPlace.
 */
export function robustStatsOf(n: number, fill: (dst: Float64Array, offset: number) => void, lowPercent = 2.5, highPercent = 97.5): RobustStats {
  const dsp = wasmDsp()
  if (dsp === undefined || n >= 2 ** 27) {
    const scratch = new Float64Array(n)
    fill(scratch, 0)
    return robustStatsInPlace(scratch, lowPercent, highPercent)
  }
  dsp.ensure(n * 8)
  fill(dsp.f64, 0)
  const k = dsp.k
  const mean = n > 0 ? k.sum(0, n) / n : NaN
  const [lo, hi] = percentileSliceBounds(n, lowPercent, highPercent)
  if (hi <= lo) return { mean, sd: NaN, count: n }
  const partition = (kk: number, l: number, r: number): number => k.partition(0, kk, l, r)
  floydRivest(partition, lo, 0, n - 1)
  floydRivest(partition, hi - 1, lo, n - 1)
  const sliceMean = k.sum(lo * 8, hi - lo) / (hi - lo)
  return { mean, sd: Math.sqrt(k.sumSqDev(lo * 8, hi - lo, sliceMean) / (hi - lo)), count: n }
}

/** Robust statistics of y (not modified). */
export function robustStats(y: Float64Array, lowPercent = 2.5, highPercent = 97.5): RobustStats {
  return robustStatsOf(y.length, (dst, offset) => dst.set(y, offset), lowPercent, highPercent)
}
