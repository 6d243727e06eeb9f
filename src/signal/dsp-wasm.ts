/**
 * The signal pipeline's inner loops in WebAssembly (kernels in dsp-kernels.ts), sharing one
 * linear memory, with the JavaScript API to call them.
 *
 * Why: the JavaScript versions of these loops (kept as the reference and fallback in each
 * module) are correct but, on a 2-core machine, spend the first call of a fresh process in
 * the interpreter and in deoptimisations while the JIT catches up — three to five times
 * their steady-state time — and cannot use SIMD. WebAssembly is compiled before the first
 * call and has no type feedback to lose. Apart from the FIR (summation order, optional fused
 * multiply-add) the kernels do the same arithmetic, operation for operation, as the
 * JavaScript, so the tests require bit-identical results from both.
 *
 * The callers place data at byte offsets they choose; calls are synchronous and not
 * re-entrant, so each high-level function may use the whole memory while it runs. The memory
 * grows to the largest request (a few times 8 bytes per sample of the longest recording or
 * subject at 256 Hz) and is kept for reuse.
 */
import { fir4Kernel, firKernel, orBytesKernel, partitionKernel, scanKernel, sosKernel, sumKernel, zscoreKernel } from './dsp-kernels.js'
import { assemble } from './wasm-asm.js'

/** The kernels' JavaScript signatures (byte addresses). */
export interface DspExports {
  fir(x: number, g: number, y: number, count: number, xStep: number, yStep: number, taps: number): void
  fir4(x: number, g: number, y: number, groups: number, xStep: number, yStep: number, taps: number): void
  scanRuns(ptr: number, n: number, base: number, clipLen: number, state: number, cand: number, capacity: number): number
  sos2(ptr: number, n: number, step: number, b0: number, b1: number, b2: number, a1: number, a2: number,
    c0: number, c1: number, c2: number, d1: number, d2: number, z0: number, z1: number, w0: number, w1: number): void
  partition(ptr: number, k: number, left: number, right: number): number
  sum(ptr: number, n: number): number
  sumSqDev(ptr: number, n: number, mean: number): number
  zscoreF32(src: number, dst: number, n: number, mean: number, inv: number): void
  orBytes(ptr: number, n: number): number
}

/** The part of the WebAssembly JS API we use (the project's TypeScript libs do not declare it). */
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { readonly exports: Record<string, unknown> }
}
export interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}

/** One instance of the kernels with views on its memory. */
export class WasmDsp {
  private f64View: Float64Array
  private f32View: Float32Array
  private i32View: Int32Array
  private u8View: Uint8Array

  constructor(readonly k: DspExports, private readonly memory: WasmMemory, readonly fusedMultiplyAdd: boolean) {
    this.f64View = new Float64Array(memory.buffer)
    this.f32View = new Float32Array(memory.buffer)
    this.i32View = new Int32Array(memory.buffer)
    this.u8View = new Uint8Array(memory.buffer)
  }

  /** Makes the memory at least `bytes` long (capped at 1 GiB: addresses are i32). */
  ensure(bytes: number): void {
    const have = this.memory.buffer.byteLength
    if (have < bytes) {
      if (bytes > 2 ** 30) throw new Error(`signal kernels: ${bytes} bytes of working memory is too much`)
      this.memory.grow(Math.ceil((bytes - have) / 65536))
    }
    if (this.u8View.buffer !== this.memory.buffer || this.u8View.length !== this.memory.buffer.byteLength) {
      this.f64View = new Float64Array(this.memory.buffer)
      this.f32View = new Float32Array(this.memory.buffer)
      this.i32View = new Int32Array(this.memory.buffer)
      this.u8View = new Uint8Array(this.memory.buffer)
    }
  }
  get f64(): Float64Array {
    return this.f64View
  }
  get f32(): Float32Array {
    return this.f32View
  }
  get i32(): Int32Array {
    return this.i32View
  }
  get u8(): Uint8Array {
    return this.u8View
  }
}

function instantiate(): WasmDsp | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  if (api === undefined) return undefined
  // relaxed SIMD (FMA) where the engine has it, else plain SIMD, else no kernels at all
  for (const fma of [true, false]) {
    try {
      const bytes = assemble([firKernel(fma), fir4Kernel(fma), scanKernel(), sosKernel(), partitionKernel(), sumKernel(false), sumKernel(true), zscoreKernel(), orBytesKernel()])
      const { exports } = new api.Instance(new api.Module(bytes))
      return new WasmDsp(exports as unknown as DspExports, exports.mem as WasmMemory, fma)
    } catch {
      // try the next variant
    }
  }
  return undefined // callers use their JavaScript loops
}

let shared: WasmDsp | undefined | null = null
let enabled = true

/** The process-wide kernel instance, or undefined where WebAssembly (SIMD) is unavailable. */
export function wasmDsp(): WasmDsp | undefined {
  if (!enabled) return undefined
  if (shared === null) shared = instantiate()
  return shared
}

/** For tests: run everything on the JavaScript fallbacks (false) or the kernels again (true). */
export function setWasmDspEnabled(on: boolean): void {
  enabled = on
}
