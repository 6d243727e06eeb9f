/**
 * Polyphase resampling, a port of scipy.signal.resample_poly (SciPy 1.10, `_signaltools.py`)
 * with its defaults: window ('kaiser', 5.0), padtype 'constant' (zeros outside the signal).
 *
 * Hand-written because no npm library reproduces resample_poly: the method's results
 * (preprocessing of METHOD.md §2) are defined by SciPy's filter design, output length and
 * phase alignment, and the tests compare against SciPy sample for sample.
 *
 * SciPy designs h = firwin(2·half_len + 1, 1/max(up, down), window=('kaiser', 5)) · up with
 * half_len = 10·max(up, down), runs upfirdn over the zero-stuffed input and keeps the outputs
 * n_pre_remove … n_pre_remove + n_out, where n_pre_pad = down − half_len mod down makes
 * (half_len + n_pre_pad) a multiple of down. Working that through, output k is exactly
 *
 *   y[k] = Σ_i h[half_len + k·down − i·up] · x[i]   (terms with the tap index in range)
 *
 * i.e. the filter is centred on input position k·down/up. We compute only those outputs,
 * one polyphase branch at a time (see fir-kernel.ts), never the zero-stuffed signal.
 */
import { defaultFirBackend, type FirBackend } from './fir-kernel.js'
import { floorDiv } from './int-math.js'

/**
 * Largest numerator or denominator rationalRatio uses for non-integer rates. The work per
 * output sample does not grow with it (≈ 20·max(1, down/up) taps); only the one-off filter
 * design does (20·max(up, down) + 1 taps, 3 MB at this bound).
 */
export const MAX_RATIONAL_TERM = 20000

/** Kaiser window β of resample_poly's default window. */
const KAISER_BETA = 5.0

/** Inputs copied into the workspace per block (bounds the workspace to a few MB). */
const BLOCK_INPUT = 1 << 17

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b]
  return a
}

/**
 * Up/down factors taking fsIn to fsOut. Integer rates give the exact reduced fraction
 * (2048→256 = 1/8, 700→256 = 64/175, 360→256 = 32/45, 128→256 = 2/1), however large the
 * terms. Non-integer rates get the best rational approximation with up, down ≤
 * MAX_RATIONAL_TERM (20000): exact when such a fraction exists (999.9→256 = 2560/9999),
 * otherwise the output rate fsIn·up/down is within a relative 2e-5 of fsOut (the worst case
 * measured over 30…8000 Hz; usually far less).
 */
export function rationalRatio(fsIn: number, fsOut: number): { up: number; down: number } {
  if (!(fsIn > 0 && Number.isFinite(fsIn)) || !(fsOut > 0 && Number.isFinite(fsOut))) {
    throw new RangeError(`sampling rates must be positive and finite (got ${fsIn} → ${fsOut})`)
  }
  if (Number.isSafeInteger(fsIn) && Number.isSafeInteger(fsOut)) {
    const g = gcd(fsIn, fsOut)
    return { up: fsOut / g, down: fsIn / g }
  }
  const ratio = fsOut / fsIn
  let best: { up: number; down: number; err: number } | undefined
  // Exhaustive search over denominators: the first minimum is the reduced best approximation.
  for (let down = 1; down <= MAX_RATIONAL_TERM; down++) {
    const up = Math.round(ratio * down)
    if (up < 1 || up > MAX_RATIONAL_TERM) continue
    const err = Math.abs(up / down - ratio)
    if (best === undefined || err < best.err) best = { up, down, err }
  }
  if (best === undefined) {
    throw new RangeError(`cannot resample from ${fsIn} Hz to ${fsOut} Hz: the ratio is outside 1/${MAX_RATIONAL_TERM} … ${MAX_RATIONAL_TERM}`)
  }
  return { up: best.up, down: best.down }
}

/** Modified Bessel function I0 by its power series (fast and accurate to ~1 ulp for x ≤ 10). */
function besselI0(x: number): number {
  const q = (x / 2) * (x / 2)
  let term = 1
  let sum = 1
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k)
    sum += term
    if (term < sum * 1e-17) break
  }
  return sum
}

/**
 * resample_poly's FIR: firwin(2·half+1, 1/max(up, down), window=('kaiser', 5.0)) · up
 * (firwin: windowed sinc, normalised to unit DC gain; kaiser: I0(β√(1−((n−α)/α)²))/I0(β)).
 */
export function resamplePolyFilter(up: number, down: number): Float64Array {
  const maxRate = Math.max(up, down)
  const half = 10 * maxRate
  const numtaps = 2 * half + 1
  const cutoff = 1 / maxRate
  const alpha = half // (numtaps − 1)/2, also the Kaiser window's α
  const i0Beta = besselI0(KAISER_BETA)
  const h = new Float64Array(numtaps)
  let sum = 0
  for (let n = 0; n < numtaps; n++) {
    const m = n - alpha
    const u = cutoff * m
    const y = Math.PI * (u === 0 ? 1e-20 : u) // numpy.sinc's guard at 0
    const r = (n - alpha) / alpha
    const w = besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / i0Beta
    const v = cutoff * (Math.sin(y) / y) * w
    h[n] = v
    sum += v
  }
  for (let n = 0; n < numtaps; n++) h[n] = (h[n]! / sum) * up
  return h
}

