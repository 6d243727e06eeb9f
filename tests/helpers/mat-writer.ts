/**
 * Test-only writer of MATLAB v5 .mat files, so tests can build AMIGOS- and DREAMER-like files
 * (the datasets themselves are licensed and cannot be shipped). Follows MathWorks "MAT-File
 * Format": 128-byte header, one miMATRIX per variable (optionally wrapped in miCOMPRESSED), small
 * data elements for ≤ 4-byte data, 8-byte padding; either byte order.
 */
import { writeFile } from 'node:fs/promises'
import { deflateSync } from 'node:zlib'

export type MatStorage = 'double' | 'single' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64'
export type MatClassName = MatStorage | 'logical'

export type MatSpec =
  | {
      readonly type: 'numeric'
      readonly class: MatClassName
      readonly dims: readonly number[]
      /** Column-major values. */
      readonly data: ArrayLike<number>
      readonly imag?: ArrayLike<number>
      /** Stored data type; 'auto' picks the smallest integer type that holds the values, as MATLAB does. */
      readonly storeAs?: MatStorage | 'auto'
    }
  | { readonly type: 'char'; readonly rows: readonly string[]; readonly encoding?: 'uint16' | 'utf8' }
  | { readonly type: 'cell'; readonly dims: readonly number[]; readonly items: readonly MatSpec[] }
  | { readonly type: 'struct'; readonly dims: readonly number[]; readonly fields: readonly string[]; readonly elements: readonly Readonly<Record<string, MatSpec>>[] }

export interface NumericOptions {
  readonly storeAs?: MatStorage | 'auto'
  readonly class?: MatClassName
}

/** A 1×1 double. */
export function matNumber(value: number, options: NumericOptions = {}): MatSpec {
  return matNumeric([1, 1], [value], options)
}

/** A numeric array from column-major data. */
export function matNumeric(dims: readonly number[], data: ArrayLike<number>, options: NumericOptions = {}): MatSpec {
  return { type: 'numeric', class: options.class ?? 'double', dims, data, storeAs: options.storeAs }
}

/** A 1×n row vector. */
export function matRow(values: ArrayLike<number>, options: NumericOptions = {}): MatSpec {
  return matNumeric([1, values.length], values, options)
}

/** An N×C matrix given as C columns of N values (column-major is then a concatenation). */
export function matColumns(columns: readonly ArrayLike<number>[], options: NumericOptions = {}): MatSpec {
  const rows = columns[0]?.length ?? 0
  const data = new Float64Array(rows * columns.length)
  columns.forEach((column, c) => data.set(Array.from(column), c * rows))
  return matNumeric([rows, columns.length], data, options)
}

/** A matrix given row by row (as written in MATLAB source). */
export function matMatrix(rows: readonly (readonly number[])[], options: NumericOptions = {}): MatSpec {
  const m = rows.length
  const n = rows[0]?.length ?? 0
  const data: number[] = []
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) data.push(rows[i]?.[j] ?? 0)
  return matNumeric([m, n], data, options)
}

/** An empty 0×0 double, as MATLAB's []. */
export function matEmpty(dims: readonly number[] = [0, 0]): MatSpec {
  return matNumeric(dims, [])
}

/** A char array: one string gives a 1×n row; several give a padded-free multi-row array (equal lengths). */
export function matChar(text: string | readonly string[], encoding: 'uint16' | 'utf8' = 'uint16'): MatSpec {
  return { type: 'char', rows: typeof text === 'string' ? [text] : text, encoding }
}

/** A cell array (1×n by default). */
export function matCell(items: readonly MatSpec[], dims: readonly number[] = [1, items.length]): MatSpec {
  return { type: 'cell', dims, items }
}

/** A struct: one record gives 1×1; several give a 1×n struct array (all with the same fields). */
export function matStruct(records: Readonly<Record<string, MatSpec>> | readonly Readonly<Record<string, MatSpec>>[], dims?: readonly number[]): MatSpec {
  const elements = Array.isArray(records) ? (records as readonly Readonly<Record<string, MatSpec>>[]) : [records as Readonly<Record<string, MatSpec>>]
  const fields = Object.keys(elements[0] ?? {})
  return { type: 'struct', dims: dims ?? [1, elements.length], fields, elements }
}

