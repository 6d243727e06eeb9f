import { describe, expect, it } from 'vitest'
import { fftInPlace, fftPlan } from './fft.js'

/** The DFT by its definition, X[k] = Σ x[j]·e^(−2πijk/n). */
function dft(re: number[], im: number[]): [number[], number[]] {
  const n = re.length
  const outRe: number[] = []
  const outIm: number[] = []
  for (let k = 0; k < n; k++) {
    let sr = 0
    let si = 0
    for (let j = 0; j < n; j++) {
      const a = (-2 * Math.PI * j * k) / n
      sr += (re[j] as number) * Math.cos(a) - (im[j] as number) * Math.sin(a)
      si += (re[j] as number) * Math.sin(a) + (im[j] as number) * Math.cos(a)
    }
    outRe.push(sr)
    outIm.push(si)
  }
  return [outRe, outIm]
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let d = 0
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs((a[i] as number) - (b[i] as number)))
  return d
}

describe('radix-2 FFT', () => {
  for (const n of [2, 4, 8, 32, 128]) {
    it(`matches the DFT's definition and inverts for n = ${n}`, () => {
      const re = Array.from({ length: n }, (_, i) => Math.sin(i * 1.7) + 0.3 * i)
      const im = Array.from({ length: n }, (_, i) => Math.cos(i * 0.9) - 0.1 * i)
      const plan = fftPlan(n)
      plan.re.set(re)
      plan.im.set(im)
      fftInPlace(plan, plan.re, plan.im, false)
      const [wantRe, wantIm] = dft(re, im)
      expect(maxDiff(plan.re, wantRe)).toBeLessThan(1e-10 * n)
      expect(maxDiff(plan.im, wantIm)).toBeLessThan(1e-10 * n)
      fftInPlace(plan, plan.re, plan.im, true)
      expect(maxDiff(plan.re.map((v) => v / n), re)).toBeLessThan(1e-12 * n)
      expect(maxDiff(plan.im.map((v) => v / n), im)).toBeLessThan(1e-12 * n)
    })
  }

  it('refuses sizes that are not powers of two', () => {
    expect(() => fftPlan(48)).toThrow(/power of two/)
  })
})
