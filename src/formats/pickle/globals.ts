/**
 * The only Python globals a pickle may name, and what calling them produces. Everything else is
 * refused: unpickling normally imports and calls arbitrary code, which the workbench never does.
 * The list covers NumPy arrays as pickled by NumPy 1.x/2.x under Python 2 and 3 (protocols 0–5)
 * and the few builtins that pickles of plain containers use.
 */
import { InputError } from '../../common/input-error.js'
import { FileRange, NdArray, NpDType, PyGlobal, type PyKey, type PyValue } from './values.js'

/** A Python 2 str: bytes that become text (latin-1) or bytes depending on the reader's options. */
export class Py2Str {
  constructor(readonly bytes: Uint8Array | FileRange) {}
}

/** What may sit on the unpickler's stack: values plus not-yet-converted Python 2 strings. */
export type Slot = PyValue | Py2Str | Slot[] | Map<PyKey, Slot>

type Handler = (args: readonly Slot[], file: string) => Slot

const RECONSTRUCT = ['numpy.core.multiarray._reconstruct', 'numpy._core.multiarray._reconstruct']
const SCALAR = ['numpy.core.multiarray.scalar', 'numpy._core.multiarray.scalar']
const FROMBUFFER = ['numpy.core.numeric._frombuffer', 'numpy._core.numeric._frombuffer']
const CLASSES = ['numpy.ndarray']

const HANDLERS = new Map<string, Handler>([
  ...RECONSTRUCT.map((n): [string, Handler] => [n, (_args, file) => new NdArray(file)]),
  ['numpy.dtype', (args, file) => new NpDType(dtypeKind(args[0], file))],
  ...SCALAR.map((n): [string, Handler] => [n, scalar]),
  ...FROMBUFFER.map((n): [string, Handler] => [n, fromBuffer]),
  ['_codecs.encode', (args, file) => encodeText(args, file)],
  ...['builtins.bytes', '__builtin__.bytes', 'builtins.bytearray', '__builtin__.bytearray'].map((n): [string, Handler] => [n, (args, file) => bytesOf(args, file)]),
  ...['builtins.set', '__builtin__.set', 'builtins.frozenset', '__builtin__.frozenset'].map((n): [string, Handler] => [n, (args) => (Array.isArray(args[0]) ? [...args[0]] as PyValue[] : [])]),
])

/** Resolves GLOBAL / STACK_GLOBAL; throws InputError naming any global not on the allow-list. */
export function resolveGlobal(module: string, name: string, file: string): PyGlobal {
  const qualified = `${module}.${name}`
  if (!HANDLERS.has(qualified) && !CLASSES.includes(qualified)) {
    throw new InputError(`the pickle refers to the Python global "${qualified}", which the workbench does not allow (it only rebuilds NumPy arrays and plain containers, and never runs code from a file); save the data as plain dicts of NumPy arrays.`, file)
  }
  return new PyGlobal(module, name)
}

/** REDUCE / NEWOBJ / OBJ / INST: calls an allow-listed global with its arguments. */
export function callGlobal(callable: Slot, args: Slot, file: string): Slot {
  const handler = callable instanceof PyGlobal ? HANDLERS.get(callable.qualifiedName) : undefined
  if (handler === undefined || !Array.isArray(args)) {
    const what = callable instanceof PyGlobal ? `"${callable.qualifiedName}"` : 'a value that is not a function'
    throw new InputError(`the pickle calls ${what}, which the workbench cannot rebuild; the file is damaged or holds objects other than dicts of NumPy arrays.`, file)
  }
  return handler(args, file)
}

/** BUILD: sets the state of an NdArray or NpDType; any other target is refused. */
export function buildObject(target: Slot, state: Slot, file: string): void {
  if (target instanceof NdArray && Array.isArray(state)) setArrayState(target, state, file)
  else if (target instanceof NpDType && Array.isArray(state)) setDTypeState(target, state, file)
  else throw new InputError('the pickle sets the state of an object the workbench cannot rebuild; the file is damaged or holds objects other than dicts of NumPy arrays.', file)
}

/** Text of a str, Python 2 str or bytes value (latin-1 for byte strings), or undefined. */
export function asText(value: Slot | undefined): string | undefined {
  if (typeof value === 'string') return value
  const bytes = value instanceof Py2Str ? value.bytes : value
  if (bytes instanceof Uint8Array) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1')
  return undefined
}

/** Raw bytes of a bytes or Python 2 str value (possibly still in the file), or undefined. */
function asBytes(value: Slot | undefined): Uint8Array | FileRange | undefined {
  if (value instanceof Py2Str) return value.bytes
  if (value instanceof Uint8Array || value instanceof FileRange) return value
  return undefined
}

function asInt(value: Slot | undefined): number | undefined {
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'number' && Number.isInteger(value)) return value
  return undefined
}

