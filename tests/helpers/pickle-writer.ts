/**
 * Writes pickles for tests the way Python 2's cPickle (protocol 2) wrote NumPy data — the form of
 * the WESAD subject files: dict keys and array bytes as Python 2 `str` (SHORT_BINSTRING /
 * BINSTRING), arrays as `numpy.core.multiarray._reconstruct` + BUILD with a pickled
 * `numpy.dtype`, memo entries stored with BINPUT and reused with BINGET.
 * `PickleWriter` also exposes single opcodes so tests can craft damaged or hostile pickles.
 */
import { writeFile } from 'node:fs/promises'

/** A NumPy array to pickle. `values` are in storage order (C order unless `fortran`). */
export class NpArray {
  constructor(
    readonly descr: string,
    readonly shape: readonly number[],
    readonly values: ArrayLike<number | bigint>,
    readonly fortran = false,
  ) {}
}

/** A Python float even when the value is a whole number. */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** A Python 2 `unicode` (BINUNICODE) rather than a `str`. */
export class PyUnicode {
  constructor(readonly text: string) {}
}

export type PickleInput = null | boolean | number | string | PyFloat | PyUnicode | NpArray | PickleInput[] | { readonly [key: string]: PickleInput }

export class PickleWriter {
  /** @param textArrays write array data as protocol 0 STRING text (as cPickle protocol 0 did). */
  constructor(private readonly textArrays = false) {}

  private readonly parts: Buffer[] = []
  private memoCount = 0
  private readonly memoByKey = new Map<string, number>()

  op(...bytes: number[]): this {
    this.parts.push(Buffer.from(bytes))
    return this
  }

  raw(bytes: Uint8Array | string): this {
    this.parts.push(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes))
    return this
  }

  /** BINPUT (memoize the top of the stack) and remember it under `key` for BINGET. */
  put(key?: string): this {
    const index = this.memoCount++
    if (key !== undefined) this.memoByKey.set(key, index)
    return index < 256 ? this.op(0x71, index) : this.op(0x72, ...u32(index))
  }

  /** BINGET of a memo entry stored under `key`; false when there is none. */
  get(key: string): boolean {
    const index = this.memoByKey.get(key)
    if (index === undefined) return false
    if (index < 256) this.op(0x68, index)
    else this.op(0x6a, ...u32(index))
    return true
  }

  global(module: string, name: string): this {
    if (this.get(`global:${module}.${name}`)) return this
    return this.raw(`c${module}\n${name}\n`).put(`global:${module}.${name}`)
  }

  int(n: number): this {
    if (n >= 0 && n < 256) return this.op(0x4b, n)
    if (n >= 0 && n < 65536) return this.op(0x4d, n & 0xff, n >> 8)
    const b = Buffer.alloc(5)
    b[0] = 0x4a
    b.writeInt32LE(n, 1)
    return this.raw(b)
  }

  float(x: number): this {
    const b = Buffer.alloc(9)
    b[0] = 0x47
    b.writeDoubleBE(x, 1)
    return this.raw(b)
  }

  /** A Python 2 str (SHORT_BINSTRING below 256 bytes, else BINSTRING), memoized like cPickle does. */
  str(bytes: Uint8Array | string): this {
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes)
    if (data.length < 256) this.op(0x55, data.length)
    else this.op(0x54, ...u32(data.length))
    return this.raw(data).put()
  }

  unicode(text: string): this {
    const data = Buffer.from(text, 'utf8')
    return this.op(0x58, ...u32(data.length)).raw(data).put()
  }

  value(v: PickleInput): this {
    if (v === null) return this.op(0x4e)
    if (v === true) return this.op(0x88)
    if (v === false) return this.op(0x89)
    if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? this.int(v) : this.float(v)
    if (typeof v === 'string') return this.str(v)
    if (v instanceof PyFloat) return this.float(v.value)
    if (v instanceof PyUnicode) return this.unicode(v.text)
    if (v instanceof NpArray) return this.ndarray(v, this.textArrays)
    if (Array.isArray(v)) {
      this.op(0x5d).put()
      if (v.length === 0) return this
      this.op(0x28)
      for (const item of v) this.value(item)
      return this.op(0x65)
    }
    this.op(0x7d).put()
    const entries = Object.entries(v)
    if (entries.length === 0) return this
    this.op(0x28)
    for (const [key, item] of entries) this.str(key).value(item)
    return this.op(0x75)
  }

  /** A Python 2 str as protocol 0 writes it: STRING with the repr escapes of Python 2. */
  escapedStr(bytes: Uint8Array): this {
    const out = Buffer.alloc(4 * bytes.length + 4)
    let o = out.write("S'", 0, 'latin1')
    const simple: Readonly<Record<number, string>> = { 0x5c: '\\\\', 0x27: "\\'", 0x09: '\\t', 0x0a: '\\n', 0x0d: '\\r' }
    for (const b of bytes) {
      const escape = simple[b]
      if (escape !== undefined) o += out.write(escape, o, 'latin1')
      else if (b >= 0x20 && b < 0x7f) out[o++] = b
      else o += out.write(`\\x${b.toString(16).padStart(2, '0')}`, o, 'latin1')
    }
    o += out.write("'\n", o, 'latin1')
    return this.raw(out.subarray(0, o)).put()
  }

  /** An array as Python 2 NumPy pickled it: _reconstruct(ndarray, (0,), 'b') then BUILD. */
  ndarray(a: NpArray, protocol0Data = false): this {
    this.global('numpy.core.multiarray', '_reconstruct').global('numpy', 'ndarray').int(0).op(0x85).put().str('b').op(0x87).put().op(0x52).put()
    this.op(0x28).int(1)
    this.op(0x28)
    for (const d of a.shape) this.int(d)
    this.op(0x74).put()
    this.dtype(a.descr)
    this.op(a.fortran ? 0x88 : 0x89)
    if (protocol0Data) this.escapedStr(arrayBytes(a))
    else this.str(arrayBytes(a))
    return this.op(0x74).put().op(0x62)
  }

  /** numpy.dtype(kind, 0, 1) + BUILD (3, order, None, None, None, -1, -1, 0), reused via the memo. */
  dtype(descr: string): this {
    if (this.get(`dtype:${descr}`)) return this
    const order = descr[0] ?? '<'
    this.global('numpy', 'dtype').str(descr.slice(1)).int(0).int(1).op(0x87).put().op(0x52).put(`dtype:${descr}`)
    this.op(0x28).int(3).str(order).op(0x4e, 0x4e, 0x4e).int(-1).int(-1).int(0).op(0x74).put()
    return this.op(0x62)
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts)
  }
}

