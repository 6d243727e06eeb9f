/**
 * The header of a NumPy `.npy` file, format version 1.0, written by hand because no maintained
 * npm package writes .npy as a stream (the data part is then appended window by window).
 * Format: https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html
 */

/** The header for a C-order array of `shape` with dtype `descr` (e.g. '<f4' = float32 LE). */
export function npyHeader(shape: readonly number[], descr = '<f4'): Buffer {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`
  // The dict exactly as numpy.lib.format writes it (trailing ", " included).
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`
  const preamble = 10 // magic (6) + version (2) + header length (2)
  // Pad with spaces so that preamble + dict + '\n' is a multiple of 64 (alignment numpy uses).
  const unpadded = preamble + dict.length + 1
  const total = Math.ceil(unpadded / 64) * 64
  const headerText = dict + ' '.repeat(total - unpadded) + '\n'
  if (headerText.length > 0xffff) throw new Error('npy header longer than 65535 bytes needs format 2.0')
  const out = Buffer.alloc(total)
  out.write('\x93NUMPY', 0, 'latin1')
  out[6] = 1
  out[7] = 0
  out.writeUInt16LE(headerText.length, 8)
  out.write(headerText, 10, 'latin1')
  return out
}
