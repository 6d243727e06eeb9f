/**
 * Provenance hashes: sha256 of every source file (streamed, so a multi-GB file costs no memory) and
 * the dataset's content hash over the sorted (relative path, sha256) list plus the parameters.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { InputError, throwIfCancelled } from '../common/input-error.js'

/** One hashed file. */
export interface HashedFile {
  readonly path: string
  readonly bytes: number
  readonly sha256: string
}

const CHUNK_BYTES = 1 << 20

/**
 * Hashes files one after the other, reporting bytes done so far through `onBytes`.
 * Throws InputError when a file cannot be read, CancelledError when `signal` aborts.
 */
export async function hashFiles(files: readonly string[], onBytes?: (done: number, total: number) => void, signal?: AbortSignal): Promise<HashedFile[]> {
  const sizes = files.map((f) => {
    try {
      return fs.statSync(f).size
    } catch (err) {
      throw new InputError(`Cannot read the source file ${f} (${(err as NodeJS.ErrnoException).code ?? String(err)}); check that it exists and is readable.`, f)
    }
  })
  const total = sizes.reduce((a, b) => a + b, 0)
  let done = 0
  const out: HashedFile[] = []
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  for (const [i, file] of files.entries()) {
    throwIfCancelled(signal)
    const hash = createHash('sha256')
    let bytes = 0
    let handle: fs.promises.FileHandle | undefined
    try {
      handle = await fs.promises.open(file, 'r')
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null)
        if (bytesRead === 0) break
        hash.update(buffer.subarray(0, bytesRead))
        bytes += bytesRead
        done += bytesRead
        onBytes?.(done, total)
        throwIfCancelled(signal)
      }
    } catch (err) {
      if (err instanceof Error && err.name === 'CancelledError') throw err
      throw new InputError(`Cannot read the source file ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)}); check that it exists and is readable.`, file)
    } finally {
      await handle?.close()
    }
    out.push({ path: file, bytes: bytes || (sizes[i] ?? 0), sha256: hash.digest('hex') })
  }
  return out
}

/**
 * The dataset content hash: sha256 over lines "<relative path>\t<sha256>\n" sorted by path
 * (POSIX separators, relative to `root`), then the canonical JSON of `params` (keys sorted).
 * Equal hashes mean the same bytes imported with the same parameters.
 */
export function contentHash(root: string, files: readonly HashedFile[], params: object): string {
  const lines = files
    .map((f) => `${path.relative(root, f.path).split(path.sep).join('/')}\t${f.sha256}\n`)
    .sort()
  const hash = createHash('sha256')
  for (const line of lines) hash.update(line)
  hash.update(canonicalJson(params))
  return hash.digest('hex')
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    }
    return v
  })
}
