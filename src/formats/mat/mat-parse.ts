/**
 * Decodes one miMATRIX element (MathWorks, "MAT-File Format", ch. 1, "Data element formats").
 *
 * Written by hand: the only npm MAT reader (mat-for-js) is GPL-3.0, and this app is packaged and
 * handed to users, so it cannot ship GPL code.
 *
 * The decoder is a generator that asks for bytes ({n, skip}) instead of reading them itself, so
 * that the same code runs synchronously over a buffer (parseMat) and asynchronously over a file
 * or a streaming zlib inflater (readMatFile) without ever holding a whole large file in memory.
 *
 * Every sub-element's declared length is checked against what is left of its parent before
 * anything is read, so corrupt lengths become an InputError, never a RangeError.
 */
import { InputError } from '../../common/input-error.js'
import { MI, decodeChars, decodeName, int32Values, isNumericType, miSize, toFloat64 } from './mat-convert.js'
import type { MatNumericClass, MatReadOptions, MatValue } from './mat-types.js'

/** A request for the next n bytes (skip: the caller does not need them). */
export interface ByteRequest {
  readonly n: number
  readonly skip: boolean
}

export type Reader<T> = Generator<ByteRequest, T, Uint8Array>

export interface ParseContext {
  readonly file: string
  readonly le: boolean
  readonly options: MatReadOptions
}

/** Array classes (mxCLASS) as stored in the array-flags word. */
const CLASS_NAMES: Readonly<Record<number, string>> = {
  1: 'cell',
  2: 'struct',
  3: 'object',
  4: 'char',
  5: 'sparse',
  6: 'double',
  7: 'single',
  8: 'int8',
  9: 'uint8',
  10: 'int16',
  11: 'uint16',
  12: 'int32',
  13: 'uint32',
  14: 'int64',
  15: 'uint64',
  16: 'function_handle',
  17: 'opaque',
}

const FLAG_COMPLEX = 0x0800
const FLAG_LOGICAL = 0x0200
const OPAQUE_CLASS = 17

export function* requestBytes(n: number): Reader<Uint8Array> {
  return yield { n, skip: false }
}

export function* skipBytes(n: number): Reader<void> {
  if (n > 0) yield { n, skip: true }
}

export function pad8(n: number): number {
  return (n + 7) & ~7
}

/** Reads an 8-byte element tag, decoding the "small data element" form (data packed in the tag). */
export function decodeTag(tag: Uint8Array, le: boolean): { type: number; n: number; small: Uint8Array | undefined } {
  const view = new DataView(tag.buffer, tag.byteOffset, 8)
  const first = view.getUint32(0, le)
  const smallBytes = first >>> 16
  if (smallBytes !== 0) {
    // Small element: 2 bytes length + 2 bytes type, then up to 4 bytes of data.
    return { type: first & 0xffff, n: smallBytes, small: tag.subarray(4, 4 + Math.min(smallBytes, 4)) }
  }
  return { type: first, n: view.getUint32(4, le), small: undefined }
}

/** The bytes left in the miMATRIX being decoded, so no sub-element can claim more than exists. */
class Budget {
  constructor(
    public left: number,
    private readonly ctx: ParseContext,
    /** The array's path for messages; set once a top-level variable's name has been read. */
    public where: string,
  ) {}

  fail(detail: string): never {
    throw new InputError(`the data of ${this.where} is corrupt (${detail}); the file is damaged — copy it again or re-save it in MATLAB.`, this.ctx.file)
  }

  /** Reads one sub-element, returning its type and bytes (padding consumed). */
  *element(what: string): Reader<{ type: number; bytes: Uint8Array }> {
    const tag = yield* this.take(8, what)
    const { type, n, small } = decodeTag(tag, this.ctx.le)
    if (small !== undefined) {
      if (n > 4) this.fail(`${what} claims ${n} bytes in a 4-byte small element`)
      return { type, bytes: small }
    }
    const bytes = yield* this.take(n, what)
    const padding = Math.min(pad8(n) - n, this.left)
    this.left -= padding
    yield* skipBytes(padding)
    return { type, bytes }
  }

