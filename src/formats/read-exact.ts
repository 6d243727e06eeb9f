import type { FileHandle } from 'node:fs/promises'

/**
 * Reads up to `length` bytes at `position` into the start of `buf`, looping over short reads.
 * Returns how many bytes were read (fewer than `length` only at end of file).
 */
export async function readExact(fh: FileHandle, buf: Uint8Array, length: number, position: number): Promise<number> {
  let done = 0
  while (done < length) {
    const { bytesRead } = await fh.read(buf, done, length - done, position + done)
    if (bytesRead === 0) break
    done += bytesRead
  }
  return done
}