function dtypeKind(value: Slot | undefined, file: string): string {
  const kind = asText(value)
  if (kind === undefined || !/^[a-zA-Z][0-9]*$/.test(kind)) throw damaged('a NumPy dtype without a type code', file)
  return kind
}

/** numpy.ndarray.__setstate__: (version, shape, dtype, is_fortran, data) or the 4-tuple without version. */
function setArrayState(target: NdArray, state: readonly Slot[], file: string): void {
  const fields = state.length === 5 ? state.slice(1) : state
  const [shape, dtype, fortran, data] = fields
  if (fields.length !== 4 || !Array.isArray(shape) || !(dtype instanceof NpDType)) throw damaged('a NumPy array with an unreadable state', file)
  target.shape = shape.map((d) => {
    const n = asInt(d)
    if (n === undefined || n < 0) throw damaged('a NumPy array with an impossible shape', file)
    return n
  })
  if (!Number.isSafeInteger(target.size)) throw damaged('a NumPy array with an impossible shape', file)
  target.dtype = dtype
  target.fortranOrder = fortran === true || fortran === 1
  const bytes = asBytes(data)
  if (bytes !== undefined) target.raw = bytes
  else if (Array.isArray(data)) target.raw = data as PyValue[] // object arrays pickle their elements as a list
  else if (typeof data === 'string') target.raw = plain(Buffer.from(data, 'latin1')) // Python 3 str under encoding='latin1'
  else throw damaged('a NumPy array without data', file)
}

/** numpy.dtype.__setstate__: (version, byteorder, subarray, names, fields, elsize, alignment, flags[, metadata]). */
function setDTypeState(target: NpDType, state: readonly Slot[], file: string): void {
  const order = asText(state[1])
  if (order === undefined || !['<', '>', '|', '='].includes(order)) throw damaged('a NumPy dtype with an unknown byte order', file)
  target.byteOrder = order
  const [subarray, names, fields] = state.slice(2, 5)
  target.structured = (subarray !== null && subarray !== undefined) || (names !== null && names !== undefined) || (fields !== null && fields !== undefined)
}

/** numpy.core.multiarray.scalar(dtype, bytes): a NumPy scalar, as a JavaScript number. */
function scalar(args: readonly Slot[], file: string): Slot {
  const [dtype, data] = args
  const bytes = asBytes(data) ?? (typeof data === 'string' ? plain(Buffer.from(data, 'latin1')) : undefined)
  if (!(dtype instanceof NpDType) || !(bytes instanceof Uint8Array)) throw damaged('a NumPy scalar without type or bytes', file)
  const array = new NdArray(file)
  array.shape = []
  array.dtype = dtype
  array.raw = bytes
  const value = array.data[0]
  if (value === undefined) throw damaged('an empty NumPy scalar', file)
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value
  return dtype.kind === 'b1' ? value !== 0 : value
}

/** numpy.core.numeric._frombuffer(buffer, dtype, shape, order): protocol 5 arrays. */
function fromBuffer(args: readonly Slot[], file: string): Slot {
  const [buffer, dtype, shape, order] = args
  const array = new NdArray(file)
  setArrayState(array, [shape ?? null, dtype ?? null, asText(order) === 'F', buffer ?? null], file)
  return array
}

/** _codecs.encode(text, encoding): how Python 3 writes bytes in protocols 0–2. */
function encodeText(args: readonly Slot[], file: string): Slot {
  const text = asText(args[0])
  const encoding = (asText(args[1]) ?? 'utf-8').toLowerCase().replace(/[-_]/g, '')
  if (text === undefined) throw damaged('_codecs.encode without text', file)
  if (['latin1', 'iso88591', 'l1'].includes(encoding)) return plain(Buffer.from(text, 'latin1'))
  if (['utf8', 'u8'].includes(encoding)) return plain(Buffer.from(text, 'utf8'))
  throw new InputError(`the pickle encodes text as "${encoding}", which the workbench does not support.`, file)
}

/** bytes() / bytearray(): from nothing, a list of byte values, bytes, or (text, encoding). */
function bytesOf(args: readonly Slot[], file: string): Slot {
  const [first] = args
  if (first === undefined) return new Uint8Array(0)
  if (args.length >= 2) return encodeText(args, file)
  const bytes = asBytes(first)
  if (bytes instanceof Uint8Array) return Uint8Array.from(bytes)
  if (Array.isArray(first) && first.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b < 256)) return Uint8Array.from(first as number[])
  throw damaged('bytes() with arguments it cannot rebuild', file)
}

/** The bytes of a Buffer as a plain Uint8Array view, so that values have one type. */
function plain(b: Buffer): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.length)
}

function damaged(what: string, file: string): InputError {
  return new InputError(`the pickle holds ${what}; the file is damaged or was not written by NumPy.`, file)
}
