/**
 * The training kernels written in AssemblyScript (wasm/*.ts: the FFT transforms of fft-simd.ts and
 * MaxPoolGrad), compiled into one WebAssembly module (wasm-kernels.generated.ts, built by
 * scripts/build-wasm.mjs), and its memory.
 *
 * The module has its own memory: it cannot work in tfjs's heap without taking part in tfjs's
 * allocator, so callers copy operands in and out (a copy costs a fraction of the work done on it).
 * The first 64 KiB are kept for the FFT plans (fft-simd.ts); each call lays out its operands after
 * them with {@link WasmKernels.reserve}. One instance per thread (module state); calls are
 * synchronous and not re-entrant.
 */
import type { WasmApi, WasmMemory } from '../../signal/dsp-wasm.js'
import { WASM_KERNELS_BASE64 } from './wasm-kernels.generated.js'

/** The module's exports (addresses in bytes; strides and offsets in floats). */
export interface WasmKernelExports {
  memory: WasmMemory
  blockSpectra(
    plan: number, n: number, src: number, batch: number, width: number, channels: number, stride: number, blocks: number,
    shift: number, limit: number, dst: number, binStride: number, mStride: number, cStride: number, imOffset: number,
  ): void
  inverseBlocks(
    plan: number, n: number, src: number, batch: number, blocks: number, channels: number, binStride: number, mStride: number,
    cStride: number, imOffset: number, dst: number, dstWidth: number, stride: number, count: number, scale: number,
  ): void
  maxPoolGrad(
    x: number, dy: number, dx: number, batch: number, inH: number, inW: number, ch: number, outH: number, outW: number,
    strideH: number, strideW: number, filterH: number, filterW: number, top: number, left: number,
  ): void
}

/** Bytes kept at the start of the memory for the FFT plans. */
export const PLAN_BYTES = 65536
const PAGE = 65536

export class WasmKernels {
  constructor(readonly k: WasmKernelExports) {}

  /** A float32 view of the whole memory (take a new one after {@link reserve}: growing detaches it). */
  f32(): Float32Array {
    return new Float32Array(this.k.memory.buffer)
  }

  /** The memory itself, for the plans' own typed views. */
  get buffer(): ArrayBuffer {
    return this.k.memory.buffer
  }

  /**
   * Lays out consecutive float32 arrays of the given lengths after the plans (each 16-byte
   * aligned), growing the memory as needed; returns their byte addresses. A call's arrays live
   * until the next call to reserve.
   */
  reserve(lengths: readonly number[]): number[] {
    let at = PLAN_BYTES
    const addresses = lengths.map((length) => {
      const address = at
      at += Math.ceil((length * 4) / 16) * 16
      return address
    })
    const have = this.k.memory.buffer.byteLength
    if (at > have) this.k.memory.grow(Math.ceil((at - have) / PAGE))
    return addresses
  }
}

let instance: WasmKernels | undefined

/** This thread's module, instantiated on first use (synchronously: it is a few kilobytes). */
export function wasmKernels(): WasmKernels {
  if (instance === undefined) {
    const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly
    const module = new api.Module(Buffer.from(WASM_KERNELS_BASE64, 'base64'))
    instance = new WasmKernels(new api.Instance(module).exports as unknown as WasmKernelExports)
  }
  return instance
}
