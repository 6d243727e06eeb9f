/**
 * The WebAssembly SIMD FFT transforms (source: wasm/fft.ts, AssemblyScript; module and memory in
 * wasm-kernels.ts) that the FFT convolutions (fft-conv1d.ts) run on: block spectra of channel-last
 * signals and the inverse back to samples, four channels per lane set, float32. Callers copy their
 * operands into the module's memory (see wasm-kernels.ts).
 *
 * A plan per size (bit reversal, twiddles computed here in double precision, work arrays) is
 * written once into the first 64 KiB of the module's memory.
 */
import { PLAN_BYTES, wasmKernels, type WasmKernels } from './wasm-kernels.js'

const MAX_N = 512

/** Where bin k of channel c of block m lies (in floats) in a spectra array: k·binStride + m·mStride + c·cStride, imaginary part imOffset further. */
export interface SpectraLayout {
  binStride: number
  mStride: number
  cStride: number
  imOffset: number
}

/** Block geometry: block m = b·blocks + j covers samples [j·stride − shift, j·stride − shift + limit) of signal b. */
export interface BlockGeometry {
  batch: number
  width: number
  channels: number
  stride: number
  blocks: number
  shift: number
  limit: number
}

export class FftSimd {
  private readonly plans = new Map<number, number>()
  private nextPlan = 0

  constructor(private readonly kernels: WasmKernels) {}

  /** A float32 view of the module's memory (see {@link WasmKernels.f32}). */
  f32(): Float32Array {
    return this.kernels.f32()
  }

  /** Byte addresses of consecutive float32 arrays of these lengths (see {@link WasmKernels.reserve}). */
  reserve(lengths: readonly number[]): number[] {
    return this.kernels.reserve(lengths)
  }

  /** Spectra (bins 0..n/2) of the blocks of the signal at `src` ([batch, width, channels]) into `dst`. */
  blockSpectra(n: number, src: number, g: BlockGeometry, dst: number, out: SpectraLayout): void {
    this.kernels.k.blockSpectra(
      this.plan(n), n, src, g.batch, g.width, g.channels, g.stride, g.blocks, g.shift, g.limit,
      dst, out.binStride, out.mStride, out.cStride, out.imOffset,
    )
  }

  /**
   * Inverse transforms of the Hermitian spectra at `src`: the first `count` samples of block
   * m = b·blocks + j, times `scale`, go to dst[b, j·stride + t, c] of [batch, dstWidth, channels].
   */
  inverseBlocks(
    n: number, src: number, layout: SpectraLayout, g: { batch: number, blocks: number, channels: number, stride: number },
    dst: number, dstWidth: number, count: number, scale: number,
  ): void {
    this.kernels.k.inverseBlocks(
      this.plan(n), n, src, g.batch, g.blocks, g.channels, layout.binStride, layout.mStride, layout.cStride, layout.imOffset,
      dst, dstWidth, g.stride, count, scale,
    )
  }

  /** The address of the plan of size n, written on first use. */
  private plan(n: number): number {
    const cached = this.plans.get(n)
    if (cached !== undefined) return cached
    if (n < 4 || n > MAX_N || (n & (n - 1)) !== 0) throw new Error(`FFT size ${n} is not a power of two in 4..${MAX_N}`)
    const address = this.nextPlan
    if (address + 40 * n > PLAN_BYTES) throw new Error('the FFT plans do not fit their reserved memory')
    this.nextPlan += 40 * n
    this.reserve([])
    const bits = Math.round(Math.log2(n))
    const rev = new Uint32Array(this.kernels.buffer, address, n)
    for (let i = 0; i < n; i++) {
      let r = 0
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b)
      rev[i] = r
    }
    const cos = new Float32Array(this.kernels.buffer, address + 4 * n, n / 2)
    const sin = new Float32Array(this.kernels.buffer, address + 6 * n, n / 2)
    for (let k = 0; k < n / 2; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / n)
      sin[k] = Math.sin((2 * Math.PI * k) / n)
    }
    this.plans.set(n, address)
    return address
  }
}

let instance: FftSimd | undefined

/** This thread's transforms. */
export function fftSimd(): FftSimd {
  instance ??= new FftSimd(wasmKernels())
  return instance
}
