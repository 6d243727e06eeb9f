/**
 * Reads Python pickles safely (see machine.ts for why by hand): from bytes in memory, or
 * streamed from a file so that a WESAD subject file (hundreds of MB of NumPy arrays) never sits
 * in memory whole — large byte strings stay in the file as FileRange until an array is loaded.
 */
import { open, type FileHandle } from 'node:fs/promises'
import { CancelledError, InputError } from '../../common/input-error.js'
import { PickleMachine } from './machine.js'
import type { PyValue } from './values.js'

export { FileRange, NdArray, NpDType, PyGlobal, pyGet } from './values.js'
export type { NumericArray, PyDict, PyKey, PyValue } from './values.js'

export interface PickleOptions {
  /**
   * How Python 2 `str` values come out: 'latin1' (default, like Python's
   * `pickle.load(f, encoding='latin1')`, which WESAD needs) gives strings; 'bytes' gives Uint8Array.
   * Array data is never decoded as text either way.
   */
  readonly encoding?: 'latin1' | 'bytes'
}

export interface PickleFileOptions extends PickleOptions {
  /** Byte strings at least this long stay in the file until loaded (default 1 MiB). */
  readonly lazyBytes?: number
  readonly signal?: AbortSignal | undefined
}

const CHUNK_BYTES = 1024 * 1024
const DEFAULT_LAZY_BYTES = 1024 * 1024

/**
 * Unpickles bytes held in memory. NumPy array data stays a view of `bytes` until decoded.
 * Throws InputError for anything that is not a readable, allowed pickle.
 */
export function readPickle(bytes: Uint8Array, file: string, options: PickleOptions = {}): PyValue {
  const machine = new PickleMachine({ file, lazyBytes: Infinity, copy: false })
  return guard(file, () => {
    checkStart(bytes, file)
    machine.run(bytes, 0, bytes.length, 0)
    if (!machine.done) throw truncated(file)
    return machine.finish(options.encoding ?? 'latin1')
  })
}

/**
 * Unpickles a file by streaming it in 1 MiB pieces. Byte strings of `lazyBytes` or more (array
 * data) are skipped and kept as FileRange, so peak memory is about one piece plus the small
 * objects; call `NdArray.load()` for the arrays actually needed.
 */
export async function readPickleFile(path: string, options: PickleFileOptions = {}): Promise<PyValue> {
  let handle: FileHandle
  try {
    handle = await open(path, 'r')
  } catch {
    throw new InputError('the pickle file cannot be opened; check that it exists and that you may read it.', path)
  }
  try {
    const size = (await handle.stat()).size
    const machine = new PickleMachine({ file: path, lazyBytes: options.lazyBytes ?? DEFAULT_LAZY_BYTES, copy: true })
    let buf = Buffer.allocUnsafe(CHUNK_BYTES)
    let base = 0 // file offset of buf[0]
    let end = 0 // bytes of buf holding data
    let pos = 0
    end = await readAt(handle, buf, 0, Math.min(buf.length, size), 0, path)
    await guardAsync(path, async () => {
      checkStart(buf.subarray(0, end), path)
      for (;;) {
        if (options.signal?.aborted) throw new CancelledError()
        pos = machine.run(buf, pos, end, base)
        if (machine.done) return
        if (machine.longString !== undefined) {
          // A protocol 0 STRING too long to hold: find its end, leave its text in the file.
          const start = machine.longString
          const newline = await findNewline(handle, start, size, path)
          const edge = Buffer.alloc(3)
          await readAt(handle, edge, 0, 1, start, path)
          await readAt(handle, edge, 1, 2, newline - 2, path)
          machine.acceptLongString(start, newline, edge[0] ?? 0, [edge[1] ?? 0, edge[2] ?? 0])
          base = newline + 1
          pos = 0
          end = 0
          end = await readAt(handle, buf, 0, Math.min(buf.length, size - base), base, path)
          continue
        }
        const filePos = base + pos
        const need = Math.max(machine.need, end - pos + 1)
        if (filePos >= size || filePos + need > size) throw truncated(path)
        if (pos >= end) {
          // Skipped a lazy payload (or consumed everything): start afresh at filePos.
          end = 0
        } else {
          if (need > buf.length) {
            const bigger = Buffer.allocUnsafe(Math.max(need, 2 * buf.length))
            buf.copy(bigger, 0, pos, end)
            buf = bigger
          } else buf.copyWithin(0, pos, end)
          end -= pos
        }
        base = filePos
        pos = 0
        const want = Math.min(buf.length, size - base)
        end += await readAt(handle, buf, end, want - end, base + end, path)
        if (end < need) throw truncated(path)
      }
    })
    return guard(path, () => machine.finish(options.encoding ?? 'latin1'))
  } finally {
    await handle.close()
  }
}

/** Fails fast on files that are plainly not pickles (most start with PROTO 0x80, else '(' / '}' / ']' …). */
function checkStart(bytes: Uint8Array, file: string): void {
  const first = bytes[0]
  if (first === undefined) throw new InputError('the file is empty, so it is not a pickle; point the workbench at the subject .pkl file.', file)
  const protocol = bytes[1] ?? 0
  if (first === 0x80 ? protocol > 5 : !'(}]).NSVIFLcKJMGXUTq'.includes(String.fromCharCode(first))) {
    throw new InputError('this is not a Python pickle (it does not start like one); point the workbench at the subject .pkl file.', file)
  }
}

function truncated(file: string): InputError {
  return new InputError('the pickle ends before its STOP mark, so the file is truncated; copy it again from the source.', file)
}

/** Turns any stray RangeError/TypeError from malformed bytes into an InputError. */
function guard<T>(file: string, work: () => T): T {
  try {
    return work()
  } catch (error) {
    throw asInputError(error, file)
  }
}

async function guardAsync<T>(file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    throw asInputError(error, file)
  }
}

function asInputError(error: unknown, file: string): Error {
  if (error instanceof InputError || error instanceof CancelledError) return error
  return new InputError(`the pickle is damaged and cannot be read (${error instanceof Error ? error.message : String(error)}); copy the file again from the source.`, file)
}

/** File offset of the first newline at or after `from`; truncated-file error when there is none. */
async function findNewline(handle: FileHandle, from: number, size: number, path: string): Promise<number> {
  const piece = Buffer.allocUnsafe(CHUNK_BYTES)
  for (let at = from; at < size; at += piece.length) {
    const got = await readAt(handle, piece, 0, Math.min(piece.length, size - at), at, path)
    const found = piece.subarray(0, got).indexOf(0x0a)
    if (found >= 0) return at + found
    if (got === 0) break
  }
  throw truncated(path)
}

async function readAt(handle: FileHandle, buf: Buffer, offset: number, length: number, position: number, path: string): Promise<number> {
  let done = 0
  try {
    while (done < length) {
      const { bytesRead } = await handle.read(buf, offset + done, length - done, position + done)
      if (bytesRead === 0) break
      done += bytesRead
    }
  } catch {
    throw new InputError('reading the pickle file failed; check that the disk or network share is still available.', path)
  }
  return done
}
