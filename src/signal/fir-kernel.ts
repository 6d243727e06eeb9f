/**
 * The inner loop of polyphase resampling: many FIR dot products over a strided input,
 * `y[k·yStep] = Σ_r g[r]·x[k·xStep + r]`.
 *
 * Plain JavaScript on Float64Array runs this at roughly a quarter of SciPy's compiled upfirdn
 * speed (bounds checks, no SIMD); the 2-lane f64 SIMD kernels `fir4`/`fir` of dsp-wasm.ts are
 * about 7× faster. The JavaScript loop below computes the same sums and is used when WebAssembly (or
 * its SIMD extension) is unavailable; the tests run both.
 */
import { wasmDsp } from './dsp-wasm.js'

/** Computes strided FIR dot products inside one Float64Array workspace (offsets in elements). */
export interface FirBackend {
  readonly kind: 'wasm-simd' | 'js'
  /** The workspace, at least `elements` long. Valid until the next call of `workspace`. */
  workspace(elements: number): Float64Array
  /**
   * For k in [0, count): ws[yOff + k·yStep] = Σ_{r<taps} ws[gOff + r] · ws[xOff + k·xStep + r].
   * Offsets, steps and taps are in elements (8 bytes).
   */
  fir(xOff: number, gOff: number, yOff: number, count: number, xStep: number, yStep: number, taps: number): void
}

/** The reference loop (and fallback): same arithmetic as the WebAssembly kernel, scalar. */
export function createJsFirBackend(): FirBackend {
  let ws = new Float64Array(1024)
  return {
    kind: 'js',
    workspace(elements: number): Float64Array {
      if (ws.length < elements) ws = new Float64Array(Math.max(elements, ws.length * 2))
      return ws
    },
    fir(xOff, gOff, yOff, count, xStep, yStep, taps): void {
      const w = ws
      for (let k = 0; k < count; k++) {
        const base = xOff + k * xStep
        let a0 = 0
        let a1 = 0
        let r = 0
        for (; r + 1 < taps; r += 2) {
          a0 += w[gOff + r]! * w[base + r]!
          a1 += w[gOff + r + 1]! * w[base + r + 1]!
        }
        if (r < taps) a0 += w[gOff + r]! * w[base + r]!
        w[yOff + k * yStep] = a0 + a1
      }
    },
  }
}

/** The WebAssembly SIMD backend (dsp-wasm.ts), or undefined where it is not available. */
export function createWasmFirBackend(): FirBackend | undefined {
  const dsp = wasmDsp()
  if (dsp === undefined) return undefined
  return {
    kind: 'wasm-simd',
    workspace(elements: number): Float64Array {
      dsp.ensure(elements * 8)
      return dsp.f64
    },
    fir(xOff, gOff, yOff, count, xStep, yStep, taps): void {
      // four outputs at a time share each coefficient load; the rest one by one
      const groups = count >> 2
      dsp.k.fir4(xOff * 8, gOff * 8, yOff * 8, groups, xStep * 8, yStep * 8, taps)
      const done = groups * 4
      if (done < count) dsp.k.fir((xOff + done * xStep) * 8, gOff * 8, (yOff + done * yStep) * 8, count - done, xStep * 8, yStep * 8, taps)
    },
  }
}

let jsBackend: FirBackend | undefined
let wasmBackend: FirBackend | undefined

/** The fastest available backend (the JavaScript loop when the kernels are disabled). */
export function defaultFirBackend(): FirBackend {
  if (wasmDsp() !== undefined) return (wasmBackend ??= createWasmFirBackend()!)
  return (jsBackend ??= createJsFirBackend())
}
