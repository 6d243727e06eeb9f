/**
 * Streams a text file line by line in fixed-size chunks, so that a 3.6-million-line recording is
 * never held in memory as one string. Handles UTF-8 (with or without BOM), UTF-16 with a BOM,
 * and LF, CRLF or bare-CR line endings.
 *
 * Written by hand rather than with `readline`: readline's async iterator costs a promise per
 * line, which dominates the time of a 3.6 M-line file; here we await only once per chunk and call
 * a plain synchronous callback per line.
 */
import { open, type FileHandle } from 'node:fs/promises'
import { TextDecoder } from 'node:util'
import { InputError, throwIfCancelled } from '../../common/input-error.js'

const CHUNK_BYTES = 1 << 20
/** A longer line means this is not a row-per-sample text file (or is binary). */
const MAX_LINE_CHARS = 1 << 20

/** Return `false` to stop reading early. `lineNumber` is 1-based, counting every physical line. */
export type LineCallback = (line: string, lineNumber: number) => boolean | void

export interface LineReadOptions {
  readonly signal?: AbortSignal | undefined
  /** Stop after this many bytes (used to sniff the start of a file). */
  readonly maxBytes?: number
}

export interface LineReadResult {
  /** Number of the last line passed to the callback. */
  readonly lastLine: number
  /** True when the whole file was read (the callback never stopped early, maxBytes not hit). */
  readonly complete: boolean
}

/**
 * Calls `onLine` for every line of the file, without its line terminator: forEachPiece with the
 * pieces of a line joined (a line shorter than a read chunk is one piece, so nothing is copied).
 * Throws InputError when the file cannot be opened, looks binary or has an absurdly long line.
 */
export async function forEachLine(path: string, onLine: LineCallback, options: LineReadOptions = {}): Promise<LineReadResult> {
  let pieces: string[] = []
  let length = 0
  return forEachPiece(path, (piece, lineNumber, ends) => {
    length += piece.length
    if (length > MAX_LINE_CHARS) throw tooLong(lineNumber, path)
    if (!ends) {
      pieces.push(piece)
      return true
    }
    const line = pieces.length === 0 ? piece : pieces.join('') + piece
    pieces = []
    length = 0
    return onLine(line, lineNumber)
  }, options)
}

/**
 * Called with consecutive pieces of one line, in order; `ends` is true for the last piece (which
 * carries no line terminator and may be empty). A line shorter than a read chunk comes in one
 * piece; a line of any length (a 60 MB row vector) comes in chunk-sized pieces, so it is never
 * held whole. Return `false` to stop reading.
 */
export type PieceCallback = (piece: string, lineNumber: number, ends: boolean) => boolean | void

/**
 * Reads the file in chunks, passing its lines in pieces (see PieceCallback), without a limit on a
 * line's length. LF, CRLF and bare CR endings are recognised, even when a CR and its LF fall in
 * different chunks.
 */
export async function forEachPiece(path: string, onPiece: PieceCallback, options: LineReadOptions = {}): Promise<LineReadResult> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch {
    throw new InputError('the file cannot be opened; check that it exists and that you may read it.', path)
  }
  try {
    return await readPieces(handle, path, onPiece, options)
  } finally {
    await handle.close()
  }
}

async function readPieces(handle: FileHandle, path: string, onPiece: PieceCallback, options: LineReadOptions): Promise<LineReadResult> {
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  let decoder: TextDecoder | undefined
  let separator: '\n' | '\r' | undefined
  // A CR at the end of a chunk may be the first half of CRLF: it is held until the next chunk.
  let heldCR = false
  let lineNumber = 1
  let lineOpen = false
  let position = 0
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY
  for (;;) {
    throwIfCancelled(options.signal)
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position)
    const atEnd = bytesRead === 0
    let text: string
    if (atEnd) {
      text = decoder === undefined ? '' : decoder.decode()
    } else {
      const bytes = buffer.subarray(0, bytesRead)
      if (decoder === undefined) decoder = chooseDecoder(bytes, path)
      text = decoder.decode(bytes, { stream: true })
      position += bytesRead
    }
    let data = heldCR ? `\r${text}` : text
    heldCR = false
    if (separator === undefined) {
      const lf = data.indexOf('\n')
      const cr = data.indexOf('\r')
      // Decided at the first line break: a CR not followed by LF means bare-CR line endings.
      if (lf >= 0 && (cr < 0 || cr >= lf - 1)) separator = '\n'
      else if (cr >= 0 && (cr < data.length - 1 || atEnd)) separator = '\r'
    }
    if (!atEnd && separator !== '\r' && data.endsWith('\r')) {
      heldCR = true
      data = data.slice(0, -1)
    }
    const sep = separator ?? '\n'
    let start = 0
    for (;;) {
      const end = data.indexOf(sep, start)
      if (end < 0) break
      const stop = sep === '\n' && end > start && data.charCodeAt(end - 1) === 13 ? end - 1 : end
      const keepGoing = onPiece(data.slice(start, stop), lineNumber, true) !== false
      lineNumber++
      lineOpen = false
      start = end + 1
      if (!keepGoing) return { lastLine: lineNumber - 1, complete: false }
    }
    let rest = start === 0 ? data : data.slice(start)
    if (atEnd) {
      if (rest.endsWith('\r')) rest = rest.slice(0, -1)
      if (rest.length > 0 || lineOpen) {
        if (onPiece(rest, lineNumber, true) === false) return { lastLine: lineNumber, complete: false }
        return { lastLine: lineNumber, complete: true }
      }
      return { lastLine: lineNumber - 1, complete: true }
    }
    if (rest.length > 0) {
      lineOpen = true
      if (onPiece(rest, lineNumber, false) === false) return { lastLine: lineNumber, complete: false }
    }
    if (position >= maxBytes) return { lastLine: lineNumber, complete: false }
  }
}

function tooLong(lineNumber: number, path: string): InputError {
  return new InputError(`line ${lineNumber} is longer than ${MAX_LINE_CHARS} characters; this does not look like a text signal file with one row per sample.`, path)
}

/** UTF-16 only with a BOM (Windows "Unicode" text); everything else is read as UTF-8. */
function chooseDecoder(first: Uint8Array, path: string): TextDecoder {
  if (first[0] === 0xff && first[1] === 0xfe) return new TextDecoder('utf-16le')
  if (first[0] === 0xfe && first[1] === 0xff) return new TextDecoder('utf-16be')
  // A NUL byte never occurs in UTF-8 text: this is a binary file given as text.
  const probe = first.subarray(0, Math.min(first.length, 4096))
  if (probe.includes(0)) {
    throw new InputError('this is a binary file, not text; a CSV/text signal must be plain text with one row per sample.', path)
  }
  // TextDecoder removes a UTF-8 BOM by default (ignoreBOM: false).
  return new TextDecoder('utf-8')
}
