/**
 * MATLAB .mat reader for v5/v6/v7 files (uncompressed or zlib-compressed variables), in either
 * byte order. v7.3 (HDF5) and v4 files are refused with a message saying how to re-save them.
 *
 * Written by hand: the only npm MAT reader (mat-for-js) is GPL-3.0, and this app is packaged and
 * distributed to users, which GPL code would constrain; the v5 format is small and documented
 * (MathWorks, "MAT-File Format").
 *
 * `parseMat` decodes bytes already in memory. `readMatFile` streams the file instead — uncompressed
 * variables by positioned reads, compressed ones through a streaming inflater — so with the
 * `select`/`keep` options a caller can pull a few arrays out of a file far larger than memory
 * (DREAMER.mat holds the EEG of every subject next to the ECG we need).
 */
import { open } from 'node:fs/promises'
import { constants, inflateSync } from 'node:zlib'
import { InputError, throwIfCancelled } from '../../common/input-error.js'
import { FileRangeSource, InflateSource, type ByteSource } from './mat-sources.js'
import { MAT_HEADER_BYTES, MAT_SNIFF_BYTES, parseMatHeader, type MatHeader } from './mat-header.js'
import { MI } from './mat-convert.js'
import { decodeTag, pad8, parseMatrix, type ParseContext, type Reader } from './mat-parse.js'
import type { MatFile, MatReadOptions, MatValue } from './mat-types.js'

/**
 * Parses a whole .mat file held in memory. Throws InputError for anything that is not a readable
 * v5/v7 MAT-file.
 */
export function parseMat(bytes: Uint8Array, file: string, options: MatReadOptions = {}): MatFile {
  const header = parseMatHeader(bytes.subarray(0, MAT_SNIFF_BYTES), bytes.length, file)
  const ctx: ParseContext = { file, le: header.littleEndian, options }
  const variables = new Map<string, MatValue>()
  let pos = MAT_HEADER_BYTES
  let index = 0
  while (pos < bytes.length) {
    throwIfCancelled(options.signal)
    const remaining = bytes.length - pos
    if (remaining < 8) {
      if (bytes.subarray(pos).every((b) => b === 0)) break
      throw truncated(file, index, pos, 8, remaining)
    }
    const { type, n } = outerTag(bytes.subarray(pos, pos + 8), ctx.le)
    if (n > remaining - 8) throw truncated(file, index, pos, n, remaining - 8)
    const body = bytes.subarray(pos + 8, pos + 8 + n)
    if (pos !== header.subsystemOffset) {
      if (type === MI.COMPRESSED) {
        const inflated = inflate(body, file, index)
        let inner = 0
        while (inner + 8 <= inflated.length) {
          const tag = outerTag(inflated.subarray(inner, inner + 8), ctx.le)
          if (tag.n > inflated.length - inner - 8) throw truncated(file, index, pos, tag.n, inflated.length - inner - 8, true)
          if (tag.type === MI.MATRIX) addVariable(variables, runSync(parseMatrix(ctx, tag.n, undefined), inflated.subarray(inner + 8, inner + 8 + tag.n), file))
          inner += 8 + pad8(tag.n)
        }
      } else if (type === MI.MATRIX) {
        addVariable(variables, runSync(parseMatrix(ctx, n, undefined), body, file))
      }
    }
    pos += 8 + (type === MI.COMPRESSED ? n : Math.min(pad8(n), remaining - 8))
    index++
  }
  return { file, description: header.description, littleEndian: header.littleEndian, variables }
}

/**
 * Reads a .mat file from disk without loading it whole: use `options.select` / `options.keep`
 * to read only the arrays you need. Throws InputError on unreadable or corrupt files.
 */
export async function readMatFile(path: string, options: MatReadOptions = {}): Promise<MatFile> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch {
    throw new InputError(`the file cannot be opened; check that the file exists and that you may read it.`, path)
  }
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw new InputError(`this is a folder, not a .mat file; choose the .mat file itself.`, path)
    const size = stat.size
    const head = new Uint8Array(Math.min(size, MAT_SNIFF_BYTES))
    await handle.read(head, 0, head.length, 0)
    const header = parseMatHeader(head, size, path)
    return await readVariables(handle, size, header, path, options)
  } finally {
    await handle.close()
  }
}

