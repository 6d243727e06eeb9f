/**
 * Decoding of the literal arguments of pickle opcodes: protocol 0 text lines (INT, LONG, FLOAT,
 * STRING, UNICODE) and the binary LONG1/LONG4 integers. Semantics follow CPython's Lib/pickle.py.
 */
import { InputError } from '../../common/input-error.js'

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

const SIMPLE_ESCAPES: Readonly<Record<number, number>> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x61: 7, 0x62: 8, 0x66: 12, 0x76: 11, 0x5c: 92, 0x27: 39, 0x22: 34, 0x0a: -1 }
const isOctal = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x37
const hexValue = (c: number | undefined): number => {
  if (c === undefined) return -1
  if (c >= 0x30 && c <= 0x39) return c - 0x30
  const lower = c | 0x20
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1
}

/**
 * Decodes the escapes of a Python 2 repr'd byte string (the STRING opcode's text between its
 * quotes) from src[from, to) into out[at…]. Works piece by piece: unless `final`, it stops before
 * an escape cut by the end of the piece. Returns [input position reached, output position].
 * Throws when the output would overrun `out` (the caller sized it) or an escape is malformed.
 */
export function unescapeInto(src: Uint8Array, from: number, to: number, out: Uint8Array, at: number, final: boolean, file: string): [number, number] {
  let i = from
  let o = at
  const put = (byte: number): void => {
    if (o >= out.length) throw damagedPickle('a STRING longer than the data it should hold', file)
    out[o++] = byte
  }
  while (i < to) {
    const c = src[i] ?? 0
    if (c !== 92) {
      put(c)
      i++
      continue
    }
    if (i + 1 >= to) {
      if (final) throw damagedPickle('a STRING ending in a lone backslash', file)
      break
    }
    const e = src[i + 1] ?? 0
    if (e === 0x78) {
      // \xhh
      if (i + 4 > to) {
        if (final) throw damagedPickle('a cut \\x escape in a STRING', file)
        break
      }
      const hi = hexValue(src[i + 2])
      const lo = hexValue(src[i + 3])
      if (hi < 0 || lo < 0) throw damagedPickle('a malformed \\x escape in a STRING', file)
      put(hi * 16 + lo)
      i += 4
    } else if (isOctal(e)) {
      let k = 1
      while (k < 3 && i + 1 + k < to && isOctal(src[i + 1 + k])) k++
      if (k < 3 && i + 1 + k >= to && !final) break // more digits may follow in the next piece
      let value = 0
      for (let d = 0; d < k; d++) value = value * 8 + ((src[i + 1 + d] ?? 0x30) - 0x30)
      put(value & 0xff)
      i += 1 + k
    } else {
      const known = SIMPLE_ESCAPES[e]
      if (known === undefined) {
        put(92)
        put(e)
      } else if (known >= 0) put(known) // -1: backslash-newline continues the line
      i += 2
    }
  }
  return [i, o]
}

/** The STRING argument src[from, to) (quotes included), decoded to bytes in one piece. */
export function unquoteBytes(src: Uint8Array, from: number, to: number, file: string): Uint8Array {
  const quote = src[from]
  if (to - from < 2 || (quote !== 0x27 && quote !== 0x22) || src[to - 1] !== quote) throw damagedPickle('a STRING without quotes', file)
  const out = new Uint8Array(to - from - 2)
  const [, length] = unescapeInto(src, from + 1, to - 1, out, 0, true, file)
  return out.subarray(0, length)
}
