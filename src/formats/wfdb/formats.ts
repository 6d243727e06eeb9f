/**
 * Sample decoders for the WFDB storage formats the workbench reads. Bit layouts are from the
 * WFDB signal(5) manual page. Samples of all signals stored in one data file form one stream in
 * frame order (frame i holds signal 0's samples, then signal 1's, …), and a decoder turns a
 * position in that stream into the stored integer.
 *
 * Written by hand because no maintained, non-GPL JavaScript WFDB reader exists (the reference
 * WFDB library is GPL/LGPL C, wfdb-python is Python).
 */

/** How one storage format packs samples. */
export interface WfdbFormat {
  readonly format: number
  /** A block is the smallest byte group that holds a whole number of samples. */
  readonly bytesPerBlock: number
  readonly samplesPerBlock: number
  /** Stored value that WFDB reads as "no sample here" (WFDB_INVALID_SAMPLE), if any. */
  readonly invalid: number | undefined
  /**
   * The stored value of sample `k` of the stream, where `buf` starts on a block boundary and
   * `k` counts from that boundary.
   */
  readonly sampleAt: (buf: Uint8Array, k: number) => number
}

const FORMATS: ReadonlyMap<number, WfdbFormat> = new Map<number, WfdbFormat>([
  // 16-bit two's complement, little-endian.
  [16, {
    format: 16, bytesPerBlock: 2, samplesPerBlock: 1, invalid: -32768,
    sampleAt: (b, k) => ((b[2 * k]! | (b[2 * k + 1]! << 8)) << 16) >> 16,
  }],
  // 16-bit two's complement, big-endian.
  [61, {
    format: 61, bytesPerBlock: 2, samplesPerBlock: 1, invalid: -32768,
    sampleAt: (b, k) => (((b[2 * k]! << 8) | b[2 * k + 1]!) << 16) >> 16,
  }],
  // 8-bit offset binary: stored byte minus 128.
  [80, {
    format: 80, bytesPerBlock: 1, samplesPerBlock: 1, invalid: -128,
    sampleAt: (b, k) => b[k]! - 128,
  }],
  // 16-bit offset binary, little-endian: stored word minus 32768.
  [160, {
    format: 160, bytesPerBlock: 2, samplesPerBlock: 1, invalid: -32768,
    sampleAt: (b, k) => (b[2 * k]! | (b[2 * k + 1]! << 8)) - 32768,
  }],
  // Two 12-bit two's complement samples in 3 bytes:
  // s0 = b0 | (b1 & 0x0F) << 8, s1 = b2 | (b1 & 0xF0) << 4, each sign-extended from 12 bits.
  [212, {
    format: 212, bytesPerBlock: 3, samplesPerBlock: 2, invalid: -2048,
    sampleAt: (b, k) => {
      const o = (k >> 1) * 3
      const b1 = b[o + 1]!
      const v = (k & 1) === 0 ? b[o]! | ((b1 & 0x0f) << 8) : b[o + 2]! | ((b1 & 0xf0) << 4)
      return (v << 20) >> 20
    },
  }],
  // 24-bit two's complement, little-endian.
  [24, {
    format: 24, bytesPerBlock: 3, samplesPerBlock: 1, invalid: -(2 ** 23),
    sampleAt: (b, k) => ((b[3 * k]! | (b[3 * k + 1]! << 8) | (b[3 * k + 2]! << 16)) << 8) >> 8,
  }],
  // 32-bit two's complement, little-endian.
  [32, {
    format: 32, bytesPerBlock: 4, samplesPerBlock: 1, invalid: -(2 ** 31),
    sampleAt: (b, k) => b[4 * k]! | (b[4 * k + 1]! << 8) | (b[4 * k + 2]! << 16) | (b[4 * k + 3]! << 24),
  }],
])

/** The decoder for a storage format, or undefined when the workbench does not read it. */
export function wfdbFormat(format: number): WfdbFormat | undefined {
  return FORMATS.get(format)
}

/** Storage formats this reader supports, for error messages. */
export const SUPPORTED_WFDB_FORMATS: readonly number[] = [...FORMATS.keys()].sort((a, b) => a - b)
