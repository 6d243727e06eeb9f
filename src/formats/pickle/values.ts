/**
 * The values a pickle turns into: plain JavaScript values for Python's built-in types, and
 * NdArray / NpDType for the NumPy objects that the allow-listed globals rebuild.
 *
 * Mapping: None → null, bool → boolean, int → number (bigint beyond 2^53), float → number,
 * str → string, Python 2 str → string (latin-1) or Uint8Array (see PickleOptions), bytes and
 * bytearray → Uint8Array, list and tuple → array, set and frozenset → array, dict → Map.
 * Payloads left in the file (large byte strings read lazily) are FileRange values.
 */
import { open } from 'node:fs/promises'
import { InputError } from '../../common/input-error.js'
import { unescapeInto } from './literals.js'

/**
 * Bytes that stay in the pickle file until asked for (large array data). `escaped` ranges hold
 * the text of a protocol 0 STRING (Python 2 repr escapes), decoded while reading.
 */
export class FileRange {
  constructor(
    readonly path: string,
    readonly offset: number,
    readonly length: number,
    readonly escaped = false,
  ) {}

  /** Reads (and for escaped ranges decodes) the bytes into `target`, which they must fill exactly. */
  async readInto(target: Uint8Array): Promise<void> {
    let handle
    try {
      handle = await open(this.path, 'r')
    } catch {
      throw new InputError('the pickle file cannot be opened again to read array data; check that it still exists.', this.path)
    }
    const shorter = (): InputError => new InputError('the pickle file became shorter while it was being read; copy it again from the source.', this.path)
    try {
      if (!this.escaped) {
        if (target.length !== this.length) throw new InputError(`array data of ${this.length} bytes cannot fill ${target.length} bytes; the pickle is damaged.`, this.path)
        let done = 0
        while (done < this.length) {
          const { bytesRead } = await handle.read(target, done, this.length - done, this.offset + done)
          if (bytesRead === 0) throw shorter()
          done += bytesRead
        }
        return
      }
      // Stream the escaped text through the decoder; an escape cut at a piece end is carried over.
      const piece = Buffer.allocUnsafe(ESCAPED_PIECE + 4)
      let carry = 0
      let read = 0
      let written = 0
      while (read < this.length) {
        const { bytesRead } = await handle.read(piece, carry, Math.min(ESCAPED_PIECE, this.length - read), this.offset + read)
        if (bytesRead === 0) throw shorter()
        read += bytesRead
        const [used, out] = unescapeInto(piece, 0, carry + bytesRead, target, written, read >= this.length, this.path)
        written = out
        carry = carry + bytesRead - used
        piece.copyWithin(0, used, used + carry)
      }
      if (written !== target.length) throw new InputError(`array data decodes to ${written} bytes but needs ${target.length}; the pickle is damaged.`, this.path)
    } finally {
      await handle.close()
    }
  }
}

const ESCAPED_PIECE = 1024 * 1024

