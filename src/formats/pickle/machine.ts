/**
 * A safe unpickler: it interprets the pickle opcodes of protocols 0–5 but never imports or
 * calls anything except the allow-listed globals in globals.ts.
 *
 * Written by hand because no maintained MIT npm package unpickles NumPy arrays, and Python's own
 * approach (import and call whatever the file names) is unsafe for files from elsewhere.
 * Opcode semantics follow CPython's Lib/pickle.py (the reference `_Unpickler`).
 *
 * The machine is fed bytes in pieces so that a large pickle can be streamed: `run` executes
 * whole opcodes only; when an opcode's bytes are not all present it returns the opcode's position
 * (nothing changed) and sets `need`. Large byte strings can be left in the file (FileRange): `run`
 * then returns a position past the end of the piece and the caller skips there.
 */
import { InputError } from '../../common/input-error.js'
import { asText, buildObject, callGlobal, Py2Str, resolveGlobal, type Slot } from './globals.js'
import { damagedPickle, decodeRawUnicodeEscape, MAX_LONG_BYTES, parseFloatLine, parseIntLine, readLong, unquoteBytes } from './literals.js'
import { FileRange, NdArray, type PyDict, type PyKey, type PyValue } from './values.js'

export interface MachineOptions {
  readonly file: string
  /** Byte strings at least this long stay in the file as FileRange; Infinity keeps them all in memory. */
  readonly lazyBytes: number
  /** Copy payloads out of the fed bytes (a streaming caller reuses its buffer); otherwise keep views. */
  readonly copy: boolean
}

const NEED = -1
const utf8 = new TextDecoder('utf-8')

export class PickleMachine {
  private stack: Slot[] = []
  private readonly marks: Slot[][] = []
  private readonly memo = new Map<number, Slot>()
  private result: Slot = null
  done = false
  /** After `run` stopped early: bytes needed from the returned position (0: unknown, feed more). */
  need = 0
  /**
   * After `run` stopped early at a STRING too long to buffer: file offset of its text. The caller
   * finds the line's end without keeping it and calls `acceptLongString`.
   */
  longString: number | undefined

  constructor(private readonly options: MachineOptions) {}

  /** Executes opcodes in buf[pos, end), where buf[0] is at file offset `base`; returns the new position. */
  run(buf: Uint8Array, pos: number, end: number, base: number): number {
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
    while (!this.done && pos < end) {
      this.need = 0
      const next = this.step(buf, view, pos, end, base)
      if (next === NEED) return pos
      pos = next
    }
    return pos
  }

  /**
   * Pushes the long STRING whose text runs from file offset `start` to the newline at `newline`
   * as an escaped FileRange (decoded when an array is loaded). `lastBytes` are the two bytes
   * before the newline (closing quote, or quote and '\r'); `first` is the opening quote.
   */
  acceptLongString(start: number, newline: number, first: number, lastBytes: readonly [number, number]): void {
    const closing = lastBytes[1] === 0x0d ? lastBytes[0] : lastBytes[1]
    const stop = lastBytes[1] === 0x0d ? newline - 2 : newline - 1
    if ((first !== 0x27 && first !== 0x22) || closing !== first || stop <= start) throw this.damaged('a STRING without quotes')
    this.stack.push(new Py2Str(new FileRange(this.options.file, start + 1, stop - start - 1, true)))
    this.longString = undefined
  }

  /** The unpickled value after STOP, with Python 2 strings turned into text or bytes. */
  finish(encoding: 'latin1' | 'bytes'): PyValue {
    const convert = (s: Slot): PyValue => {
      // After the walk no Py2Str is left anywhere, so the containers hold PyValues only.
      if (!(s instanceof Py2Str)) return s as PyValue
      return encoding === 'bytes' || s.bytes instanceof FileRange ? s.bytes : (asText(s) ?? '')
    }
    const root = convert(this.result)
    // Iterative walk (pickles may nest deeply or contain cycles).
    const seen = new Set<object>()
    const todo: unknown[] = [root]
    while (todo.length > 0) {
      const x = todo.pop()
      if (typeof x !== 'object' || x === null || seen.has(x)) continue
      seen.add(x)
      const items = Array.isArray(x) ? (x as Slot[]) : x instanceof NdArray && Array.isArray(x.raw) ? (x.raw as Slot[]) : undefined
      if (items) items.forEach((item, i) => todo.push((items[i] = convert(item))))
      else if (x instanceof Map) {
        for (const [k, value] of x as Map<PyKey, Slot>) {
          const converted = convert(value)
          x.set(k, converted)
          todo.push(converted)
        }
      }
    }
    return root
  }

