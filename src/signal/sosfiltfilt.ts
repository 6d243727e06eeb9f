/**
 * Zero-phase filtering with second-order sections, a port of scipy.signal.sosfiltfilt with its
 * defaults (SciPy 1.10, `_signaltools.py`): padtype 'odd', padlen = 3·ntaps where
 * ntaps = 2·n_sections + 1 − min(#sections with b2 = 0, #sections with a2 = 0); the signal is
 * extended by odd reflection (2·x[0] − x[padlen…1] before, 2·x[n−1] − x[n−2…n−1−padlen]
 * after), filtered forward with initial state sosfilt_zi·(first extended value), then backward
 * with sosfilt_zi·(last forward output), and the padding is cut off again.
 *
 * Hand-written because no npm library reproduces sosfiltfilt (its padding, initial conditions
 * and direct-form II transposed sections), which the preprocessing must match (METHOD.md §2).
 */
import type { Sos } from './butterworth.js'
import { wasmDsp, type DspExports } from './dsp-wasm.js'

/** SciPy's default padlen for sosfiltfilt with these sections. */
export function filtfiltPadLength(sos: Sos): number {
  let b2Zero = 0
  let a2Zero = 0
  for (const s of sos) {
    if (s[2] === 0) b2Zero++
    if (s[5] === 0) a2Zero++
  }
  return 3 * (2 * sos.length + 1 - Math.min(b2Zero, a2Zero))
}

/** Shortest input sosfiltfilt accepts: SciPy requires more samples than padlen. */
export function minimumLengthForFiltfilt(sos: Sos): number {
  return filtfiltPadLength(sos) + 1
}

/**
 * lfilter_zi of one section, normalised by a0: the state for a unit step's steady state.
 * Solves (I − Aᵀ)·zi = b[1:] − a[1:]·b0 for the 2×2 companion matrix in closed form.
 */
function sectionZi(s: Float64Array): [number, number] {
  const a0 = s[3]!
  const b0 = s[0]! / a0
  const b1 = s[1]! / a0
  const b2 = s[2]! / a0
  const a1 = s[4]! / a0
  const a2 = s[5]! / a0
  const B0 = b1 - a1 * b0
  const B1 = b2 - a2 * b0
  const zi0 = (B0 + B1) / (1 + a1 + a2)
  return [zi0, B1 - a2 * zi0]
}

/** sosfilt_zi: per-section initial states for a unit step, each scaled by the DC gain before it. */
export function sosfiltZi(sos: Sos): Float64Array[] {
  let scale = 1.0
  return sos.map((s) => {
    const [z0, z1] = sectionZi(s)
    const zi = Float64Array.of(scale * z0, scale * z1)
    scale *= (s[0]! + s[1]! + s[2]!) / (s[3]! + s[4]! + s[5]!)
    return zi
  })
}

/**
 * Runs the sections over all of y in place, forward or backward, each section starting from
 * state zi·x0. Sections go two at a time through one pass (the second consumes the first's
 * output at once), which gives the same numbers as SciPy's sample-by-sample cascade (every
 * section sees the same inputs in the same order) while letting the CPU overlap the two
 * recursions; a single pass per section would be latency-bound.
 */
function sosfiltInPlace(sos: Sos, zi: readonly Float64Array[], y: Float64Array, x0: number, backward: boolean): void {
  const n = y.length
  const first = backward ? n - 1 : 0
  const step = backward ? -1 : 1
  for (let si = 0; si < sos.length; si += 2) {
    const s = sos[si]!
    const b0 = s[0]!, b1 = s[1]!, b2 = s[2]!, a1 = s[4]!, a2 = s[5]!
    let z0 = zi[si]![0]! * x0
    let z1 = zi[si]![1]! * x0
    const t = sos[si + 1]
    if (t === undefined) {
      for (let k = 0, i = first; k < n; k++, i += step) {
        const xi = y[i]!
        const out = b0 * xi + z0
        z0 = b1 * xi - a1 * out + z1
        z1 = b2 * xi - a2 * out
        y[i] = out
      }
      break
    }
    const c0 = t[0]!, c1 = t[1]!, c2 = t[2]!, d1 = t[4]!, d2 = t[5]!
    let w0 = zi[si + 1]![0]! * x0
    let w1 = zi[si + 1]![1]! * x0
    for (let k = 0, i = first; k < n; k++, i += step) {
      const xi = y[i]!
      const u = b0 * xi + z0
      z0 = b1 * xi - a1 * u + z1
      z1 = b2 * xi - a2 * u
      const out = c0 * u + w0
      w0 = c1 * u - d1 * out + w1
      w1 = c2 * u - d2 * out
      y[i] = out
    }
  }
}

/**
 * scipy.signal.sosfiltfilt(sos, x) with default padding. Sections must have a0 = 1 (as
 * butter's do). Throws a plain Error when x has fewer than minimumLengthForFiltfilt(sos)
 * samples; callers turn that into a skipped recording.
 */
export function sosfiltfilt(sos: Sos, x: Float64Array): Float64Array {
  for (const s of sos) {
    if (s.length !== 6 || s[3] !== 1) throw new RangeError('each section must be [b0, b1, b2, 1, a1, a2]')
  }
  const pad = filtfiltPadLength(sos)
  const n = x.length
  if (n <= pad) {
    throw new Error(`the signal has ${n} samples but zero-phase filtering needs at least ${pad + 1}`)
  }
  const zi = sosfiltZi(sos)
  const len = n + 2 * pad
  const dsp = len < 2 ** 27 ? wasmDsp() : undefined // kernel memory is capped at 1 GiB
  let ext: Float64Array
  if (dsp !== undefined) {
    dsp.ensure(len * 8)
    ext = dsp.f64.subarray(0, len)
  } else {
    ext = new Float64Array(len)
  }
  const first = x[0]!
  const last = x[n - 1]!
  for (let i = 0; i < pad; i++) {
    ext[i] = 2 * first - x[pad - i]!
    ext[pad + n + i] = 2 * last - x[n - 2 - i]!
  }
  ext.set(x, pad)
  // The backward pass starts from the forward pass's last output: each section's initial
  // state is zi·(that value), so the forward cascade must finish before it is known.
  if (dsp !== undefined) {
    sosfiltWasm(dsp.k, sos, zi, len, ext[0]!, false)
    sosfiltWasm(dsp.k, sos, zi, len, ext[len - 1]!, true)
  } else {
    sosfiltInPlace(sos, zi, ext, ext[0]!, false)
    sosfiltInPlace(sos, zi, ext, ext[len - 1]!, true)
  }
  return ext.slice(pad, pad + n)
}

/** sosfiltInPlace on the `sos2` kernel over memory bytes 0 … 8·len (an odd last section runs with an identity partner). */
function sosfiltWasm(k: DspExports, sos: Sos, zi: readonly Float64Array[], len: number, x0: number, backward: boolean): void {
  const ptr = backward ? (len - 1) * 8 : 0
  const step = backward ? -8 : 8
  for (let si = 0; si < sos.length; si += 2) {
    const s = sos[si]!
    const t = sos[si + 1] ?? IDENTITY
    const zs = zi[si]!
    const zt = zi[si + 1] ?? ZERO_STATE
    k.sos2(ptr, len, step, s[0]!, s[1]!, s[2]!, s[4]!, s[5]!, t[0]!, t[1]!, t[2]!, t[4]!, t[5]!,
      zs[0]! * x0, zs[1]! * x0, zt[0]! * x0, zt[1]! * x0)
  }
}

const IDENTITY = Float64Array.of(1, 0, 0, 1, 0, 0)
const ZERO_STATE = Float64Array.of(0, 0)
