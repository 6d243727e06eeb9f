/**
 * Does the sampling rate fit the signal? A rate given wrongly (a 2048 Hz file imported as
 * 256 Hz, or the rate of another device) silently stretches or squeezes every beat; the heart
 * rate it implies gives it away. The R peaks of 10 s windows are found at the rate given
 * (Pan–Tompkins, src/signal/r-peaks.ts); when most windows give a heart rate below 30 or above
 * 220 bpm, the user is told in plain words, with a common rate that would give a plausible one.
 * Never a refusal: animals and neonates have other rates, and the user decides.
 */
import type { RecordingRef } from '../formats/types.js'
import { PLAUSIBLE_BPM } from '../signal/beat-plausibility.js'
import { detectRPeaks } from '../signal/r-peaks.js'

// The bounds live with the beat check of src/signal, which window review uses too.
export { PLAUSIBLE_BPM }
const WINDOW_S = 10
/** Windows looked at (from the start): 5 minutes is enough to see a rate is off. */
const MAX_WINDOWS = 30
/** Samples looked at per candidate rate, so that a 10 kHz candidate stays quick. */
const MAX_SAMPLES = 400_000
/** Rates recorders use; a wrong rate is most often another of these. */
const COMMON_RATES = [100, 125, 128, 200, 250, 256, 300, 360, 400, 500, 512, 700, 1000, 1024, 2000, 2048, 4000, 4096, 8000, 10000]

export interface RateCheck {
  /** The rate checked, Hz. */
  readonly fs: number
  /** Windows with a usable signal (not flat, not all NaN) that were looked at. */
  readonly windows: number
  /** How many of them gave a heart rate outside PLAUSIBLE_BPM. */
  readonly implausible: number
  /** Median heart rate over those windows, bpm (0 when no window had two beats). */
  readonly medianBpm: number
}

export interface RateWarning extends RateCheck {
  /** A common rate at which most windows give a plausible heart rate, and that rate. */
  readonly suggestion: { readonly fs: number; readonly medianBpm: number } | undefined
  /** The warning in plain words (no command-line flags: the app shows it too). */
  readonly message: string
}

/** Heart rates of the first windows of `x` read at `fs` (see RateCheck). */
export function heartRateAt(x: Float64Array, fs: number): RateCheck {
  const size = Math.round(WINDOW_S * fs)
  const count = Math.min(MAX_WINDOWS, Math.floor(x.length / size), Math.max(1, Math.floor(MAX_SAMPLES / size)))
  const rates: number[] = []
  let implausible = 0
  for (let w = 0; w < count; w++) {
    const window = x.subarray(w * size, (w + 1) * size)
    if (!usable(window)) continue
    const peaks = detectRPeaks(window, fs)
    // Fewer than two beats in 10 s is under 12 bpm; count it as such.
    const bpm = peaks.length < 2 ? (60 * peaks.length) / WINDOW_S : (60 * fs * (peaks.length - 1)) / (peaks[peaks.length - 1]! - peaks[0]!)
    rates.push(bpm)
    if (bpm < PLAUSIBLE_BPM.min || bpm > PLAUSIBLE_BPM.max) implausible++
  }
  return { fs, windows: rates.length, implausible, medianBpm: median(rates) }
}

/**
 * A warning when the heart rate at `fs` is implausible, else undefined (also when the signal is
 * too short to tell). Two views of the same beats: the R peaks of 10 s windows (most windows
 * implausible), and the beat period of the whole stretch from the autocorrelation of its slope
 * (see beatPeriod) — the detector's band-pass is tuned in Hz, so at a rate 8× off it locks onto
 * the parts of one stretched QRS and reports a normal-looking rate; the period does not.
 * `what` names the signal in the message.
 */
export function checkSamplingRate(x: Float64Array, fs: number, what = 'the ECG'): RateWarning | undefined {
  const check = heartRateAt(x, fs)
  const period = beatPeriod(x, fs)
  const periodBpm = period === undefined ? undefined : (60 * fs) / period
  const byPeaks = check.windows > 0 && check.implausible * 2 > check.windows
  const byPeriod = periodBpm !== undefined && !plausible(periodBpm)
  if (!byPeaks && !byPeriod) return undefined
  const bpm = byPeriod ? (periodBpm) : check.medianBpm
  const suggestion = suggestRate(x, fs, period)
  const side = bpm < PLAUSIBLE_BPM.min ? `below ${PLAUSIBLE_BPM.min}` : `above ${PLAUSIBLE_BPM.max}`
  const windows = byPeaks ? ` in ${check.windows === 1 ? 'its first 10 s' : `${check.implausible} of its first ${check.windows} 10-second windows`}` : ''
  const instead = suggestion === undefined
    ? 'no common sampling rate gives a plausible one either'
    : `at ${suggestion.fs} Hz it would be about ${Math.round(suggestion.medianBpm)} bpm`
  const message = `At ${fs} Hz the heart rate of ${what} would be about ${Math.round(bpm)} bpm (${side} bpm${windows}), which is implausible for a human ECG; ${instead}. Check the sampling rate, unless the recording is of an animal or a newborn, whose heart rates differ.`
  return { ...check, medianBpm: bpm, suggestion, message }
}