export interface WriteOptions {
  /** Wrap variables in miCOMPRESSED (all, none, or chosen by name). Default false. */
  readonly compress?: boolean | ((name: string) => boolean)
  /** Default true ('IM'); false writes a big-endian ('MI') file. */
  readonly littleEndian?: boolean
  /** Use the small data element form for ≤ 4-byte data (as MATLAB does). Default true. */
  readonly smallElements?: boolean
}

const MI: Record<MatStorage | 'utf8' | 'matrix' | 'compressed', number> = {
  int8: 1, uint8: 2, int16: 3, uint16: 4, int32: 5, uint32: 6, single: 7, double: 9, int64: 12, uint64: 13,
  matrix: 14, compressed: 15, utf8: 16,
}
const CLASS_ID: Record<MatStorage, number> = {
  double: 6, single: 7, int8: 8, uint8: 9, int16: 10, uint16: 11, int32: 12, uint32: 13, int64: 14, uint64: 15,
}
const SIZE: Record<MatStorage, number> = {
  int8: 1, uint8: 1, int16: 2, uint16: 2, int32: 4, uint32: 4, single: 4, double: 8, int64: 8, uint64: 8,
}

/** Builds the bytes of a .mat file holding `variables` in the given order. */
export function writeMat(variables: Readonly<Record<string, MatSpec>>, options: WriteOptions = {}): Uint8Array {
  const le = options.littleEndian ?? true
  const enc = new Encoder(le, options.smallElements ?? true)
  const parts: Uint8Array[] = [header(le)]
  for (const [name, spec] of Object.entries(variables)) {
    const element = enc.matrix(spec, name)
    const compress = typeof options.compress === 'function' ? options.compress(name) : (options.compress ?? false)
    if (compress) {
      const deflated = deflateSync(element)
      parts.push(enc.tag(MI.compressed, deflated.length), deflated)
    } else {
      parts.push(element)
    }
  }
  return concat(parts)
}

/** Writes `variables` to a .mat file at `path`. */
export async function writeMatFile(path: string, variables: Readonly<Record<string, MatSpec>>, options: WriteOptions = {}): Promise<void> {
  await writeFile(path, writeMat(variables, options))
}

function header(le: boolean): Uint8Array {
  const out = new Uint8Array(128)
  const text = 'MATLAB 5.0 MAT-file, Platform: test, Created on: Thu Jan  1 00:00:00 2026'
  out.fill(0x20, 0, 116)
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i)
  const view = new DataView(out.buffer)
  view.setUint16(124, 0x0100, le)
  out[126] = le ? 0x49 : 0x4d // 'I' / 'M'
  out[127] = le ? 0x4d : 0x49
  return out
}

class Encoder {
  constructor(
    private readonly le: boolean,
    private readonly small: boolean,
  ) {}

  tag(type: number, n: number): Uint8Array {
    const out = new Uint8Array(8)
    const view = new DataView(out.buffer)
    view.setUint32(0, type, this.le)
    view.setUint32(4, n, this.le)
    return out
  }

  element(type: number, data: Uint8Array): Uint8Array {
    if (this.small && data.length <= 4 && data.length > 0) {
      const out = new Uint8Array(8)
      const view = new DataView(out.buffer)
      view.setUint32(0, (data.length << 16) | type, this.le)
      out.set(data, 4)
      return out
    }
    const out = new Uint8Array(8 + ((data.length + 7) & ~7))
    out.set(this.tag(type, data.length))
    out.set(data, 8)
    return out
  }

  matrix(spec: MatSpec, name: string): Uint8Array {
    const body = concat(this.body(spec, name))
    return concat([this.tag(MI.matrix, body.length), body])
  }

  private int32s(values: readonly number[]): Uint8Array {
    const out = new Uint8Array(values.length * 4)
    const view = new DataView(out.buffer)
    values.forEach((v, i) => view.setInt32(i * 4, v, this.le))
    return out
  }

  private head(classId: number, flags: number, dims: readonly number[], name: string): Uint8Array[] {
    const flagBytes = new Uint8Array(8)
    new DataView(flagBytes.buffer).setUint32(0, flags | classId, this.le)
    return [this.element(MI.uint32, flagBytes), this.element(MI.int32, this.int32s(dims)), this.element(MI.int8, new TextEncoder().encode(name))]
  }

