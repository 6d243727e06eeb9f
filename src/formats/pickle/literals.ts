/**
 * Decoding of the literal arguments of pickle opcodes: protocol 0 text lines (INT, LONG, FLOAT,
 * STRING, UNICODE) and the binary LONG1/LONG4 integers. Semantics follow CPython's Lib/pickle.py.
 */
import { InputError } from '../input-error.js'

/** Python ints longer than this many bytes do not occur in data pickles; refusing bounds the work. */
export const MAX_LONG_BYTES = 1024

/** The one error for malformed pickle bytes. */
export function damagedPickle(what: string, file: string): InputError {
  return new InputError(`the pickle is damaged: it contains ${what}; copy the file again from the source.`, file)
}

/** Little-endian two's-complement integer of n bytes (LONG1 / LONG4); bigint beyond 2^53. */
export function readLong(b: Uint8Array, at: number, n: number): number | bigint {
  let value = 0n
  for (let i = n - 1; i >= 0; i--) value = (value << 8n) | BigInt(b[at + i] ?? 0)
  if (n > 0 && ((b[at + n - 1] ?? 0) & 0x80) !== 0) value -= 1n << BigInt(8 * n)
  return Number.isSafeInteger(Number(value)) ? Number(value) : value
}

/** The decimal text of INT / LONG (the trailing 'L' of Python 2 longs already removed). */
export function parseIntLine(text: string, file: string): number | bigint {
  if (!/^[-+]?\d{1,2000}$/.test(text)) throw damagedPickle(`an unreadable integer "${text.slice(0, 40)}"`, file)
  const value = BigInt(text)
  return Number.isSafeInteger(Number(value)) ? Number(value) : value
}

/** The repr text of FLOAT, including Python's 'inf', '-inf' and 'nan'. */
export function parseFloatLine(text: string, file: string): number {
  const special: Readonly<Record<string, number>> = { inf: Infinity, '-inf': -Infinity, nan: NaN }
  const value = special[text.toLowerCase()] ?? (text.trim() === '' ? NaN : Number(text))
  if (Number.isNaN(value) && text.toLowerCase() !== 'nan') throw damagedPickle(`an unreadable float "${text.slice(0, 40)}"`, file)
  return value
}

/** The UNICODE argument, raw-unicode-escape encoded: only \uXXXX and \UXXXXXXXX are escapes. */
export function decodeRawUnicodeEscape(text: string): string {
  return text.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_m, u4: string | undefined, u8: string | undefined) =>
    String.fromCodePoint(parseInt(u4 ?? u8 ?? '0', 16) % 0x110000),
  )
}

const SIMPLE_ESCAPES: Readonly<Record<string, number>> = { n: 10, r: 13, t: 9, a: 7, b: 8, f: 12, v: 11, '\\': 92, "'": 39, '"': 34, '\n': -1 }

/** The STRING argument: the Python 2 repr of a byte string (quoted, with escapes), as bytes. */
export function unquoteString(text: string, file: string): Uint8Array {
  const quote = text[0]
  if (text.length < 2 || (quote !== "'" && quote !== '"') || text[text.length - 1] !== quote) throw damagedPickle('a STRING without quotes', file)
  const body = text.slice(1, -1)
  const out: number[] = []
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i)
    if (c !== 92) {
      out.push(c & 0xff)
      continue
    }
    const e = body[++i] ?? ''
    const hex = /^x([0-9a-fA-F]{2})/.exec(body.slice(i, i + 3))
    const octal = /^[0-7]{1,3}/.exec(body.slice(i, i + 3))
    if (hex) {
      out.push(parseInt(hex[1] ?? '0', 16))
      i += 2
    } else if (octal) {
      out.push(parseInt(octal[0], 8) & 0xff)
      i += octal[0].length - 1
    } else {
      const known = SIMPLE_ESCAPES[e]
      if (known === undefined) out.push(92, e.charCodeAt(0) & 0xff)
      else if (known >= 0) out.push(known) // -1: backslash-newline continues the line
    }
  }
  return Uint8Array.from(out)
}