  private step(b: Uint8Array, v: DataView, pos: number, end: number, base: number): number {
    const op = b[pos] ?? 0
    const avail = end - pos
    const have = (n: number): boolean => {
      if (avail >= n) return true
      this.need = n
      return false
    }
    /** A text argument ending in '\n' (protocol 0); undefined when the newline is not here yet. */
    const line = (from: number): [string, number] | undefined => {
      const nl = b.indexOf(0x0a, from)
      if (nl < 0 || nl >= end) return undefined
      return [Buffer.from(b.buffer, b.byteOffset + from, nl - from).toString('latin1').replace(/\r$/, ''), nl + 1]
    }
    /** A length-prefixed payload: bytes or a FileRange, and the position after it. */
    const payload = (prefix: number, length: number, lazy: boolean): [Uint8Array | FileRange, number] | undefined => {
      if (length < 0 || !Number.isSafeInteger(length)) throw this.damaged('a negative or impossible length')
      const start = pos + prefix
      if (lazy && length >= this.options.lazyBytes) return [new FileRange(this.options.file, base + start, length), start + length]
      if (!have(prefix + length)) return undefined
      // A copy when the caller reuses its buffer; otherwise a plain view (never Buffer#slice, which is a view).
      const view = new Uint8Array(b.buffer, b.byteOffset + start, length)
      return [this.options.copy ? new Uint8Array(view) : view, start + length]
    }
    const text = (prefix: number, length: number): number => {
      const p = payload(prefix, length, false)
      if (!p) return NEED
      this.stack.push(utf8.decode(p[0] as Uint8Array))
      return p[1]
    }
    const bytes = (prefix: number, length: number, py2: boolean): number => {
      const p = payload(prefix, length, true)
      if (!p) return NEED
      this.stack.push(py2 ? new Py2Str(p[0]) : p[0])
      return p[1]
    }
    const u64 = (at: number): number => v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32
    const file = this.options.file

    switch (op) {
      case 0x80: // PROTO
        if (!have(2)) return NEED
        if ((b[pos + 1] ?? 0) > 5) throw new InputError(`the pickle uses protocol ${b[pos + 1]}, newer than the workbench reads (up to 5); save it with pickle protocol 4 or 5.`, file)
        return pos + 2
      case 0x95: // FRAME: frames only group opcodes for buffered reading; the stream is the same without them.
        return have(9) ? pos + 9 : NEED
      case 0x2e: // STOP
        this.result = this.pop()
        this.done = true
        return pos + 1
      case 0x28: // MARK
        this.marks.push(this.stack)
        this.stack = []
        return pos + 1
      case 0x30: // POP
        if (this.stack.length > 0) this.stack.pop()
        else this.popMark()
        return pos + 1
      case 0x31: // POP_MARK
        this.popMark()
        return pos + 1
      case 0x32: // DUP
        this.stack.push(this.top())
        return pos + 1
      case 0x4e: // NONE
        return this.push(null, pos + 1)
      case 0x88: // NEWTRUE
        return this.push(true, pos + 1)
      case 0x89: // NEWFALSE
        return this.push(false, pos + 1)
      case 0x4a: // BININT
        return have(5) ? this.push(v.getInt32(pos + 1, true), pos + 5) : NEED
      case 0x4b: // BININT1
        return have(2) ? this.push(b[pos + 1] ?? 0, pos + 2) : NEED
      case 0x4d: // BININT2
        return have(3) ? this.push(v.getUint16(pos + 1, true), pos + 3) : NEED
      case 0x47: // BINFLOAT (big-endian)
        return have(9) ? this.push(v.getFloat64(pos + 1, false), pos + 9) : NEED
      case 0x8a: // LONG1
        if (!have(2)) return NEED
        return have(2 + (b[pos + 1] ?? 0)) ? this.push(readLong(b, pos + 2, b[pos + 1] ?? 0), pos + 2 + (b[pos + 1] ?? 0)) : NEED
      case 0x8b: { // LONG4
        if (!have(5)) return NEED
        const n = v.getInt32(pos + 1, true)
        if (n < 0 || n > MAX_LONG_BYTES) throw this.damaged('an integer too large to be data')
        return have(5 + n) ? this.push(readLong(b, pos + 5, n), pos + 5 + n) : NEED
      }
      case 0x49: // INT (protocol 0; "01"/"00" are True/False)
      case 0x4c: // LONG
      case 0x46: { // FLOAT
        const l = line(pos + 1)
        if (!l) return NEED
        const [t, next] = l
        if (op === 0x49 && (t === '01' || t === '00')) return this.push(t === '01', next)
        return this.push(op === 0x46 ? parseFloatLine(t, file) : parseIntLine(t.replace(/L$/, ''), file), next)
      }
      case 0x53: { // STRING (Python 2 str, quoted with escapes): decoded from the bytes, never via a JS string
        const nl = b.indexOf(0x0a, pos + 1)
        if (nl >= 0 && nl < end && nl - pos - 1 >= this.options.lazyBytes) {
          this.acceptLongString(base + pos + 1, base + nl, b[pos + 1] ?? 0, [b[nl - 2] ?? 0, b[nl - 1] ?? 0])
          return nl + 1
        }
        if (nl >= 0 && nl < end) return this.push(new Py2Str(unquoteBytes(b, pos + 1, b[nl - 1] === 0x0d ? nl - 1 : nl, file)), nl + 1)
        // Protocol 0 array data: a line too long to hold. The caller finds its end and calls acceptLongString.
        if (avail >= this.options.lazyBytes) this.longString = base + pos + 1
        return NEED
      }
      case 0x56: { // UNICODE (raw-unicode-escape)
        const l = line(pos + 1)
        if (!l) return NEED
        return this.push(decodeRawUnicodeEscape(l[0]), l[1])
      }
      case 0x54: // BINSTRING
        return have(5) ? bytes(5, v.getInt32(pos + 1, true), true) : NEED
      case 0x55: // SHORT_BINSTRING
        return have(2) ? bytes(2, b[pos + 1] ?? 0, true) : NEED
      case 0x42: // BINBYTES
        return have(5) ? bytes(5, v.getUint32(pos + 1, true), false) : NEED
      case 0x43: // SHORT_BINBYTES
        return have(2) ? bytes(2, b[pos + 1] ?? 0, false) : NEED
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8
        return have(9) ? bytes(9, u64(pos + 1), false) : NEED
      case 0x58: // BINUNICODE
        return have(5) ? text(5, v.getUint32(pos + 1, true)) : NEED
      case 0x8c: // SHORT_BINUNICODE
        return have(2) ? text(2, b[pos + 1] ?? 0) : NEED
      case 0x8d: // BINUNICODE8
        return have(9) ? text(9, u64(pos + 1)) : NEED
      case 0x98: // READONLY_BUFFER: a flag on the buffer just pushed
        this.top()
        return pos + 1
      case 0x29: // EMPTY_TUPLE
        return this.push([], pos + 1)
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: { // TUPLE3
        const items = Array.from({ length: op - 0x84 }, () => this.pop()).reverse()
        return this.push(items, pos + 1)
      }
      case 0x74: // TUPLE
      case 0x6c: // LIST
      case 0x91: // FROZENSET
        return this.push(this.popMark(), pos + 1)
      case 0x5d: // EMPTY_LIST
      case 0x8f: // EMPTY_SET
        return this.push([], pos + 1)
      case 0x7d: // EMPTY_DICT
        return this.push(new Map(), pos + 1)
      case 0x64: { // DICT
        const dict: PyDict = new Map()
        this.setItems(dict, this.popMark())
        return this.push(dict, pos + 1)
      }
      case 0x61: // APPEND
      case 0x65: // APPENDS
      case 0x90: { // ADDITEMS
        const items = op === 0x61 ? [this.pop()] : this.popMark()
        const list = this.top()
        if (!Array.isArray(list)) throw this.damaged('items appended to something that is not a list or set')
        for (const item of items) list.push(item as PyValue)
        return pos + 1
      }
      case 0x73: // SETITEM
      case 0x75: { // SETITEMS
        const items = op === 0x73 ? [this.pop(), this.pop()].reverse() : this.popMark()
        const dict = this.top()
        if (!(dict instanceof Map)) throw this.damaged('items set on something that is not a dict')
        this.setItems(dict, items)
        return pos + 1
      }
      case 0x63: // GLOBAL
      case 0x69: { // INST
        const moduleLine = line(pos + 1)
        const nameLine = moduleLine && line(moduleLine[1])
        if (!moduleLine || !nameLine) return NEED
        const global = resolveGlobal(moduleLine[0], nameLine[0], file)
        return this.push(op === 0x63 ? global : callGlobal(global, this.popMark(), file), nameLine[1])
      }
      case 0x93: { // STACK_GLOBAL
        const name = asText(this.pop())
        const module = asText(this.pop())
        if (name === undefined || module === undefined) throw this.damaged('a global whose name is not text')
        return this.push(resolveGlobal(module, name, file), pos + 1)
      }
      case 0x52: // REDUCE
      case 0x81: { // NEWOBJ (only allow-listed callables exist, so both simply call)
        const args = this.pop()
        return this.push(callGlobal(this.pop(), args, file), pos + 1)
      }
      case 0x92: { // NEWOBJ_EX
        this.pop() // keyword arguments: none of the allow-listed callables takes any
        const args = this.pop()
        return this.push(callGlobal(this.pop(), args, file), pos + 1)
      }
      case 0x6f: { // OBJ
        const [callable = null, ...args] = this.popMark()
        return this.push(callGlobal(callable, args, file), pos + 1)
      }
      case 0x62: { // BUILD
        const state = this.pop()
        buildObject(this.top(), state, file)
        return pos + 1
      }
      case 0x70: // PUT
      case 0x67: { // GET
        const l = line(pos + 1)
        if (!l) return NEED
        const index = Number(l[0])
        if (!Number.isSafeInteger(index)) throw this.damaged('an unreadable memo index')
        return op === 0x70 ? this.put(index, l[1]) : this.get(index, l[1])
      }
      case 0x71: // BINPUT
        return have(2) ? this.put(b[pos + 1] ?? 0, pos + 2) : NEED
      case 0x72: // LONG_BINPUT
        return have(5) ? this.put(v.getUint32(pos + 1, true), pos + 5) : NEED
      case 0x94: // MEMOIZE
        return this.put(this.memo.size, pos + 1)
      case 0x68: // BINGET
        return have(2) ? this.get(b[pos + 1] ?? 0, pos + 2) : NEED
      case 0x6a: // LONG_BINGET
        return have(5) ? this.get(v.getUint32(pos + 1, true), pos + 5) : NEED
      case 0x50: // PERSID
      case 0x51: // BINPERSID
        throw new InputError('the pickle refers to persistent objects outside the file, which the workbench cannot resolve.', file)
      case 0x82: // EXT1
      case 0x83: // EXT2
      case 0x84: // EXT4
        throw new InputError('the pickle uses the copyreg extension registry, which the workbench does not support.', file)
      case 0x97: // NEXT_BUFFER
        throw new InputError('the pickle keeps its array data in out-of-band buffers, which a file cannot carry; save it again without buffer_callback.', file)
      default:
        throw this.damaged(`an unknown opcode 0x${op.toString(16).padStart(2, '0')} at byte ${base + pos}`)
    }
  }