  private body(spec: MatSpec, name: string): Uint8Array[] {
    switch (spec.type) {
      case 'numeric': {
        const storageClass: MatStorage = spec.class === 'logical' ? 'uint8' : spec.class
        const flags = (spec.class === 'logical' ? 0x0200 : 0) | (spec.imag !== undefined ? 0x0800 : 0)
        const parts = this.head(CLASS_ID[storageClass], flags, spec.dims, name)
        const storage = resolveStorage(spec.storeAs ?? storageClass, spec.data, spec.imag)
        parts.push(this.element(MI[storage], this.values(storage, spec.data)))
        if (spec.imag !== undefined) parts.push(this.element(MI[storage], this.values(storage, spec.imag)))
        return parts
      }
      case 'char': {
        const m = spec.rows.length
        const n = spec.rows[0]?.length ?? 0
        const parts = this.head(4, 0, [m, m === 0 ? 0 : n], name)
        let columnMajor = ''
        for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) columnMajor += spec.rows[i]?.[j] ?? ' '
        if (spec.encoding === 'utf8') {
          parts.push(this.element(MI.utf8, new TextEncoder().encode(columnMajor)))
        } else {
          const units = new Uint8Array(columnMajor.length * 2)
          const view = new DataView(units.buffer)
          for (let k = 0; k < columnMajor.length; k++) view.setUint16(k * 2, columnMajor.charCodeAt(k), this.le)
          parts.push(this.element(MI.uint16, units))
        }
        return parts
      }
      case 'cell': {
        const parts = this.head(1, 0, spec.dims, name)
        for (const item of spec.items) parts.push(this.matrix(item, ''))
        return parts
      }
      case 'struct': {
        const parts = this.head(2, 0, spec.dims, name)
        const length = Math.max(1, ...spec.fields.map((f) => f.length + 1))
        const names = new Uint8Array(length * spec.fields.length)
        spec.fields.forEach((f, i) => names.set(new TextEncoder().encode(f), i * length))
        parts.push(this.element(MI.int32, this.int32s([length])), this.element(MI.int8, names))
        for (const element of spec.elements) {
          for (const f of spec.fields) {
            const child = element[f]
            if (child === undefined) throw new Error(`struct element lacks field ${f}`)
            parts.push(this.matrix(child, ''))
          }
        }
        return parts
      }
    }
  }

  private values(storage: MatStorage, data: ArrayLike<number>): Uint8Array {
    const size = SIZE[storage]
    const out = new Uint8Array(data.length * size)
    const view = new DataView(out.buffer)
    for (let i = 0; i < data.length; i++) {
      const v = data[i] ?? 0
      const o = i * size
      switch (storage) {
        case 'int8': view.setInt8(o, v); break
        case 'uint8': view.setUint8(o, v); break
        case 'int16': view.setInt16(o, v, this.le); break
        case 'uint16': view.setUint16(o, v, this.le); break
        case 'int32': view.setInt32(o, v, this.le); break
        case 'uint32': view.setUint32(o, v, this.le); break
        case 'single': view.setFloat32(o, v, this.le); break
        case 'double': view.setFloat64(o, v, this.le); break
        case 'int64': view.setBigInt64(o, BigInt(v), this.le); break
        case 'uint64': view.setBigUint64(o, BigInt(v), this.le); break
      }
    }
    return out
  }
}

/** MATLAB's storage choice for doubles: the smallest integer type holding every value exactly. */
function resolveStorage(storeAs: MatStorage | 'auto', data: ArrayLike<number>, imag: ArrayLike<number> | undefined): MatStorage {
  if (storeAs !== 'auto') return storeAs
  let min = 0
  let max = 0
  for (const part of [data, imag ?? []]) {
    for (let i = 0; i < part.length; i++) {
      const v = part[i] ?? 0
      if (!Number.isInteger(v)) return 'double'
      min = Math.min(min, v)
      max = Math.max(max, v)
    }
  }
  if (min >= 0 && max <= 255) return 'uint8'
  if (min >= -32768 && max <= 32767) return 'int16'
  if (min >= 0 && max <= 65535) return 'uint16'
  if (min >= -2147483648 && max <= 2147483647) return 'int32'
  return 'double'
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}