/** A reference to an allow-listed Python global that has not been called (e.g. numpy.ndarray). */
export class PyGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`
  }
}

export type PyKey = string | number | bigint | boolean | null
export type PyValue = null | boolean | number | bigint | string | Uint8Array | FileRange | PyValue[] | PyDict | NdArray | NpDType | PyGlobal
export type PyDict = Map<PyKey, PyValue>

export type NumericArray =
  | Float64Array
  | Float32Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array

type NumericCtor = new (length: number) => NumericArray
/** Typed arrays for the NumPy kinds the workbench decodes (kind letter + item size). */
const NUMERIC: Readonly<Record<string, NumericCtor>> = {
  f8: Float64Array,
  f4: Float32Array,
  i1: Int8Array,
  u1: Uint8Array,
  b1: Uint8Array,
  i2: Int16Array,
  u2: Uint16Array,
  i4: Int32Array,
  u4: Uint32Array,
  i8: BigInt64Array,
  u8: BigUint64Array,
}

/** A NumPy dtype as pickled: `numpy.dtype(kind, align, copy)` then BUILD with its state. */
export class NpDType {
  /** '<', '>', '|' or '=' (native, which NumPy writers on every common machine mean as '<'). */
  byteOrder = '='
  /** Structured (record) or sub-array dtypes cannot be decoded into one typed array. */
  structured = false

  constructor(readonly kind: string) {}

  /** NumPy's array-interface descr, e.g. '<f8', '|u1'. */
  get descr(): string {
    const size = Number(this.kind.slice(1))
    const order = this.byteOrder === '=' ? '<' : this.byteOrder
    // NumPy writes '|' where byte order does not apply: one-byte items, byte strings, void, objects.
    return `${size === 1 || 'SVO'.includes(this.kind[0] ?? '') ? '|' : order}${this.kind}`
  }

  get itemSize(): number {
    const size = Number(this.kind.slice(1))
    return Number.isInteger(size) && size > 0 ? size : 0
  }

  get numeric(): boolean {
    return !this.structured && NUMERIC[this.kind] !== undefined
  }
}

/**
 * A NumPy array. Elements are in storage order: C (row-major) unless `fortranOrder`.
 * The element bytes stay as they are in the pickle (a view, or a range of the file) until
 * `data` or `load()` decodes them, so only the arrays a caller asks for cost memory.
 */
export class NdArray {
  shape: readonly number[] = [0]
  dtype: NpDType = new NpDType('u1')
  fortranOrder = false
  /** Element bytes, or the element list of an object array. */
  raw: Uint8Array | FileRange | PyValue[] = new Uint8Array(0)
  private decoded: NumericArray | undefined

  constructor(private readonly file: string) {}

  get descr(): string {
    return this.dtype.descr
  }

  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1)
  }

  /** The elements, decoded from bytes held in memory. Use `load()` when they may be in the file. */
  get data(): NumericArray {
    if (this.decoded) return this.decoded
    if (!(this.raw instanceof Uint8Array)) {
      throw new InputError(`array ${this.describe()} is still in the file (or holds Python objects); load it with load().`, this.file)
    }
    const out = this.allocate()
    fillFromBytes(out, this.raw, this.dtype.byteOrder === '>')
    this.decoded = out
    return out
  }

  /**
   * The elements, reading them from the pickle file if they were left there. With `keep` false
   * the array does not hold on to the decoded copy (the caller manages memory, e.g. one subject
   * of a dataset at a time).
   */
  async load(keep = true): Promise<NumericArray> {
    if (this.decoded) return this.decoded
    if (!(this.raw instanceof FileRange)) {
      if (keep) return this.data
      const out = this.allocate()
      fillFromBytes(out, this.raw as Uint8Array, this.dtype.byteOrder === '>')
      return out
    }
    const out = this.allocate()
    const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
    await this.raw.readInto(bytes)
    if (this.dtype.byteOrder === '>') fillFromBytes(out, bytes.slice(), true)
    if (keep) this.decoded = out
    return out
  }

  /** The elements as float64 (integers converted; 64-bit integers beyond 2^53 lose precision). */
  async toFloat64(keep = true): Promise<Float64Array> {
    const data = await this.load(keep)
    if (data instanceof Float64Array) return data
    const out = new Float64Array(data.length)
    for (let i = 0; i < data.length; i++) out[i] = Number(data[i])
    return out
  }

  describe(): string {
    return `${this.descr} (${this.shape.join('×')})`
  }

  private allocate(): NumericArray {
    const Ctor = this.dtype.numeric ? NUMERIC[this.dtype.kind] : undefined
    if (Ctor === undefined) {
      throw new InputError(`array of NumPy type ${this.descr} cannot be read as numbers; the workbench reads float, integer and bool arrays only.`, this.file)
    }
    // Escaped ranges decode to an unknown length; FileRange.readInto checks that they fill the array.
    const byteLength = this.raw instanceof FileRange ? (this.raw.escaped ? this.size * this.dtype.itemSize : this.raw.length) : this.raw instanceof Uint8Array ? this.raw.length : -1
    if (byteLength !== this.size * this.dtype.itemSize) {
      throw new InputError(`array ${this.describe()} has ${byteLength} bytes of data but needs ${this.size * this.dtype.itemSize}; the pickle is damaged.`, this.file)
    }
    return new Ctor(this.size)
  }
}

/** Copies element bytes into a typed array, swapping byte order for big-endian data. */
function fillFromBytes(out: NumericArray, bytes: Uint8Array, bigEndian: boolean): void {
  const size = out.BYTES_PER_ELEMENT
  const target = new Uint8Array(out.buffer, out.byteOffset, out.byteLength)
  if (!bigEndian || size === 1) {
    target.set(bytes)
    return
  }
  // Reverse each element's bytes: big-endian data on a little-endian host.
  for (let i = 0; i < bytes.length; i += size) {
    for (let k = 0; k < size; k++) target[i + k] = bytes[i + size - 1 - k] ?? 0
  }
}

/** Looks a path of dict keys up in nested dicts; undefined when any step is missing. */
export function pyGet(value: PyValue | undefined, ...keys: string[]): PyValue | undefined {
  let current = value
  for (const key of keys) {
    if (!(current instanceof Map)) return undefined
    current = current.get(key)
  }
  return current
}
