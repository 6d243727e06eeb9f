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
 * The pass runs on the `scanRuns` WebAssembly kernel when available; a recording with NaN or
 * infinite samples takes a second, JavaScript pass that also locates them.
 */
import type { WindowQuality } from '../contracts/datasets.js'
import { wasmDsp, type WasmDsp } from './dsp-wasm.js'
import { floorDiv } from './int-math.js'

/** Bits of a per-sample quality mask: one per fault of the window quality values (contracts/datasets.ts). */
export const QUALITY_BITS = { nan: 1, flat: 2, clipped: 4 } as const satisfies Record<Exclude<WindowQuality, 'ok'>, number>

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

/** Turns runs of ≥ clipLen identical values (start, end, value triples) into flat/clipped runs. */
function classifyRuns(candidates: readonly number[], flatLen: number, min: number, max: number, into: BadRun[]): void {
  for (let c = 0; c < candidates.length; c += 3) {
    const start = candidates[c]!
    const end = candidates[c + 1]!
    const value = candidates[c + 2]!
    let bits = 0
    if (end - start >= flatLen) bits |= QUALITY_BITS.flat
    if (value === max || value === min) bits |= QUALITY_BITS.clipped
    if (bits !== 0) into.push({ start, end, bits })
  }
}

/** Finds NaN/Inf, flat and clipped runs in raw samples recorded at fs Hz. */
export function scanQuality(raw: Float64Array, fs: number): QualityScan {
  const flatLen = Math.max(2, Math.ceil(FLAT_SECONDS * fs))
  const clipLen = Math.max(CLIP_MIN_SAMPLES, Math.ceil(CLIP_SECONDS * fs))
  if (raw.length === 0) return { runs: [], nonFiniteCount: 0 }
  const dsp = wasmDsp()
  const finite = dsp !== undefined ? scanFiniteWasm(dsp, raw, clipLen) : scanFiniteJs(raw, clipLen)
  if (finite === undefined) return scanWithNonFinite(raw, flatLen, clipLen)
  const runs: BadRun[] = []
  classifyRuns(finite.candidates, flatLen, finite.min, finite.max, runs)
  return { runs, nonFiniteCount: 0 }
}

/** The common case, all finite, in one pass: min, max and runs of ≥ clipLen identical values. */
interface FiniteScan {
  readonly min: number
  readonly max: number
  readonly candidates: number[]
}

/**
 * One tight pass; undefined when a sample is NaN or infinite (a checksum Σ(v − v) is 0
 * exactly when all are finite), for the general pass to redo.
 */
function scanFiniteJs(raw: Float64Array, clipLen: number): FiniteScan | undefined {
  const n = raw.length
  const candidates: number[] = []
  let check = 0
  let min = Infinity
  let max = -Infinity
  let runStart = 0
  let runValue = NaN // equal to nothing: no run yet
  for (let i = 0; i < n; i++) {
    const v = raw[i]!
    check += v - v
    if (v === runValue) continue
    if (i - runStart >= clipLen) candidates.push(runStart, i, runValue)
    runStart = i
    runValue = v
    if (v < min) min = v
    if (v > max) max = v
  }
  if (check !== 0) return undefined
  if (n - runStart >= clipLen) candidates.push(runStart, n, runValue)
  return { min, max, candidates }
}

const SCAN_STATE = 0 // bytes: runStart i32, count i32, runValue, min, max f64
const SCAN_CAND = 64 // (start, end, value) f64 triples
const SCAN_CAPACITY = 256
const SCAN_CHUNK = 8192 // byte offset of the input chunk
const SCAN_CHUNK_SAMPLES = 1 << 16

/** scanFiniteJs on the `scanRuns` kernel, feeding it the signal in chunks. */
function scanFiniteWasm(dsp: WasmDsp, raw: Float64Array, clipLen: number): FiniteScan | undefined {
  const n = raw.length
  if (n >= 2 ** 31) return scanFiniteJs(raw, clipLen) // i32 sample indices in the kernel
  dsp.ensure(SCAN_CHUNK + SCAN_CHUNK_SAMPLES * 8)
  dsp.i32.fill(0, SCAN_STATE / 4, SCAN_STATE / 4 + 2)
  dsp.f64.set([NaN, Infinity, -Infinity], SCAN_STATE / 8 + 1)
  const candidates: number[] = []
  for (let base = 0; base < n; base += SCAN_CHUNK_SAMPLES) {
    const len = Math.min(SCAN_CHUNK_SAMPLES, n - base)
    dsp.f64.set(raw.subarray(base, base + len), SCAN_CHUNK / 8)
    for (let done = 0; done < len; ) {
      done += dsp.k.scanRuns(SCAN_CHUNK + done * 8, len - done, base + done, clipLen, SCAN_STATE, SCAN_CAND, SCAN_CAPACITY)
      const count = dsp.i32[SCAN_STATE / 4 + 1]!
      for (let c = 0; c < 3 * count; c++) candidates.push(dsp.f64[SCAN_CAND / 8 + c]!)
      dsp.i32[SCAN_STATE / 4 + 1] = 0
    }
  }
  const runStart = dsp.i32[SCAN_STATE / 4]!
  const runValue = dsp.f64[SCAN_STATE / 8 + 1]!
  const min = dsp.f64[SCAN_STATE / 8 + 2]!
  const max = dsp.f64[SCAN_STATE / 8 + 3]!
  if (!Number.isFinite(min) || !Number.isFinite(max)) return undefined
  if (n - runStart >= clipLen) candidates.push(runStart, n, runValue)
  return { min, max, candidates }
}

/** The general pass: non-finite runs, and min/max and identical runs over finite values only. */
function scanWithNonFinite(raw: Float64Array, flatLen: number, clipLen: number): QualityScan {
  const n = raw.length
  const runs: BadRun[] = []
  const candidates: number[] = []
  let nonFiniteCount = 0
  let min = Infinity
  let max = -Infinity
  let runStart = 0
  let runValue = NaN
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
      runs.push({ start: i, end: j, bits: QUALITY_BITS.nan })
      nonFiniteCount += j - i
      runStart = j
      runValue = NaN
      i = j - 1
    }
  }
  if (n - runStart >= clipLen && runValue === runValue) candidates.push(runStart, n, runValue)
  classifyRuns(candidates, flatLen, min, max, runs)
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