/**
 * The common rate giving a plausible heart rate nearest 70 bpm: from the beat period when there
 * is one, else from the R peaks found at each candidate rate.
 */
function suggestRate(x: Float64Array, fs: number, period: number | undefined): RateWarning['suggestion'] {
  let best: { fs: number; medianBpm: number; distance: number } | undefined
  for (const rate of COMMON_RATES) {
    if (rate === fs) continue
    let bpm: number
    if (period !== undefined) {
      bpm = (60 * rate) / period
    } else {
      const check = heartRateAt(x, rate)
      if (check.windows === 0 || check.implausible * 5 > check.windows * 2) continue
      bpm = check.medianBpm
    }
    if (!plausible(bpm)) continue
    const distance = Math.abs(Math.log(bpm / 70))
    if (best === undefined || distance < best.distance) best = { fs: rate, medianBpm: bpm, distance }
  }
  return best === undefined ? undefined : { fs: best.fs, medianBpm: best.medianBpm }
}

function plausible(bpm: number): boolean {
  return bpm >= PLAUSIBLE_BPM.min && bpm <= PLAUSIBLE_BPM.max
}

/** Blocks the slope envelope is reduced to at the finest; the period is resolved to one block. */
const ENVELOPE_BLOCKS = 16_384
/** Samples the period is taken from at least, and seconds (at the rate given) at least. */
const PERIOD_MIN_SAMPLES = 1 << 18
const PERIOD_SPAN_S = 120
/** Longest period looked for, in seconds at the rate given (3 bpm). */
const MAX_PERIOD_S = 20
/** Autocorrelation a beat period needs to count: a clear rhythm, not noise. */
const MIN_PERIODICITY = 0.3
/**
 * A beat is a spike in the slope envelope: its period is many times the width of the central lobe
 * of the autocorrelation. A smooth rhythm (breathing, baseline wander, mains hum) is not.
 */
const SPIKINESS = 5

/**
 * The beat period in samples, found without any filter tuned in Hz: the signal is averaged in
 * blocks (a low-pass whatever the rate), the squared difference of consecutive blocks peaks at
 * every QRS (the steepest part of a beat), and its autocorrelation peaks at the period. Blocks
 * grow in powers of two until a spiky rhythm (see SPIKINESS; mains hum and breathing are smooth)
 * resolved by at least 8 blocks appears; it is then measured again on the finest blocks.
 * Undefined when the signal shows no clear rhythm.
 */
export function beatPeriod(x: Float64Array, fs: number): number | undefined {
  const n = Math.min(x.length, Math.max(PERIOD_MIN_SAMPLES, Math.round(PERIOD_SPAN_S * fs)))
  const base = Math.max(1, Math.floor(n / ENVELOPE_BLOCKS))
  let chosen: number | undefined
  for (let block = base; n / block >= 256 && chosen === undefined; block *= 2) {
    const acf = envelopeAcf(x, n, block, Math.ceil((MAX_PERIOD_S * fs) / block))
    const lag = acf === undefined ? undefined : periodLag(acf)
    if (lag !== undefined && lag >= 8) chosen = lag * block
  }
  if (chosen === undefined) return undefined
  // The same peak on the finest blocks, for precision.
  const acf = envelopeAcf(x, n, base, Math.ceil((chosen * 1.25) / base) + 1)
  if (acf === undefined) return chosen
  const lo = Math.max(1, Math.floor((chosen * 0.85) / base))
  const hi = Math.min(acf.length - 2, Math.ceil((chosen * 1.15) / base))
  let top = lo
  for (let lag = lo; lag <= hi; lag++) if (acf[lag]! > acf[top]!) top = lag
  return top > lo && top < hi ? refine(acf, top) * base : chosen
}

