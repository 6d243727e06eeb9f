/**
 * A minimal WebAssembly assembler: enough to write the signal kernels (dsp-wasm.ts) as
 * readable opcode sequences with named locals, and to emit a module binary (WebAssembly
 * core spec 2.0, §5 "Binary format"; SIMD opcodes from the fixed-width SIMD proposal).
 *
 * Why hand-made: the kernels are small, no WebAssembly toolchain is a project dependency, and
 * an embedded opaque blob could not be reviewed. Each kernel is a few dozen instructions.
 */

export type ValType = 'i32' | 'f64' | 'v128'
const TYPE_BYTE: Record<ValType, number> = { i32: 0x7f, f64: 0x7c, v128: 0x7b }

export function uleb(n: number): number[] {
  const out: number[] = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n !== 0) b |= 0x80
    out.push(b)
  } while (n !== 0)
  return out
}

function sleb(n: number): number[] {
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

const vector = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()]
const section = (id: number, bytes: number[]): number[] => [id, ...uleb(bytes.length), ...bytes]
const utf8 = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))]

/** Opcodes without immediates, by their text-format names. */
const PLAIN = {
  'i32.eqz': [0x45], 'i32.eq': [0x46], 'i32.ne': [0x47], 'i32.lt_s': [0x48], 'i32.gt_s': [0x4a],
  'i32.le_s': [0x4c], 'i32.ge_s': [0x4e], 'i32.add': [0x6a], 'i32.sub': [0x6b], 'i32.mul': [0x6c],
  'i32.and': [0x71], 'i32.or': [0x72], 'i32.shl': [0x74], 'i32.shr_s': [0x75],
  'f64.eq': [0x61], 'f64.ne': [0x62], 'f64.lt': [0x63], 'f64.gt': [0x64], 'f64.le': [0x65], 'f64.ge': [0x66],
  'f64.abs': [0x99], 'f64.neg': [0x9a], 'f64.add': [0xa0], 'f64.sub': [0xa1], 'f64.mul': [0xa2],
  'f64.div': [0xa3], 'f64.min': [0xa4], 'f64.max': [0xa5],
  'f64.convert_i32_s': [0xb7], 'f32.demote_f64': [0xb6], 'i32.trunc_f64_s': [0xaa],
  select: [0x1b], return: [0x0f], end: [0x0b], else: [0x05],
  'f64x2.splat': [0xfd, 0x14], 'f64x2.add': [0xfd, 0xf0, 0x01], 'f64x2.mul': [0xfd, 0xf2, 0x01],
  'f64x2.eq': [0xfd, 0x47], 'v128.or': [0xfd, 0x50], 'v128.any_true': [0xfd, 0x53],
  'f64x2.relaxed_madd': [0xfd, 0x87, 0x02], 'f64x2.sub': [0xfd, 0xf1, 0x01], 'f64x2.pmin': [0xfd, 0xf6, 0x01], 'f64x2.pmax': [0xfd, 0xf7, 0x01],
} as const
export type PlainOp = keyof typeof PLAIN

/** Memory access opcodes and their natural alignment (log2 bytes). */
const MEMORY = {
  'i32.load8_u': [[0x2d], 0], 'i32.load': [[0x28], 2], 'i32.store': [[0x36], 2], 'f64.load': [[0x2b], 3], 'f64.store': [[0x39], 3], 'f32.store': [[0x38], 2],
  'v128.load': [[0xfd, 0x00], 4],
} as const satisfies Record<string, readonly [readonly number[], number]>
export type MemoryOp = keyof typeof MEMORY

/** One function under construction: named params and locals, a byte-code body. */
export class Fn {
  readonly code: number[] = []
  private readonly slots = new Map<string, number>()
  private readonly localTypes: ValType[] = []

  constructor(
    readonly name: string,
    readonly params: readonly (readonly [string, ValType])[],
    readonly results: readonly ValType[],
    locals: readonly (readonly [string, ValType])[] = [],
  ) {
    for (const [n] of params) this.slots.set(n, this.slots.size)
    for (const [n, t] of locals) {
      this.slots.set(n, this.slots.size)
      this.localTypes.push(t)
    }
  }

  private slot(name: string): number {
    const i = this.slots.get(name)
    if (i === undefined) throw new Error(`wasm-asm: no local ${name} in ${this.name}`)
    return i
  }

  get(...names: string[]): this {
    for (const n of names) this.code.push(0x20, ...uleb(this.slot(n)))
    return this
  }
  set(name: string): this {
    this.code.push(0x21, ...uleb(this.slot(name)))
    return this
  }
  tee(name: string): this {
    this.code.push(0x22, ...uleb(this.slot(name)))
    return this
  }
  op(...ops: PlainOp[]): this {
    for (const o of ops) this.code.push(...PLAIN[o])
    return this
  }
  mem(op: MemoryOp, offset = 0): this {
    const [bytes, align] = MEMORY[op]
    this.code.push(...bytes, align, ...uleb(offset))
    return this
  }
  i32(v: number): this {
    this.code.push(0x41, ...sleb(v))
    return this
  }
  f64(v: number): this {
    const b = new Uint8Array(new Float64Array([v]).buffer)
    this.code.push(0x44, ...b)
    return this
  }
  lane(index: number): this {
    this.code.push(0xfd, 0x21, index) // f64x2.extract_lane
    return this
  }
  /** block … end; `br 0` inside leaves it. */
  block(body: () => void): this {
    this.code.push(0x02, 0x40)
    body()
    this.code.push(0x0b)
    return this
  }
  /** loop … end; `br 0` inside continues it. */
  loop(body: () => void): this {
    this.code.push(0x03, 0x40)
    body()
    this.code.push(0x0b)
    return this
  }
  /** if (consumes an i32) … [else …] end. */
  if(then: () => void, otherwise?: () => void): this {
    this.code.push(0x04, 0x40)
    then()
    if (otherwise !== undefined) {
      this.code.push(0x05)
      otherwise()
    }
    this.code.push(0x0b)
    return this
  }
  br(depth: number): this {
    this.code.push(0x0c, depth)
    return this
  }
  brIf(depth: number): this {
    this.code.push(0x0d, depth)
    return this
  }
  /** local += constant (i32). */
  inc(name: string, by: number): this {
    return this.get(name).i32(by).op('i32.add').set(name)
  }

  /** The function's entry of the code section. */
  encode(): number[] {
    const groups = this.localTypes.map((t) => [1, TYPE_BYTE[t]])
    const body = [...vector(groups), ...this.code, 0x0b]
    return [...uleb(body.length), ...body]
  }
  typeBytes(): number[] {
    return [0x60, ...vector(this.params.map(([, t]) => [TYPE_BYTE[t]])), ...vector(this.results.map((t) => [TYPE_BYTE[t]]))]
  }
}

/** A module of the given functions (all exported by name) and one exported memory `mem`. */
export function assemble(fns: readonly Fn[]): Uint8Array {
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(fns.map((f) => f.typeBytes()))),
    ...section(3, vector(fns.map((_, i) => uleb(i)))),
    ...section(5, vector([[0x00, 1]])), // memory: 1 page to start, grown on demand
    ...section(7, vector([...fns.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]), [...utf8('mem'), 0x02, 0]])),
    ...section(10, vector(fns.map((f) => f.encode()))),
  ])
}