/** The filter split into its `up` polyphase branches, each reversed to run forwards over x. */
interface PolyphaseBank {
  readonly half: number
  readonly taps: Float64Array // all branches, concatenated
  readonly offset: Int32Array // start of branch φ in taps
  readonly count: Int32Array // taps in branch φ
  readonly maxCount: number
}

const bankCache = new Map<string, PolyphaseBank>()

function polyphaseBank(up: number, down: number): PolyphaseBank {
  const key = `${up}/${down}`
  const cached = bankCache.get(key)
  if (cached !== undefined) return cached
  const h = resamplePolyFilter(up, down)
  const half = (h.length - 1) / 2
  const taps = new Float64Array(h.length)
  const offset = new Int32Array(up)
  const count = new Int32Array(up)
  let at = 0
  let maxCount = 0
  for (let phase = 0; phase < up; phase++) {
    // branch φ holds taps φ, φ+up, φ+2up, … ≤ 2·half; x[iLo + r] meets tap φ + (K−1−r)·up
    const k = Math.floor((2 * half - phase) / up) + 1
    offset[phase] = at
    count[phase] = k
    for (let r = 0; r < k; r++) taps[at + r] = h[phase + (k - 1 - r) * up]!
    at += k
    maxCount = Math.max(maxCount, k)
  }
  const bank: PolyphaseBank = { half, taps, offset, count, maxCount }
  if (bankCache.size > 32) bankCache.clear()
  bankCache.set(key, bank)
  return bank
}

/** Output length of resample_poly: ⌈n·up/down⌉ after reducing up/down. */
export function resampledLength(n: number, up: number, down: number): number {
  const g = gcd(up, down)
  return floorDiv(n * (up / g) + down / g - 1, down / g)
}

/**
 * scipy.signal.resample_poly(x, up, down) with default window and padtype: low-pass FIR
 * anti-aliasing, output length ⌈n·up/down⌉, output k centred on input position k·down/up.
 * up = down (after gcd reduction) returns a copy.
 */
export function resamplePoly(x: Float64Array, up: number, down: number, backend: FirBackend = defaultFirBackend()): Float64Array {
  if (!Number.isSafeInteger(up) || !Number.isSafeInteger(down) || up < 1 || down < 1) {
    throw new RangeError(`up and down must be integers ≥ 1 (got ${up}, ${down})`)
  }
  const g = gcd(up, down)
  up /= g
  down /= g
  if (up === 1 && down === 1) return x.slice()
  const nIn = x.length
  const nOut = floorDiv(nIn * up + down - 1, down)
  const y = new Float64Array(nOut)
  if (nOut === 0) return y

  const bank = polyphaseBank(up, down)
  const H = bank.half
  const nTaps = bank.taps.length
  const blockOut = up * Math.max(1, Math.floor(BLOCK_INPUT / down))
  const maxSeg = Math.ceil((blockOut * down) / up) + bank.maxCount + 2
  const xOff = nTaps + (nTaps & 1) // 16-byte aligned: the first branch's loads (all of them for up = 1, even down) stay within cache lines
  const yOff = xOff + maxSeg
  const ws = backend.workspace(yOff + blockOut)
  ws.set(bank.taps, 0)

  for (let kb = 0; kb < nOut; kb += blockOut) {
    const ke = Math.min(nOut, kb + blockOut)
    // inputs this block touches, with zeros standing in outside 0 … nIn−1 (padtype 'constant')
    const segLo = floorDiv(kb * down + H, up) - bank.maxCount + 1
    const segHi = floorDiv((ke - 1) * down + H, up)
    const from = Math.max(segLo, 0)
    const to = Math.min(segHi, nIn - 1)
    if (from > segLo) ws.fill(0, xOff, xOff + Math.min(from, segHi + 1) - segLo)
    if (to >= from) ws.set(x.subarray(from, to + 1), xOff + from - segLo)
    if (to < segHi) ws.fill(0, xOff + Math.max(to + 1, segLo) - segLo, xOff + segHi + 1 - segLo)

    // outputs k ≡ ρ (mod up) share a branch and advance `down` inputs per step
    const branches = Math.min(up, ke - kb)
    for (let rho = 0; rho < branches; rho++) {
      const k0 = kb + rho
      const s = k0 * down + H
      const iHi = floorDiv(s, up)
      const phase = s - iHi * up
      const taps = bank.count[phase]!
      const iLo = iHi - taps + 1
      const n = Math.floor((ke - 1 - k0) / up) + 1
      backend.fir(xOff + iLo - segLo, bank.offset[phase]!, yOff + rho, n, down, up, taps)
    }
    y.set(ws.subarray(yOff, yOff + (ke - kb)), kb)
  }
  return y
}

/** Resamples x from fsIn to fsOut with resamplePoly and the factors of rationalRatio. */
export function resampleTo(x: Float64Array, fsIn: number, fsOut: number): Float64Array {
  const { up, down } = rationalRatio(fsIn, fsOut)
  return resamplePoly(x, up, down)
}
