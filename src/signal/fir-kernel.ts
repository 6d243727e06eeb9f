/**
 * The inner loop of polyphase resampling: many FIR dot products over a strided input.
 *
 * Why hand-written WebAssembly: the resampler spends almost all its time in
 * `y[k·yStep] = Σ_r g[r]·x[k·xStep + r]`. Plain JavaScript on Float64Array runs this at
 * roughly a quarter of SciPy's compiled upfirdn speed (bounds checks, no SIMD); a 2-lane f64
 * SIMD loop in WebAssembly is about 7× faster than the JavaScript loop. No npm package offers
 * this kernel, and no WebAssembly toolchain is a project dependency, so the module is
 * assembled here from named opcodes (WebAssembly core spec §5 binary format, SIMD proposal
 * opcodes). The JavaScript loop below computes the same sums and is used when WebAssembly
 * (or its SIMD extension) is unavailable; the tests run both.
 */

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

// ---- a tiny assembler for the one function we need -------------------------------------

const uleb = (n: number): number[] => {
  const out: number[] = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n !== 0) b |= 0x80
    out.push(b)
  } while (n !== 0)
  return out
}
const sleb = (n: number): number[] => {
  const out: number[] = []
  for (;;) {
    const b = n & 0x7f
    n >>= 7
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b)
      return out
    }
    out.push(b | 0x80)
  }
}
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes]
const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()]
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))]

const I32 = 0x7f
const F64 = 0x7c
const V128 = 0x7b
const get = (i: number): number[] => [0x20, ...uleb(i)]
const set = (i: number): number[] => [0x21, ...uleb(i)]
const tee = (i: number): number[] => [0x22, ...uleb(i)]
const i32Const = (v: number): number[] => [0x41, ...sleb(v)]
const I32_ADD = [0x6a]
const I32_EQZ = [0x45]
const I32_LT_S = [0x48]
const I32_GE_S = [0x4e]
const BLOCK = [0x02, 0x40]
const LOOP = [0x03, 0x40]
const END = [0x0b]
const brIf = (depth: number): number[] => [0x0d, depth]
const f64Load = [0x2b, 3, 0]
const f64Store = [0x39, 3, 0]
const F64_ADD = [0xa0]
const F64_MUL = [0xa2]
const F64_ZERO = [0x44, 0, 0, 0, 0, 0, 0, 0, 0]
const simd = (op: number): number[] => [0xfd, ...uleb(op)]
const v128Load = (offset: number): number[] => [...simd(0x00), 4, ...uleb(offset)]
const F64X2_SPLAT = simd(0x14)
const f64x2Lane = (lane: number): number[] => [...simd(0x21), lane]
const F64X2_ADD = simd(0xf0)
const F64X2_MUL = simd(0xf2)