/** Autocorrelation (lags 0 … maxLag + 1) of the squared block-mean differences of x[0, n). */
function envelopeAcf(x: Float64Array, n: number, block: number, maxLag: number): Float64Array | undefined {
  const m = Math.floor(n / block) - 1
  if (m < 32) return undefined
  const e = new Float64Array(m)
  let previous = blockMean(x, 0, block)
  for (let b = 0; b < m; b++) {
    const next = blockMean(x, (b + 1) * block, block)
    const d = next - previous
    e[b] = Number.isFinite(d) ? d * d : 0
    previous = next
  }
  let mean = 0
  for (let b = 0; b < m; b++) mean += e[b]!
  mean /= m
  let energy = 0
  for (let b = 0; b < m; b++) {
    e[b] = e[b]! - mean
    energy += e[b]! * e[b]!
  }
  if (!(energy > 0)) return undefined
  const lags = Math.min(m >> 2, maxLag) + 2
  const acf = new Float64Array(lags)
  acf[0] = 1
  for (let lag = 1; lag < lags; lag++) {
    let sum = 0
    for (let b = 0; b + lag < m; b++) sum += e[b]! * e[b + lag]!
    acf[lag] = sum / energy
  }
  return acf
}

/**
 * The period's lag in an autocorrelation: after the central lobe (one beat overlapping itself,
 * until the correlation has died away), the first local peak within 80 % of the highest, so that
 * twice the period is not taken for it; undefined without a clear peak.
 */
function periodLag(acf: Float64Array): number | undefined {
  const last = acf.length - 2
  let start = 1
  while (start < last && acf[start]! > 0.1) start++
  let top = start
  for (let lag = start; lag <= last; lag++) if (acf[lag]! > acf[top]!) top = lag
  if (acf[top]! < MIN_PERIODICITY || top < SPIKINESS * start || top === last) return undefined
  for (let lag = start + 1; lag < top; lag++) {
    if (acf[lag]! >= 0.8 * acf[top]! && acf[lag]! >= acf[lag - 1]! && acf[lag]! >= acf[lag + 1]!) return refine(acf, lag)
  }
  return refine(acf, top)
}

/** Mean of the finite samples of x[start, start + length); NaN when there are none. */
function blockMean(x: Float64Array, start: number, length: number): number {
  let sum = 0
  let count = 0
  for (let i = start, end = Math.min(x.length, start + length); i < end; i++) {
    const v = x[i]!
    if (Number.isFinite(v)) {
      sum += v
      count++
    }
  }
  return count === 0 ? Number.NaN : sum / count
}

/** The peak of the parabola through a local maximum and its neighbours (sub-block precision). */
function refine(acf: Float64Array, lag: number): number {
  const a = acf[lag - 1] ?? acf[lag]!
  const b = acf[lag]!
  const c = acf[lag + 1] ?? acf[lag]!
  const denominator = a - 2 * b + c
  return denominator < 0 ? lag + (0.5 * (a - c)) / denominator : lag
}

/** A window with some variation among its finite samples (flat or all-NaN stretches say nothing). */
function usable(x: Float64Array): boolean {
  let min = Infinity
  let max = -Infinity
  let finite = 0
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!
    if (!Number.isFinite(v)) continue
    finite++
    if (v < min) min = v
    if (v > max) max = v
  }
  return finite > x.length / 2 && max > min
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Recordings checked per sampling rate during an import (the first ones, as they load). */
const CHECKED_PER_RATE = 5

/**
 * Checks the sampling rate of an import's recordings as they load (no extra reads): the first
 * few recordings of each rate; one warning per rate whose heart rate is implausible.
 */
export class RateWatch {
  private readonly byRate = new Map<number, { checked: number; implausible: number; first: RateWarning | undefined }>()

  /** The recordings, each checked when its samples are loaded. */
  watch(recordings: readonly RecordingRef[]): RecordingRef[] {
    return recordings.map((rec) => ({
      ...rec,
      load: async () => {
        const x = await rec.load()
        const seen = this.byRate.get(rec.fs) ?? { checked: 0, implausible: 0, first: undefined }
        this.byRate.set(rec.fs, seen)
        if (seen.checked < CHECKED_PER_RATE) {
          seen.checked++
          const warning = checkSamplingRate(x, rec.fs, `${rec.subject} ${rec.trial} (channel '${rec.channel}')`)
          if (warning !== undefined) {
            seen.implausible++
            seen.first ??= warning
          }
        }
        return x
      },
    }))
  }

  /** One sentence per rate that gave an implausible heart rate. */
  warnings(): string[] {
    return [...this.byRate.values()].flatMap(({ checked, implausible, first }) => {
      if (first === undefined) return []
      return [checked === 1 ? first.message : `${first.message} (${implausible} of the first ${checked} recordings at ${first.fs} Hz look like this.)`]
    })
  }
}
