/**
 * Digital Butterworth filters as second-order sections, a port of
 * scipy.signal.butter(order, edge, btype, fs=fs, output='sos') (SciPy 1.10, `_filter_design.py`):
 * analogue prototype poles (buttap) → frequency transform with a pre-warped edge
 * (lp2hp_zpk / lp2lp_zpk) → bilinear transform (bilinear_zpk) → zpk2sos with 'nearest' pairing.
 *
 * Hand-written because no npm library reproduces SciPy's design and, above all, its pole/zero
 * pairing and section order, which sosfiltfilt's padding length and rounding depend on. Complex
 * arithmetic follows NumPy's (Smith's division), so coefficients agree with SciPy to ~1e-15.
 */

/** Second-order sections: each section is [b0, b1, b2, a0, a1, a2] with a0 = 1. */
export type Sos = readonly Float64Array[]

interface Complex {
  readonly re: number
  readonly im: number
}

const cx = (re: number, im = 0): Complex => ({ re, im })
const cadd = (a: Complex, b: Complex): Complex => cx(a.re + b.re, a.im + b.im)
const csub = (a: Complex, b: Complex): Complex => cx(a.re - b.re, a.im - b.im)
const cmul = (a: Complex, b: Complex): Complex => cx(a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re)
const cabs = (a: Complex): number => Math.hypot(a.re, a.im)
const isReal = (a: Complex): boolean => a.im === 0

/** NumPy's complex division (Smith's algorithm, numpy/core/src/umath/loops). */
function cdiv(a: Complex, b: Complex): Complex {
  if (Math.abs(b.re) >= Math.abs(b.im)) {
    const rat = b.im / b.re
    const scl = 1.0 / (b.re + b.im * rat)
    return cx((a.re + a.im * rat) * scl, (a.im - a.re * rat) * scl)
  }
  const rat = b.re / b.im
  const scl = 1.0 / (b.im + b.re * rat)
  return cx((a.re * rat + a.im) * scl, (a.im * rat - a.re) * scl)
}

const cprod = (values: readonly Complex[]): Complex => values.reduce((acc, v) => cmul(acc, v), cx(1))

/** buttap: poles −exp(iπm/(2N)), m = −N+1, −N+3, …, N−1 (the middle one exactly real). */
function butterPrototypePoles(order: number): Complex[] {
  const poles: Complex[] = []
  for (let m = -order + 1; m < order; m += 2) {
    const theta = Math.PI * m * (1 / (2 * order)) // NumPy divides the complex by 2N via Smith
    poles.push(cx(-Math.cos(theta), -Math.sin(theta)))
  }
  return poles
}

interface Zpk {
  readonly z: Complex[]
  readonly p: Complex[]
  readonly k: number
}

/** _cplxreal: one of each conjugate pair (positive imaginary part, sorted by real part), then the reals. */
function conjugatePairsThenReals(values: readonly Complex[]): Complex[] {
  const tol = 100 * Number.EPSILON
  const sorted = [...values].sort((a, b) => a.re - b.re || Math.abs(a.im) - Math.abs(b.im))
  const reals: Complex[] = []
  const pos: Complex[] = []
  const neg: Complex[] = []
  for (const v of sorted) {
    if (Math.abs(v.im) <= tol * cabs(v)) reals.push(cx(v.re))
    else if (v.im > 0) pos.push(v)
    else neg.push(v)
  }
  if (pos.length !== neg.length) throw new Error('zpk2sos: a complex root has no conjugate')
  // average out rounding between the members of each pair, as SciPy does
  const pairs = pos.map((p, i) => cx((p.re + neg[i]!.re) * 0.5, (p.im - neg[i]!.im) * 0.5))
  return [...pairs, ...reals]
}

/** _nearest_real_complex_idx: index of the nearest element of `from` to `to` of the wanted kind. */
function nearestIndex(from: readonly Complex[], to: Complex, which: 'real' | 'complex' | 'any'): number {
  let best = -1
  let bestDist = Infinity
  from.forEach((v, i) => {
    if (which === 'real' && !isReal(v)) return
    if (which === 'complex' && isReal(v)) return
    const d = cabs(csub(v, to))
    if (d < bestDist) {
      bestDist = d
      best = i
    }
  })
  if (best < 0) throw new Error(`zpk2sos: no ${which} zero left to pair`)
  return best
}

/** numpy.poly of up to two roots, real part (all our roots come in conjugate pairs or are real). */
function poly(roots: readonly Complex[]): number[] {
  if (roots.length === 1) return [1, -roots[0]!.re]
  const [r1, r2] = roots as [Complex, Complex]
  return [1, -r2.re + -r1.re, cmul(cx(-r1.re, -r1.im), cx(-r2.re, -r2.im)).re]
}

function section(z: readonly Complex[], p: readonly Complex[]): Float64Array {
  const sos = new Float64Array(6)
  const b = poly(z)
  const a = poly(p)
  sos.set(b, 3 - b.length)
  sos.set(a, 6 - a.length)
  return sos
}