/** Bytes of a module exporting `mem` and `fir(x, g, y, count, xStep, yStep, taps)` (byte units). */
function firModuleBytes(): Uint8Array {
  // params 0..6, then locals: p q r (i32), a0..a3 (v128), s (f64)
  const [X, G, Y, COUNT, XSTEP, YSTEP, TAPS, P, Q, R, A0, A1, A2, A3, S] =
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14] as const
  const addTo = (local: number, v: number): number[] => [...get(local), ...i32Const(v), ...I32_ADD, ...set(local)]
  const mac = (acc: number, off: number): number[] =>
    [...get(acc), ...get(P), ...v128Load(off), ...get(Q), ...v128Load(off), ...F64X2_MUL, ...F64X2_ADD, ...set(acc)]
  const body = [
    ...BLOCK, ...get(COUNT), ...I32_EQZ, ...brIf(0),
    ...LOOP, // one output per iteration
    ...get(X), ...set(P), ...get(G), ...set(Q), ...get(TAPS), ...set(R),
    ...F64_ZERO, ...F64X2_SPLAT, ...tee(A0), ...tee(A1), ...tee(A2), ...set(A3), ...F64_ZERO, ...set(S),
    // 8 taps per iteration in four independent 2-lane accumulators
    ...BLOCK, ...get(R), ...i32Const(8), ...I32_LT_S, ...brIf(0),
    ...LOOP, ...mac(A0, 0), ...mac(A1, 16), ...mac(A2, 32), ...mac(A3, 48),
    ...addTo(P, 64), ...addTo(Q, 64), ...addTo(R, -8),
    ...get(R), ...i32Const(8), ...I32_GE_S, ...brIf(0), ...END,
    ...END,
    // remaining taps one at a time
    ...BLOCK, ...get(R), ...I32_EQZ, ...brIf(0),
    ...LOOP, ...get(S), ...get(P), ...f64Load, ...get(Q), ...f64Load, ...F64_MUL, ...F64_ADD, ...set(S),
    ...addTo(P, 8), ...addTo(Q, 8), ...addTo(R, -1), ...get(R), ...brIf(0), ...END,
    ...END,
    ...get(Y),
    ...get(A0), ...get(A1), ...F64X2_ADD, ...get(A2), ...get(A3), ...F64X2_ADD, ...F64X2_ADD, ...tee(A0),
    ...f64x2Lane(0), ...get(A0), ...f64x2Lane(1), ...F64_ADD, ...get(S), ...F64_ADD, ...f64Store,
    ...get(X), ...get(XSTEP), ...I32_ADD, ...set(X),
    ...get(Y), ...get(YSTEP), ...I32_ADD, ...set(Y),
    ...addTo(COUNT, -1), ...get(COUNT), ...brIf(0),
    ...END,
    ...END,
    ...END,
  ]
  const fn = [...vector([[...uleb(3), I32], [...uleb(4), V128], [...uleb(1), F64]]), ...body]
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[0x60, ...vector(new Array<number[]>(7).fill([I32])), 0]])), // type: (i32 x7) -> ()
    ...section(3, vector([[0]])), // one function of type 0
    ...section(5, vector([[0x00, 1]])), // one memory, 1 page, grown on demand
    ...section(7, vector([[...name('fir'), 0x00, 0], [...name('mem'), 0x02, 0]])),
    ...section(10, vector([[...uleb(fn.length), ...fn]])),
  ])
}

type WasmFir = (x: number, g: number, y: number, count: number, xStep: number, yStep: number, taps: number) => void

/** The part of the WebAssembly JS API we use (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object
  Instance: new (module: object) => { readonly exports: Record<string, unknown> }
}
interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}

/** The WebAssembly SIMD backend, or undefined where WebAssembly SIMD is not available. */
export function createWasmFirBackend(): FirBackend | undefined {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly
  if (api === undefined) return undefined
  let instance: { readonly exports: Record<string, unknown> }
  try {
    instance = new api.Instance(new api.Module(firModuleBytes()))
  } catch {
    return undefined // no SIMD support: use the JavaScript loop
  }
  const memory = instance.exports.mem as WasmMemory
  const run = instance.exports.fir as WasmFir
  let view = new Float64Array(memory.buffer)
  return {
    kind: 'wasm-simd',
    workspace(elements: number): Float64Array {
      const bytes = elements * 8
      if (memory.buffer.byteLength < bytes) {
        // wasm32 addresses are i32 here: keep the workspace well below 2 GiB (blocks are small)
        if (bytes > 1 << 30) throw new Error(`FIR workspace of ${bytes} bytes is too large`)
        memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / 65536))
      }
      if (view.buffer !== memory.buffer || view.length * 8 !== memory.buffer.byteLength) {
        view = new Float64Array(memory.buffer)
      }
      return view
    },
    fir(xOff, gOff, yOff, count, xStep, yStep, taps): void {
      run(xOff * 8, gOff * 8, yOff * 8, count, xStep * 8, yStep * 8, taps)
    },
  }
}

let shared: FirBackend | undefined

/** The fastest available backend, created once per process (or worker). */
export function defaultFirBackend(): FirBackend {
  shared ??= createWasmFirBackend() ?? createJsFirBackend()
  return shared
}
