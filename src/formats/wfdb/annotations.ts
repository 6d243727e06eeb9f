/**
 * Reader for WFDB annotation files in the MIT format (e.g. MIT-BIH `100.atr`), used to check the
 * R-peak detector against cardiologists' beat labels.
 *
 * The format (WFDB Programmer's Guide, "annot(5)"): a stream of 16-bit little-endian words; the
 * top 6 bits are the annotation code A, the low 10 bits the time I since the previous annotation.
 * Pseudo-codes modify what follows: SKIP (59) is followed by a 32-bit interval stored as two
 * 16-bit words, high word first (PDP-11 order); NUM (60), SUB (61) and CHN (62) set a field of
 * the next annotation to I; AUX (63) is followed by I bytes of text, padded to an even length.
 * A word of 0 ends the file.
 */
import { readFile } from 'node:fs/promises'
import { InputError } from '../../common/input-error.js'

/** One annotation: its sample position (from the start of the record) and mnemonic. */
export interface WfdbAnnotation {
  readonly sample: number
  /** The WFDB code (1 = 'N', 5 = 'V', 8 = 'A', 28 = '+' rhythm change, …). */
  readonly code: number
  /** Its mnemonic, e.g. 'N', 'V', 'A', '+', '~'; '?<code>' for codes WFDB leaves unassigned. */
  readonly symbol: string
  readonly subtype: number
  readonly chan: number
  readonly num: number
  /** The auxiliary text (e.g. '(N' for a rhythm annotation), or '' when there is none. */
  readonly aux: string
}

/** Mnemonics of codes 0..49 as in WFDB's ecgcodes.h / wfdb.annlabel. */
const SYMBOLS = [
  ' ', 'N', 'L', 'R', 'a', 'V', 'F', 'J', 'A', 'S', 'E', 'j', '/', 'Q', '~', '', '|', '', 's', 'T',
  '*', 'D', '"', '=', 'p', 'B', '^', 't', '+', 'u', '?', '!', '[', ']', 'e', 'n', '@', 'x', 'f', '(',
  ')', 'r', '', '', '', '', '', '', '', '',
]

/** Codes that label a heartbeat (WFDB isqrs): N L R a V F J A S E j / Q e n f r B ?. */
const BEAT_CODES = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 25, 30, 34, 35, 38, 41])

/** True when the annotation marks a QRS complex (a beat), not a rhythm change, noise note etc. */
export function isBeatAnnotation(a: WfdbAnnotation): boolean {
  return BEAT_CODES.has(a.code)
}

const SKIP = 59
const NUM = 60
const SUB = 61
const CHN = 62
const AUX = 63

/**
 * Decodes the bytes of a MIT-format annotation file. `file` only names the source in errors.
 * Throws InputError when the stream is cut short or does not end with its end marker.
 */
export function parseWfdbAnnotations(bytes: Uint8Array, file: string): WfdbAnnotation[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: WfdbAnnotation[] = []
  let pos = 0
  let time = 0
  // Modifier words follow the annotation they modify; num and chan also carry over to the next
  // annotations (WFDB stores them only when they change), subtype does not.
  let num = 0
  let chan = 0
  let pending: { sample: number; code: number; subtype: number; aux: string } | undefined
  const flush = (): void => {
    if (pending === undefined) return
    out.push({ sample: pending.sample, code: pending.code, symbol: symbolOf(pending.code), subtype: pending.subtype, chan, num, aux: pending.aux })
    pending = undefined
  }
  const need = (n: number): void => {
    if (pos + n > bytes.byteLength) {
      throw new InputError(`The annotation file ends in the middle of an annotation at byte ${pos}; it is truncated or not a WFDB MIT-format annotation file.`, file)
    }
  }
  for (;;) {
    need(2)
    const word = view.getUint16(pos, true)
    pos += 2
    const code = word >> 10
    const value = word & 0x3ff
    if (word === 0) break
    if (code === SKIP) {
      need(4)
      const hi = view.getInt16(pos, true)
      const lo = view.getUint16(pos + 2, true)
      pos += 4
      time += hi * 65536 + lo
    } else if (code === NUM) {
      num = signed10(value)
    } else if (code === SUB) {
      if (pending !== undefined) pending.subtype = signed10(value)
    } else if (code === CHN) {
      chan = value
    } else if (code === AUX) {
      need(value + (value & 1))
      if (pending !== undefined) pending.aux = new TextDecoder('latin1').decode(bytes.subarray(pos, pos + value)).replace(/\0+$/, '')
      pos += value + (value & 1)
    } else {
      flush()
      time += value
      pending = { sample: time, code, subtype: 0, aux: '' }
    }
  }
  flush()
  return out
}

function signed10(v: number): number {
  return v >= 512 ? v - 1024 : v
}

function symbolOf(code: number): string {
  const s = SYMBOLS[code]
  return s === undefined || s === '' ? `?${code}` : s
}

/** Reads and decodes a MIT-format annotation file (e.g. `100.atr`). InputError when unreadable. */
export async function readWfdbAnnotations(file: string): Promise<WfdbAnnotation[]> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(file)
  } catch (err) {
    throw new InputError(`Cannot read the annotation file (${(err as Error).message}); check the path.`, file)
  }
  return parseWfdbAnnotations(bytes, file)
}