/** zpk2sos(z, p, k) with pairing 'nearest' for a digital filter (the default SciPy uses). */
function zpk2sos(zpk: Zpk): Float64Array[] {
  let z = [...zpk.z]
  let p = [...zpk.p]
  while (p.length < z.length) p.push(cx(0))
  while (z.length < p.length) z.push(cx(0))
  const nSections = (Math.max(p.length, z.length) + 1) >> 1
  if (p.length % 2 === 1) {
    p.push(cx(0))
    z.push(cx(0))
  }
  z = conjugatePairsThenReals(z)
  p = conjugatePairsThenReals(p)
  // the "worst" pole is the one closest to the unit circle
  const worst = (values: readonly Complex[]): number => {
    let best = 0
    values.forEach((v, i) => {
      if (Math.abs(1 - cabs(v)) < Math.abs(1 - cabs(values[best]!))) best = i
    })
    return best
  }
  const take = (values: Complex[], i: number): Complex => values.splice(i, 1)[0]!
  const sos = new Array<Float64Array>(nSections)
  for (let si = nSections - 1; si >= 0; si--) {
    const p1 = take(p, worst(p))
    const realPolesLeft = p.filter(isReal).length
    if (isReal(p1) && realPolesLeft === 0) {
      // special case 1: last remaining real pole, paired with the nearest real zero
      const z1 = take(z, nearestIndex(z, p1, 'real'))
      sos[si] = section([z1, cx(0)], [p1, cx(0)])
    } else if (p.length + 1 === z.length && !isReal(p1) && realPolesLeft === 1 && z.filter(isReal).length === 1) {
      // special case 2: one real pole and one real zero left; pair with a complex zero
      const z1 = take(z, nearestIndex(z, p1, 'complex'))
      sos[si] = section([z1, cx(z1.re, -z1.im)], [p1, cx(p1.re, -p1.im)])
    } else {
      let p2: Complex
      if (isReal(p1)) {
        const realIdx = p.flatMap((v, i) => (isReal(v) ? [i] : []))
        p2 = take(p, realIdx[worst(realIdx.map((i) => p[i]!))]!)
      } else {
        p2 = cx(p1.re, -p1.im)
      }
      if (z.length > 0) {
        const z1 = take(z, nearestIndex(z, p1, 'any'))
        if (!isReal(z1)) sos[si] = section([z1, cx(z1.re, -z1.im)], [p1, p2])
        else if (z.length > 0) sos[si] = section([z1, take(z, nearestIndex(z, p1, 'real'))], [p1, p2])
        else sos[si] = section([z1], [p1, p2])
      } else {
        sos[si] = section([], [p1, p2])
      }
    }
  }
  const first = sos[0]!
  for (let i = 0; i < 3; i++) first[i] = first[i]! * zpk.k
  return sos
}

function butterworthSos(order: number, edgeHz: number, fs: number, btype: 'lowpass' | 'highpass'): Float64Array[] {
  if (!Number.isInteger(order) || order < 1 || order > 24) throw new RangeError(`filter order must be an integer in 1…24 (got ${order})`)
  const wn = (2 * edgeHz) / fs
  if (!(wn > 0 && wn < 1)) throw new RangeError(`filter edge must be in 0 < edge < fs/2 (got ${edgeHz} Hz at fs ${fs} Hz)`)
  const proto = butterPrototypePoles(order)
  const warped = 2 * 2.0 * Math.tan((Math.PI * wn) / 2.0) // pre-warp with SciPy's internal fs = 2
  let analog: Zpk
  if (btype === 'highpass') {
    // lp2hp_zpk: poles wo/p, the prototype's zeros at infinity move to the origin
    analog = {
      z: proto.map(() => cx(0)),
      p: proto.map((p) => cdiv(cx(warped), p)),
      k: cdiv(cx(1), cprod(proto.map((p) => cx(-p.re, -p.im)))).re,
    }
  } else {
    // lp2lp_zpk: poles scaled by wo, gain by wo^order
    analog = { z: [], p: proto.map((p) => cmul(cx(warped), p)), k: warped ** order }
  }
  // bilinear_zpk with fs = 2: s → (4 + s)/(4 − s); zeros at infinity go to −1 (Nyquist)
  const fs2 = cx(4.0)
  const zd = analog.z.map((z) => cdiv(cadd(fs2, z), csub(fs2, z)))
  while (zd.length < analog.p.length) zd.push(cx(-1))
  const pd = analog.p.map((p) => cdiv(cadd(fs2, p), csub(fs2, p)))
  const num = cprod(analog.z.map((z) => csub(fs2, z)))
  const kd = analog.k * cdiv(num, cprod(analog.p.map((p) => csub(fs2, p)))).re
  return zpk2sos({ z: zd, p: pd, k: kd })
}

/**
 * scipy.signal.butter(order, edgeHz, 'highpass', fs=fs, output='sos'): sections
 * [b0, b1, b2, a0, a1, a2], gain in the first section, poles nearest the unit circle last.
 */
export function butterworthHighpassSos(order: number, edgeHz: number, fs: number): Float64Array[] {
  return butterworthSos(order, edgeHz, fs, 'highpass')
}

/** scipy.signal.butter(order, edgeHz, 'lowpass', fs=fs, output='sos'). */
export function butterworthLowpassSos(order: number, edgeHz: number, fs: number): Float64Array[] {
  return butterworthSos(order, edgeHz, fs, 'lowpass')
}