  private push(value: Slot, next: number): number {
    this.stack.push(value)
    return next
  }

  private pop(): Slot {
    if (this.stack.length === 0) throw this.damaged('an opcode that takes a value from an empty stack')
    return this.stack.pop() as Slot
  }

  private top(): Slot {
    if (this.stack.length === 0) throw this.damaged('an opcode that uses a value from an empty stack')
    return this.stack[this.stack.length - 1] as Slot
  }

  private popMark(): Slot[] {
    const items = this.stack
    const previous = this.marks.pop()
    if (previous === undefined) throw this.damaged('a missing MARK')
    this.stack = previous
    return items
  }

  private put(index: number, next: number): number {
    this.memo.set(index, this.top())
    return next
  }

  private get(index: number, next: number): number {
    if (!this.memo.has(index)) throw this.damaged(`a reference to memo entry ${index}, which was never stored`)
    return this.push(this.memo.get(index) as Slot, next)
  }

  private setItems(dict: Map<PyKey, Slot>, items: readonly Slot[]): void {
    if (items.length % 2 !== 0) throw this.damaged('a dict with a key but no value')
    for (let i = 0; i < items.length; i += 2) dict.set(this.key(items[i] ?? null), items[i + 1] ?? null)
  }

  /** Dict keys become strings or numbers (byte-string keys as latin-1 text, tuples as "(a, b)"). */
  private key(k: Slot): PyKey {
    if (k === null || typeof k === 'string' || typeof k === 'number' || typeof k === 'boolean') return k
    if (typeof k === 'bigint') return Number.isSafeInteger(Number(k)) ? Number(k) : k
    const text = asText(k)
    if (text !== undefined) return text
    if (Array.isArray(k)) return `(${k.map((x) => String(this.key(x))).join(', ')}${k.length === 1 ? ',' : ''})`
    throw this.damaged('a dict key of a type the workbench cannot use')
  }

  private damaged(what: string): InputError {
    return damagedPickle(what, this.options.file)
  }
}