  *take(n: number, what: string): Reader<Uint8Array> {
    if (n > this.left) this.fail(`${what} claims ${n} bytes but only ${this.left} remain in the array`)
    this.left -= n
    return yield* requestBytes(n)
  }

  *rest(): Reader<void> {
    const n = this.left
    this.left = 0
    yield* skipBytes(n)
  }
}

/**
 * Decodes an miMATRIX of `n` bytes whose tag has already been read. `path` is undefined for a
 * top-level variable (its name becomes the path).
 */
export function* parseMatrix(ctx: ParseContext, n: number, path: string | undefined): Reader<{ name: string; value: MatValue }> {
  const where = path === undefined ? 'a variable' : `'${path}'`
  if (n === 0) return { name: '', value: { kind: 'numeric', class: 'double', dims: [0, 0], real: new Float64Array(0) } }
  const budget = new Budget(n, ctx, where)
  const flags = yield* budget.element('the array flags')
  if (flags.type !== MI.UINT32 || flags.bytes.length < 8) budget.fail('array flags missing')
  const flagWord = int32Values(flags.bytes, ctx.le)[0] ?? 0
  const classId = flagWord & 0xff

  if (classId === OPAQUE_CLASS) {
    // Opaque (MCOS) objects — strings, tables, datetimes — carry no dims; the name comes next.
    const name = yield* readName(budget)
    yield* budget.rest()
    return { name, value: { kind: 'unsupported', dims: [1, 1], reason: 'a MATLAB object (string, table, datetime or class instance)' } }
  }

  const dimsElement = yield* budget.element('the dimensions')
  const dims = int32Values(dimsElement.bytes, ctx.le)
  if (dims.length < 2 || dims.some((d) => d < 0)) budget.fail(`dimensions [${dims.join(' ')}] are invalid`)
  const name = yield* readName(budget)
  const fullPath = path ?? name
  budget.where = `'${fullPath}'`
  const className = (flagWord & FLAG_LOGICAL) !== 0 ? 'logical' : (CLASS_NAMES[classId] ?? `class ${classId}`)
  const count = dims.reduce((a, b) => a * b, 1)

  const select = ctx.options.select
  if (select !== undefined && !select(fullPath, { class: className, dims })) {
    yield* budget.rest()
    return { name, value: { kind: 'skipped', class: className, dims } }
  }

  let value: MatValue
  switch (className) {
    case 'cell':
      value = yield* parseCell(ctx, budget, fullPath, dims, count)
      break
    case 'struct':
      value = yield* parseStruct(ctx, budget, fullPath, dims, count)
      break
    case 'char':
      value = yield* parseChar(ctx, budget, dims, count)
      break
    case 'object': {
      const classElement = yield* budget.element('the object class name')
      yield* budget.rest()
      value = { kind: 'unsupported', dims, reason: `a MATLAB object of class '${decodeName(classElement.bytes)}'` }
      break
    }
    case 'sparse':
      yield* budget.rest()
      value = { kind: 'unsupported', dims, reason: 'a sparse matrix (convert it with full() before saving)' }
      break
    case 'function_handle':
      yield* budget.rest()
      value = { kind: 'unsupported', dims, reason: 'a function handle' }
      break
    default:
      if (CLASS_NAMES[classId] === undefined) budget.fail(`unknown array class ${classId}`)
      value = yield* parseNumeric(budget, ctx, className as MatNumericClass, dims, count, (flagWord & FLAG_COMPLEX) !== 0)
  }
  yield* budget.rest()
  const keep = ctx.options.keep
  if (keep !== undefined && !keep(fullPath, value)) value = { kind: 'skipped', class: className, dims }
  return { name, value }
}

function* readName(budget: Budget): Reader<string> {
  const element = yield* budget.element('the array name')
  return decodeName(element.bytes)
}

function* parseNumeric(budget: Budget, ctx: ParseContext, cls: MatNumericClass, dims: number[], count: number, complex: boolean): Reader<MatValue> {
  const real = yield* numericPart(budget, ctx, count, 'the real part')
  if (!complex) return { kind: 'numeric', class: cls, dims, real }
  const imag = yield* numericPart(budget, ctx, count, 'the imaginary part')
  return { kind: 'numeric', class: cls, dims, real, imag }
}

