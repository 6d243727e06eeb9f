/**
 * The preprocessing of METHOD.md §2, per recording and per subject:
 *
 *   filterRecording     raw → quality runs (at the raw rate) → NaN gaps filled → resample_poly
 *                       to targetFs → Butterworth high-pass, zero phase (sosfiltfilt) → mask
 *   robustSubjectStats  mean and robust sd over the good samples of all a subject's recordings
 *   cutWindows          z-scored windows of windowSeconds with the chosen overlap, each with
 *                       its quality
 *
 * On clean input this is exactly the SciPy peer's preprocess() (shared/bench), which the tests
 * check against.
 */
import { InputError } from '../common/input-error.js'
import type { WindowQuality } from '../contracts/datasets.js'
import { butterworthHighpassSos, type Sos } from './butterworth.js'
import { wasmDsp } from './dsp-wasm.js'
import { QUALITY_BITS, fillNonFinite, runsToOutputMask, scanQuality } from './quality.js'
import { rationalRatio, resamplePoly } from './resample.js'
import { minimumLengthForFiltfilt, sosfiltfilt } from './sosfiltfilt.js'
import { robustStatsOf } from './zscore.js'

export { QUALITY_BITS } from './quality.js'

export interface PreprocessParams {
  readonly targetFs: number
  readonly highpassHz: number
  readonly highpassOrder: number
  readonly windowSeconds: number
  readonly overlapPercent: number
  readonly zscoreLowPercentile: number
  readonly zscoreHighPercentile: number
}

/** METHOD.md §2: 256 Hz, high-pass 0.8 Hz (order 4), 10 s windows, no overlap, 2.5…97.5 %. */
export const DEFAULT_PREPROCESS: PreprocessParams = Object.freeze({
  targetFs: 256,
  highpassHz: 0.8,
  highpassOrder: 4,
  windowSeconds: 10,
  overlapPercent: 0,
  zscoreLowPercentile: 2.5,
  zscoreHighPercentile: 97.5,
})

export type { WindowQuality }

export interface FilteredRecording {
  /** The nominal output rate (targetFs); for non-integer input rates see rationalRatio. */
  readonly fs: number
  readonly signal: Float64Array
  /** Per output sample, the OR of QUALITY_BITS of the raw samples it depends on. */
  readonly badMask: Uint8Array
}

export interface SubjectStats {
  readonly mean: number
  readonly sd: number
  /** Good samples the statistics were computed over. */
  readonly sampleCount: number
}

export interface EcgWindow {
  /** First sample, at targetFs. */
  readonly startSample: number
  readonly startS: number
  /** (x − mean)/sd, windowSeconds·targetFs samples. */
  readonly samples: Float32Array
  readonly quality: WindowQuality
}

const sosCache = new Map<string, Sos>()

function highpass(params: PreprocessParams): Sos {
  const key = `${params.highpassOrder}/${params.highpassHz}/${params.targetFs}`
  let sos = sosCache.get(key)
  if (sos === undefined) {
    sos = butterworthHighpassSos(params.highpassOrder, params.highpassHz, params.targetFs)
    sosCache.set(key, sos)
  }
  return sos
}

/**
 * Resamples one raw recording to params.targetFs and removes baseline wander, marking bad
 * samples. Throws a plain Error when the recording is too short for the zero-phase filter
 * (callers skip such recordings); fsIn must be positive.
 */
export function filterRecording(raw: Float64Array, fsIn: number, params: PreprocessParams): FilteredRecording {
  const scan = scanQuality(raw, fsIn)
  const filled = fillNonFinite(raw, scan)
  const { up, down } = rationalRatio(fsIn, params.targetFs)
  const resampled = resamplePoly(filled, up, down)
  const sos = highpass(params)
  const needed = minimumLengthForFiltfilt(sos)
  if (resampled.length < needed) {
    throw new Error(
      `the recording is too short to filter: ${resampled.length} samples at ${params.targetFs} Hz, at least ${needed} needed`,
    )
  }
  const signal = sosfiltfilt(sos, resampled)
  return { fs: params.targetFs, signal, badMask: runsToOutputMask(scan.runs, signal.length, up, down) }
}

/**
 * Per-subject z-score statistics over the good (unmasked) samples of all the subject's
 * recordings: mean over all of them, sd (ddof 0) over the sorted samples from index
 * ⌊low%·n⌋ to ⌊high%·n⌋ (exclusive), as the peer's s[int(0.025n):int(0.975n)].std().
 * With no good samples, mean and sd are NaN and sampleCount 0.
 */
export function robustSubjectStats(recordings: readonly FilteredRecording[], params: PreprocessParams): SubjectStats {
  const good = recordings.map((r) => goodSampleCount(r.badMask))
  const total = good.reduce((a, b) => a + b, 0)
  const stats = robustStatsOf(total, (dst, offset) => {
    let at = offset
    recordings.forEach((r, i) => {
      if (good[i] === r.signal.length) {
        dst.set(r.signal, at)
        at += r.signal.length
      } else {
        const { signal, badMask } = r
        for (let j = 0; j < signal.length; j++) if (badMask[j] === 0) dst[at++] = signal[j]!
      }
    })
  }, params.zscoreLowPercentile, params.zscoreHighPercentile)
  return { mean: stats.mean, sd: stats.sd, sampleCount: total }
}

