/**
 * The WebAssembly SIMD FFT transforms (source: wasm/fft-simd.ts, AssemblyScript) that the FFT
 * convolutions (fft-conv1d.ts) run on: block spectra of channel-last signals and the inverse back
 * to samples, four channels per SIMD lane set, float32.
 *
 * The module has its own memory (it cannot work in tfjs's heap without taking part in its
 * allocator), so callers copy their operands in and out; a copy costs a fraction of a transform.
 * Memory layout: the first 64 KiB hold the transform plans (bit reversal, twiddles computed here in
 * double precision, work arrays), after them the operands of the current call, laid out by
 * {@link FftSimd.reserve}. One instance per thread (module state), no re-entrance.
 */
import type { WasmApi, WasmMemory } from '../../signal/dsp-wasm.js'
import { FFT_SIMD_WASM_BASE64 } from './fft-simd-wasm.generated.js'

interface FftSimdExports {
  memory: WasmMemory
  blockSpectra(
    plan: number, n: number, src: number, batch: number, width: number, channels: number, stride: number, blocks: number,
    shift: number, limit: number, dst: number, binStride: number, mStride: number, cStride: number, imOffset: number,
  ): void
  inverseBlocks(
    plan: number, n: number, src: number, batch: number, blocks: number, channels: number, binStride: number, mStride: number,
    cStride: number, imOffset: number, dst: number, dstWidth: number, stride: number, count: number, scale: number,
  ): void
}

/** Bytes kept for the plans: 40·n bytes each, so every size up to 512 fits (40·(4 + 8 + … + 512) < 64 KiB). */
const PLAN_BYTES = 65536
const PAGE = 65536
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

  constructor(private readonly wasm: FftSimdExports) {}

  /** A float32 view of the whole module memory (take a new one after {@link reserve}: growing detaches it). */
  f32(): Float32Array {
    return new Float32Array(this.wasm.memory.buffer)
  }

  /**
   * Lays out consecutive float32 arrays of the given lengths after the plans (each 16-byte
   * aligned), growing the memory as needed; returns their byte addresses. Earlier reservations
   * are reused: a call's arrays live until the next call to reserve.
   */
  reserve(lengths: readonly number[]): number[] {
    let at = PLAN_BYTES
    const addresses = lengths.map((length) => {
      const address = at
      at += Math.ceil((length * 4) / 16) * 16
      return address
    })
    const have = this.wasm.memory.buffer.byteLength
    if (at > have) this.wasm.memory.grow(Math.ceil((at - have) / PAGE))
    return addresses
  }

  /** Spectra (bins 0..n/2) of the blocks of the signal at `src` ([batch, width, channels]) into `dst`. */
  blockSpectra(n: number, src: number, g: BlockGeometry, dst: number, out: SpectraLayout): void {
    this.wasm.blockSpectra(
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
    this.wasm.inverseBlocks(
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
    if (this.wasm.memory.buffer.byteLength < PLAN_BYTES) this.reserve([])
    const bits = Math.round(Math.log2(n))
    const rev = new Uint32Array(this.wasm.memory.buffer, address, n)
    for (let i = 0; i < n; i++) {
      let r = 0
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b)
      rev[i] = r
    }
    const cos = new Float32Array(this.wasm.memory.buffer, address + 4 * n, n / 2)
    const sin = new Float32Array(this.wasm.memory.buffer, address + 6 * n, n / 2)
    for (let k = 0; k < n / 2; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / n)
      sin[k] = Math.sin((2 * Math.PI * k) / n)
    }
    this.plans.set(n, address)
    return address
  }
}

let instance: FftSimd | undefined

/** This thread's module, instantiated on first use (synchronously: the module is 4 KB). */
export function fftSimd(): FftSimd {
  if (instance === undefined) {
    const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
    const exports = new api.Instance(new api.Module(Buffer.from(FFT_SIMD_WASM_BASE64, 'base64'))).exports as unknown as FftSimdExports
    instance = new FftSimd(exports)
  }
  return instance
}