function* numericPart(budget: Budget, ctx: ParseContext, count: number, what: string): Reader<Float64Array> {
  const element = yield* budget.element(what)
  const size = miSize(element.type)
  if (!isNumericType(element.type) || size === undefined) budget.fail(`${what} has data type ${element.type}, which is not numeric`)
  if (element.bytes.length !== count * size) {
    budget.fail(`${what} holds ${element.bytes.length / size} values where the dimensions say ${count}`)
  }
  return toFloat64(element.type, element.bytes, ctx.le)
}

function* parseChar(ctx: ParseContext, budget: Budget, dims: number[], count: number): Reader<MatValue> {
  const element = count === 0 && budget.left === 0 ? { type: MI.UINT16, bytes: new Uint8Array(0) } : yield* budget.element('the characters')
  const chars = decodeChars(element.type, element.bytes, ctx.le)
  if (chars === undefined) budget.fail(`characters are stored as data type ${element.type}`)
  const m = dims[0] ?? 0
  if (count === 0) return { kind: 'char', dims, text: '', rows: [] }
  if (chars.length !== count) {
    // UTF-8 text of one row can hold fewer code points than bytes; keep it whole.
    if (m === 1) return { kind: 'char', dims, text: chars.join(''), rows: [chars.join('')] }
    budget.fail(`${chars.length} characters where the dimensions say ${count}`)
  }
  const n = m === 0 ? 0 : count / m
  const rows: string[] = []
  for (let i = 0; i < m; i++) {
    let row = ''
    for (let j = 0; j < n; j++) row += chars[i + j * m] ?? ''
    rows.push(row)
  }
  return { kind: 'char', dims, text: rows.join('\n'), rows }
}

function* parseCell(ctx: ParseContext, budget: Budget, path: string, dims: number[], count: number): Reader<MatValue> {
  if (count * 8 > budget.left) budget.fail(`${count} cells do not fit in ${budget.left} bytes`)
  const items: MatValue[] = []
  for (let i = 0; i < count; i++) items.push(yield* parseChild(ctx, budget, `${path}{${i + 1}}`))
  return { kind: 'cell', dims, items }
}

function* parseStruct(ctx: ParseContext, budget: Budget, path: string, dims: number[], count: number): Reader<MatValue> {
  const lengthElement = yield* budget.element('the field-name length')
  const nameLength = int32Values(lengthElement.bytes, ctx.le)[0] ?? 0
  const namesElement = yield* budget.element('the field names')
  if (nameLength <= 0 && namesElement.bytes.length > 0) budget.fail(`field-name length ${nameLength}`)
  const fieldCount = nameLength > 0 ? Math.floor(namesElement.bytes.length / nameLength) : 0
  const fieldNames: string[] = []
  for (let f = 0; f < fieldCount; f++) fieldNames.push(decodeName(namesElement.bytes.subarray(f * nameLength, (f + 1) * nameLength)))
  // Each field of each element is at least an 8-byte tag; a field-less struct holds no bytes at all.
  if (count * fieldCount * 8 > budget.left || (fieldCount === 0 && count > 1_000_000)) {
    budget.fail(`${count} struct elements do not fit in ${budget.left} bytes`)
  }
  const elements: Record<string, MatValue>[] = []
  for (let e = 0; e < count; e++) {
    const record: Record<string, MatValue> = {}
    for (const field of fieldNames) {
      const childPath = count === 1 ? `${path}.${field}` : `${path}(${e + 1}).${field}`
      record[field] = yield* parseChild(ctx, budget, childPath)
    }
    elements.push(record)
  }
  return { kind: 'struct', dims, fieldNames, elements }
}

function* parseChild(ctx: ParseContext, budget: Budget, path: string): Reader<MatValue> {
  const tag = yield* budget.take(8, path)
  const { type, n, small } = decodeTag(tag, ctx.le)
  if (type !== MI.MATRIX || small !== undefined) budget.fail(`${path} is data type ${type}, not an array`)
  if (n > budget.left) budget.fail(`${path} claims ${n} bytes but only ${budget.left} remain`)
  budget.left -= n
  const { value } = yield* parseMatrix(ctx, n, path)
  return value
}