/** Samples with mask 0; a quick OR (on the kernels when available) settles the clean case. */
function goodSampleCount(mask: Uint8Array): number {
  const dsp = wasmDsp()
  let any: number
  if (dsp !== undefined && mask.length < 2 ** 30) {
    dsp.ensure(mask.length)
    dsp.u8.set(mask, 0)
    any = dsp.k.orBytes(0, mask.length)
  } else {
    any = orOfBytes(mask, 0, mask.length)
  }
  if (any === 0) return mask.length
  let n = 0
  for (let i = 0; i < mask.length; i++) if (mask[i] === 0) n++
  return n
}

/** OR of mask[from … to). */
function orOfBytes(mask: Uint8Array, from: number, to: number): number {
  let bits = 0
  for (let i = from; i < to; i++) bits |= mask[i]!
  return bits
}

/** Window length in samples and hop between window starts. */
export function windowGeometry(params: PreprocessParams): { length: number; hop: number } {
  const length = Math.round(params.windowSeconds * params.targetFs)
  return { length, hop: Math.max(1, Math.round(length * (1 - params.overlapPercent / 100))) }
}

/**
 * Cuts full windows (no partial window at the end) of z-scored samples. A window's quality is
 * the first of nan, flat, clipped found in its span, else ok. Throws a plain Error when the
 * statistics cannot z-score (sd not a positive number: a flat or empty subject).
 */
export function cutWindows(recording: FilteredRecording, stats: SubjectStats, params: PreprocessParams): EcgWindow[] {
  if (!(stats.sd > 0 && Number.isFinite(stats.sd)) || !Number.isFinite(stats.mean)) {
    throw new Error(`cannot z-score: the subject's robust standard deviation is ${stats.sd} (flat or no good signal)`)
  }
  const { length, hop } = windowGeometry(params)
  const { signal, badMask } = recording
  const n = signal.length
  if (badMask.length !== n) throw new Error(`the quality mask has ${badMask.length} entries for ${n} samples`)
  const mean = stats.mean
  const inv = 1 / stats.sd
  const starts: number[] = []
  for (let start = 0; start + length <= n; start += hop) starts.push(start)
  const window = (start: number, samples: Float32Array, bits: number): EcgWindow => ({
    startSample: start,
    startS: start / params.targetFs,
    samples,
    quality: bits & QUALITY_BITS.nan ? 'nan' : bits & QUALITY_BITS.flat ? 'flat' : bits & QUALITY_BITS.clipped ? 'clipped' : 'ok',
  })
  const dsp = wasmDsp()
  if (dsp !== undefined && n < 2 ** 26) {
    // z-score the whole recording once into float32 (kernel memory: signal, float32, mask)
    const f32At = n * 8
    const maskAt = n * 12
    dsp.ensure(n * 13)
    dsp.f64.set(signal, 0)
    dsp.k.zscoreF32(0, f32At, n, mean, inv)
    dsp.u8.set(badMask, maskAt)
    return starts.map((start) =>
      window(start, dsp.f32.slice(f32At / 4 + start, f32At / 4 + start + length), dsp.k.orBytes(maskAt + start, length)))
  }
  return starts.map((start) => {
    const samples = new Float32Array(length)
    for (let i = 0; i < length; i++) samples[i] = (signal[start + i]! - mean) * inv
    return window(start, samples, orOfBytes(badMask, start, start + length))
  })
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new InputError(message)
}

/** Fills in defaults and checks every parameter, throwing InputError with one clear sentence. */
export function validatePreprocessParams(p: Partial<PreprocessParams>): PreprocessParams {
  const v: PreprocessParams = { ...DEFAULT_PREPROCESS, ...p }
  const num = (x: number): boolean => typeof x === 'number' && Number.isFinite(x)
  check(num(v.targetFs) && v.targetFs > 0, `The target sampling rate must be a positive number of Hz (got ${String(v.targetFs)}).`)
  check(
    num(v.highpassHz) && v.highpassHz > 0 && v.highpassHz < v.targetFs / 2,
    `The high-pass edge must be above 0 Hz and below half the target rate, ${v.targetFs / 2} Hz (got ${String(v.highpassHz)}).`,
  )
  check(
    Number.isInteger(v.highpassOrder) && v.highpassOrder >= 1 && v.highpassOrder <= 12,
    `The high-pass filter order must be a whole number from 1 to 12 (got ${String(v.highpassOrder)}).`,
  )
  check(
    num(v.windowSeconds) && v.windowSeconds > 0 && Math.round(v.windowSeconds * v.targetFs) >= 2,
    `The window length must be a positive number of seconds spanning at least 2 samples (got ${String(v.windowSeconds)}).`,
  )
  check(
    num(v.overlapPercent) && v.overlapPercent >= 0 && v.overlapPercent <= 90,
    `The window overlap must be between 0 and 90 percent (got ${String(v.overlapPercent)}).`,
  )
  check(
    num(v.zscoreLowPercentile) && num(v.zscoreHighPercentile) &&
      v.zscoreLowPercentile >= 0 && v.zscoreLowPercentile < v.zscoreHighPercentile && v.zscoreHighPercentile <= 100,
    `The z-score percentiles must satisfy 0 ≤ low < high ≤ 100 (got ${String(v.zscoreLowPercentile)} and ${String(v.zscoreHighPercentile)}).`,
  )
  return Object.freeze(v)
}
