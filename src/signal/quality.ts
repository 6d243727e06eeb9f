/**
 * Signal-quality flags on a raw recording, at its own sampling rate, in one pass:
 *
 * - nan:     NaN or ±Infinity samples;
 * - flat:    a run of identical values lasting at least FLAT_SECONDS (1 s): a disconnected
 *            lead or a stalled amplifier, which no real ECG produces;
 * - clipped: a run of identical values at the recording's maximum or minimum lasting at least
 *            CLIP_SECONDS (10 ms) and at least CLIP_MIN_SAMPLES (3) samples: the ADC pinned
 *            at a rail. (A genuine R peak may touch the maximum for a sample or two, not longer.)
 *
 * Flags are kept as runs of input samples and mapped to the output grid after resampling,
 * so no per-sample mask is built at the input rate (a 1 h recording at 2048 Hz is 7 M samples).
 */

/** Bits of a per-sample quality mask. */
export const QUALITY_BITS = { nan: 1, flat: 2, clipped: 4 } as const

export const FLAT_SECONDS = 1.0
export const CLIP_SECONDS = 0.01
export const CLIP_MIN_SAMPLES = 3

/** Samples start … end−1 carry the OR of QUALITY_BITS in `bits`. */
export interface BadRun {
  readonly start: number
  readonly end: number
  readonly bits: number
}

export interface QualityScan {
  /** Sorted by start; runs of different kinds may overlap. */
  readonly runs: readonly BadRun[]
  readonly nonFiniteCount: number
}

/** Finds NaN/Inf, flat and clipped runs in raw samples recorded at fs Hz. */
export function scanQuality(raw: Float64Array, fs: number): QualityScan {
  const n = raw.length
  const flatLen = Math.max(2, Math.ceil(FLAT_SECONDS * fs))
  const clipLen = Math.max(CLIP_MIN_SAMPLES, Math.ceil(CLIP_SECONDS * fs))
  const nanRuns: BadRun[] = []
  // runs of ≥ clipLen identical finite values: start, end, value (classified once min/max are known)
  const candidates: number[] = []
  let nonFiniteCount = 0
  let min = Infinity
  let max = -Infinity
  let runStart = 0
  let runValue = NaN // never equal to anything: no run yet
  for (let i = 0; i < n; i++) {
    const v = raw[i]!
    if (v === runValue) continue
    if (i - runStart >= clipLen && runValue === runValue) candidates.push(runStart, i, runValue)
    if (v - v === 0) {
      runStart = i
      runValue = v
      if (v < min) min = v
      if (v > max) max = v
    } else {
      let j = i + 1
      while (j < n && !(raw[j]! - raw[j]! === 0)) j++
      nanRuns.push({ start: i, end: j, bits: QUALITY_BITS.nan })
      nonFiniteCount += j - i
      runStart = j
      runValue = NaN
      i = j - 1
    }
  }
  if (n - runStart >= clipLen && runValue === runValue) candidates.push(runStart, n, runValue)

  const runs = nanRuns
  for (let c = 0; c < candidates.length; c += 3) {
    const start = candidates[c]!
    const end = candidates[c + 1]!
    const value = candidates[c + 2]!
    let bits = 0
    if (end - start >= flatLen) bits |= QUALITY_BITS.flat
    if (value === max || value === min) bits |= QUALITY_BITS.clipped
    if (bits !== 0) runs.push({ start, end, bits })
  }
  runs.sort((a, b) => a.start - b.start)
  return { runs, nonFiniteCount }
}

/**
 * A copy of raw with every non-finite sample replaced by linear interpolation between the
 * nearest finite neighbours (held constant at the edges; all zeros if nothing is finite), so
 * that NaNs cannot spread through the filters. Returns raw itself when nothing needs filling.
 */
export function fillNonFinite(raw: Float64Array, scan: QualityScan): Float64Array {
  if (scan.nonFiniteCount === 0) return raw
  const out = raw.slice()
  const n = raw.length
  for (const run of scan.runs) {
    if ((run.bits & QUALITY_BITS.nan) === 0) continue
    const a = run.start - 1
    const b = run.end
    const left = a >= 0 ? raw[a]! : undefined
    const right = b < n ? raw[b]! : undefined
    for (let i = run.start; i < run.end; i++) {
      if (left !== undefined && right !== undefined) out[i] = left + ((right - left) * (i - a)) / (b - a)
      else out[i] = left ?? right ?? 0
    }
  }
  return out
}

function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b)
  if (q * b > a) q -= 1
  else if ((q + 1) * b <= a) q += 1
  return q
}

/**
 * Per-output-sample mask after resampling by up/down. Output k sits at input position
 * k·down/up and stands for the input span of half the coarser sample spacing either side,
 * ±max(up, down)/(2·up) input samples (conservative for both down- and upsampling). An output
 * sample gets a run's bits when that span touches the run.
 */
export function runsToOutputMask(runs: readonly BadRun[], nOut: number, up: number, down: number): Uint8Array {
  const mask = new Uint8Array(nOut)
  const wide = Math.max(up, down)
  for (const run of runs) {
    // 2·k·down ≥ 2·start·up − wide  and  2·k·down ≤ 2·(end−1)·up + wide
    const kLo = Math.max(0, -floorDiv(-(2 * run.start * up - wide), 2 * down))
    const kHi = Math.min(nOut - 1, floorDiv(2 * (run.end - 1) * up + wide, 2 * down))
    for (let k = kLo; k <= kHi; k++) mask[k] = mask[k]! | run.bits
  }
  return mask
}