/**
 * A whole protocol 2 pickle of `value`, as Python 2 cPickle.dump(value, f, 2) would write it;
 * with `textArrays` the array data is protocol 0 STRING text instead.
 */
export function py2Pickle(value: PickleInput, textArrays = false): Buffer {
  return new PickleWriter(textArrays).op(0x80, 2).value(value).op(0x2e).bytes()
}

export async function writePy2Pickle(path: string, value: PickleInput): Promise<void> {
  await writeFile(path, py2Pickle(value))
}

export interface WesadSpec {
  readonly subject: string
  readonly ecg: ArrayLike<number>
  readonly label: ArrayLike<number>
  /** Label dtype ('<i4' in the real files; any integer type works). */
  readonly labelDescr?: string
  /** Leave ECG out, to test the missing-channel error. */
  readonly omitEcg?: boolean
}

/** A WESAD-like subject dict: subject, signal.chest.{ACC,ECG,EMG,EDA,Temp,Resp}, signal.wrist, label. */
export function wesadValue(spec: WesadSpec): PickleInput {
  const n = spec.ecg.length
  const column = (f: (i: number) => number, descr = '<f8'): NpArray => new NpArray(descr, [n, 1], Float64Array.from({ length: n }, (_, i) => f(i)))
  const chest: Record<string, PickleInput> = {
    ACC: new NpArray('<f8', [n, 3], Float64Array.from({ length: 3 * n }, (_, i) => (i % 7) / 8)),
    ...(spec.omitEcg ? {} : { ECG: new NpArray('<f8', [n, 1], spec.ecg) }),
    EMG: column((i) => Math.sin(i) / 100),
    EDA: column((i) => 5 + i / 1e4),
    Temp: column((i) => 33 + (i % 3) / 4, '<f4'),
    Resp: column((i) => Math.cos(i / 50)),
  }
  const wrist: Record<string, PickleInput> = {
    ACC: new NpArray('<f8', [4, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    BVP: new NpArray('<f8', [8, 1], [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4]),
    EDA: new NpArray('<f8', [2, 1], [0.25, 0.5]),
    TEMP: new NpArray('<f8', [2, 1], [32.5, 32.75]),
  }
  return { signal: { chest, wrist }, label: new NpArray(spec.labelDescr ?? '<i4', [spec.label.length], spec.label), subject: spec.subject }
}

function arrayBytes(a: NpArray): Buffer {
  const kind = a.descr.slice(1)
  const big = a.descr[0] === '>'
  const size = Number(kind.slice(1))
  const out = Buffer.alloc(a.values.length * size)
  const writers: Readonly<Record<string, (v: number | bigint, at: number) => void>> = {
    f8: (v, at) => (big ? out.writeDoubleBE(Number(v), at) : out.writeDoubleLE(Number(v), at)),
    f4: (v, at) => (big ? out.writeFloatBE(Number(v), at) : out.writeFloatLE(Number(v), at)),
    i4: (v, at) => (big ? out.writeInt32BE(Number(v), at) : out.writeInt32LE(Number(v), at)),
    i8: (v, at) => (big ? out.writeBigInt64BE(BigInt(v), at) : out.writeBigInt64LE(BigInt(v), at)),
    u2: (v, at) => (big ? out.writeUInt16BE(Number(v), at) : out.writeUInt16LE(Number(v), at)),
    i2: (v, at) => (big ? out.writeInt16BE(Number(v), at) : out.writeInt16LE(Number(v), at)),
    u1: (v, at) => out.writeUInt8(Number(v), at),
    b1: (v, at) => out.writeUInt8(Number(v), at),
    i1: (v, at) => out.writeInt8(Number(v), at),
  }
  const write = writers[kind]
  if (write === undefined) throw new Error(`pickle-writer: unsupported dtype ${a.descr}`)
  for (let i = 0; i < a.values.length; i++) write(a.values[i] ?? 0, i * size)
  return out
}

function u32(n: number): number[] {
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff]
}
