/**
 * Float32 samples <-> little-endian BLOBs. On the little-endian machines the app runs on the
 * bytes are copied as they are; a big-endian host swaps, so files stay portable.
 */
import os from 'node:os'

const LITTLE_ENDIAN_HOST = os.endianness() === 'LE'

/** Encodes samples as a float32 little-endian BLOB (a copy). */
export function float32ToBlob(samples: Float32Array): Buffer {
  const out = Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength)
  const copy = Buffer.from(out)
  if (!LITTLE_ENDIAN_HOST) copy.swap32()
  return copy
}

/** Decodes a float32 little-endian BLOB into a fresh Float32Array (never a view on the blob). */
export function blobToFloat32(blob: Uint8Array): Float32Array {
  if (blob.byteLength % 4 !== 0) throw new Error(`window blob of ${blob.byteLength} bytes is not a whole number of float32 samples`)
  const copy = new Uint8Array(blob.byteLength)
  copy.set(blob)
  if (!LITTLE_ENDIAN_HOST) Buffer.from(copy.buffer).swap32()
  return new Float32Array(copy.buffer)
}
