/**
 * MAT v5 data types (miINT8 … miUTF32) and their conversion to doubles and text. MATLAB stores a
 * double array in the smallest integer type that holds its values exactly (e.g. miUINT8 for
 * 0/1 labels), so the stored type often differs from the array's class: everything becomes a
 * Float64Array here, in the file's byte order.
 */
import { endianness } from 'node:os'

export const MI = {
  INT8: 1,
  UINT8: 2,
  INT16: 3,
  UINT16: 4,
  INT32: 5,
  UINT32: 6,
  SINGLE: 7,
  DOUBLE: 9,
  INT64: 12,
  UINT64: 13,
  MATRIX: 14,
  COMPRESSED: 15,
  UTF8: 16,
  UTF16: 17,
  UTF32: 18,
} as const

const SIZES: Readonly<Record<number, number>> = {
  [MI.INT8]: 1,
  [MI.UINT8]: 1,
  [MI.INT16]: 2,
  [MI.UINT16]: 2,
  [MI.INT32]: 4,
  [MI.UINT32]: 4,
  [MI.SINGLE]: 4,
  [MI.DOUBLE]: 8,
  [MI.INT64]: 8,
  [MI.UINT64]: 8,
  [MI.UTF8]: 1,
  [MI.UTF16]: 2,
  [MI.UTF32]: 4,
}

/** Bytes per value of a numeric or text data type, undefined for miMATRIX and unknown types. */
export function miSize(type: number): number | undefined {
  return SIZES[type]
}

export function isNumericType(type: number): boolean {
  return type >= MI.INT8 && type <= MI.UINT64 && type !== 8 && type !== 10 && type !== 11
}

const HOST_LE = endianness() === 'LE'

/** Arrays this large are returned as views on the bytes read (no copy) when alignment allows. */
const VIEW_THRESHOLD_BYTES = 1 << 16

/**
 * Converts `bytes` (a whole number of values of stored type `type`) to doubles. The caller has
 * checked the type is numeric and the length is a multiple of its size.
 */
export function toFloat64(type: number, bytes: Uint8Array, le: boolean): Float64Array {
  const size = miSize(type) ?? 1
  const count = bytes.length / size
  if (type === MI.DOUBLE && le === HOST_LE) {
    if (bytes.length >= VIEW_THRESHOLD_BYTES && bytes.byteOffset % 8 === 0) {
      return new Float64Array(bytes.buffer, bytes.byteOffset, count)
    }
    const out = new Float64Array(count)
    new Uint8Array(out.buffer).set(bytes)
    return out
  }
  if (le === HOST_LE && type !== MI.INT64 && type !== MI.UINT64) {
    // Copy to an aligned buffer, view it with the stored type, and let TypedArray.set convert.
    const aligned = new Uint8Array(bytes).buffer
    const out = new Float64Array(count)
    out.set(typedView(type, aligned, count))
    return out
  }
  return convertWithDataView(type, bytes, le, count)
}

/** The typed array of each stored type that TypedArray.set converts to doubles (the 64-bit integers go through DataView). */
const TYPED_ARRAYS: Readonly<Record<number, new (buffer: ArrayBuffer, byteOffset: number, length: number) => ArrayLike<number>>> = {
  [MI.INT8]: Int8Array,
  [MI.UINT8]: Uint8Array,
  [MI.INT16]: Int16Array,
  [MI.UINT16]: Uint16Array,
  [MI.INT32]: Int32Array,
  [MI.UINT32]: Uint32Array,
  [MI.SINGLE]: Float32Array,
}

function typedView(type: number, buffer: ArrayBuffer, count: number): ArrayLike<number> {
  return new (TYPED_ARRAYS[type] ?? Float64Array)(buffer, 0, count)
}

function convertWithDataView(type: number, bytes: Uint8Array, le: boolean, count: number): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = new Float64Array(count)
  const size = miSize(type) ?? 1
  const get = reader(type, view, le)
  for (let i = 0; i < count; i++) out[i] = get(i * size)
  return out
}

function reader(type: number, view: DataView, le: boolean): (offset: number) => number {
  switch (type) {
    case MI.INT8:
      return (o) => view.getInt8(o)
    case MI.UINT8:
      return (o) => view.getUint8(o)
    case MI.INT16:
      return (o) => view.getInt16(o, le)
    case MI.UINT16:
      return (o) => view.getUint16(o, le)
    case MI.INT32:
      return (o) => view.getInt32(o, le)
    case MI.UINT32:
      return (o) => view.getUint32(o, le)
    case MI.SINGLE:
      return (o) => view.getFloat32(o, le)
    case MI.INT64:
      return (o) => Number(view.getBigInt64(o, le))
    case MI.UINT64:
      return (o) => Number(view.getBigUint64(o, le))
    default:
      return (o) => view.getFloat64(o, le)
  }
}

/** Reads one int32 (dims, field-name length) in the file's byte order. */
export function int32Values(bytes: Uint8Array, le: boolean): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: number[] = []
  for (let o = 0; o + 4 <= bytes.length; o += 4) out.push(view.getInt32(o, le))
  return out
}

/**
 * Decodes char data into one string per character (so that column-major positions can be
 * rearranged into rows). miUINT16/miUTF16 are UTF-16 code units, miUINT8/miINT8 are Latin-1
 * bytes (older writers), miUTF8 and miUTF32 are Unicode.
 */
export function decodeChars(type: number, bytes: Uint8Array, le: boolean): string[] | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: string[] = []
  switch (type) {
    case MI.UINT16:
    case MI.UTF16:
    case MI.INT16:
      for (let o = 0; o + 2 <= bytes.length; o += 2) out.push(String.fromCharCode(view.getUint16(o, le)))
      return out
    case MI.UINT8:
    case MI.INT8:
      for (const b of bytes) out.push(String.fromCharCode(b))
      return out
    case MI.UTF8:
      return Array.from(new TextDecoder('utf-8').decode(bytes))
    case MI.UTF32:
    case MI.UINT32:
    case MI.INT32:
      for (let o = 0; o + 4 <= bytes.length; o += 4) {
        const cp = view.getUint32(o, le)
        out.push(cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd')
      }
      return out
    default:
      return undefined
  }
}

/** Decodes an miINT8 name (array or field name), stopping at the first NUL. */
export function decodeName(bytes: Uint8Array): string {
  const end = bytes.indexOf(0)
  return new TextDecoder('utf-8').decode(end < 0 ? bytes : bytes.subarray(0, end))
}