async function readVariables(
  handle: Awaited<ReturnType<typeof open>>,
  size: number,
  header: MatHeader,
  file: string,
  options: MatReadOptions,
): Promise<MatFile> {
  const ctx: ParseContext = { file, le: header.littleEndian, options }
  const variables = new Map<string, MatValue>()
  let pos = MAT_HEADER_BYTES
  let index = 0
  const tagBytes = new Uint8Array(8)
  while (pos < size) {
    throwIfCancelled(options.signal)
    const remaining = size - pos
    if (remaining < 8) {
      const tail = new Uint8Array(remaining)
      await handle.read(tail, 0, remaining, pos)
      if (tail.every((b) => b === 0)) break
      throw truncated(file, index, pos, 8, remaining)
    }
    await handle.read(tagBytes, 0, 8, pos)
    const { type, n } = outerTag(tagBytes, ctx.le)
    if (n > remaining - 8) throw truncated(file, index, pos, n, remaining - 8)
    if (pos !== header.subsystemOffset) {
      if (type === MI.COMPRESSED) {
        const source = new InflateSource(file, pos + 8, pos + 8 + n, index, options.signal)
        try {
          while (!(await source.atEnd())) {
            const tag = outerTag(await source.read(8), ctx.le)
            if (tag.type === MI.MATRIX) addVariable(variables, await runAsync(parseMatrix(ctx, tag.n, undefined), source))
            else await source.skip(pad8(tag.n))
          }
        } finally {
          source.close()
        }
      } else if (type === MI.MATRIX) {
        const source = new FileRangeSource(handle, file, pos + 8, pos + 8 + n, options.signal)
        addVariable(variables, await runAsync(parseMatrix(ctx, n, undefined), source))
      }
    }
    pos += 8 + (type === MI.COMPRESSED ? n : Math.min(pad8(n), remaining - 8))
    index++
  }
  return { file, description: header.description, littleEndian: header.littleEndian, variables }
}

/** A top-level tag; a small data element (never written for variables) carries no bytes after its tag. */
function outerTag(bytes: Uint8Array, le: boolean): { type: number; n: number } {
  const tag = decodeTag(bytes, le)
  return { type: tag.type, n: tag.small === undefined ? tag.n : 0 }
}

function addVariable(variables: Map<string, MatValue>, { name, value }: { name: string; value: MatValue }): void {
  // MATLAB never writes two variables of one name; if a file does, the last wins, as in load().
  variables.set(name, value)
}

function runSync<T>(reader: Reader<T>, bytes: Uint8Array, file: string): T {
  let pos = 0
  let step = reader.next(new Uint8Array(0))
  while (step.done !== true) {
    const { n, skip } = step.value
    if (pos + n > bytes.length) {
      throw new InputError(`the file is truncated or damaged: a variable ends ${pos + n - bytes.length} bytes after its data; copy the file again.`, file)
    }
    const out = skip ? new Uint8Array(0) : bytes.subarray(pos, pos + n)
    pos += n
    step = reader.next(out)
  }
  return step.value
}

async function runAsync<T>(reader: Reader<T>, source: ByteSource): Promise<T> {
  let step = reader.next(new Uint8Array(0))
  while (step.done !== true) {
    const { n, skip } = step.value
    if (skip) {
      await source.skip(n)
      step = reader.next(new Uint8Array(0))
    } else {
      step = reader.next(await source.read(n))
    }
  }
  return step.value
}

/**
 * Inflates one miCOMPRESSED element. Some writers end the zlib stream without its final check
 * bytes; a partial result is accepted only when it parses completely (checked by the caller).
 */
function inflate(body: Uint8Array, file: string, index: number): Uint8Array {
  try {
    return inflateSync(body)
  } catch (error) {
    try {
      const partial = inflateSync(body, { finishFlush: constants.Z_SYNC_FLUSH })
      if (partial.length > 0) return partial
    } catch {
      // fall through to the message about the original error
    }
    throw new InputError(
      `the file is damaged: the compressed data of variable ${index + 1} cannot be decompressed (${(error as Error).message}); copy the file again or re-save it in MATLAB.`,
      file,
    )
  }
}

function truncated(file: string, index: number, pos: number, wanted: number, available: number, compressed = false): InputError {
  const where = compressed ? `the decompressed data of variable ${index + 1}` : `variable ${index + 1} (at byte ${pos})`
  return new InputError(
    `the file is truncated: ${where} needs ${wanted} bytes but only ${available} follow; copy the file again.`,
    file,
  )
}
