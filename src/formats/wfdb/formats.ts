/**
 * Sample decoders for the WFDB storage formats the workbench reads. Bit layouts are from the
 * WFDB signal(5) manual page (PhysioNet's "WFDB signal file formats"). The FLAC formats 508, 516
 * and 524 are not byte layouts but compressed streams; flac-signal.ts reads them. Samples of all signals stored in one data file form one stream in
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
  /**
   * Bytes a file needs for r samples left after the last whole block (index r), for the packed
   * formats whose last block may be cut short: 212 writes 2 bytes for 1 sample, 310 writes 2
   * bytes for 1 and 4 for 2, 311 writes 2 for 1 and 3 for 2.
   */
  readonly partialBytes: readonly number[]
  /**
   * Format 8 stores each sample as the 8-bit difference from the previous sample of the same
   * signal, starting from the header's initial value: the decoded value is that difference.
   */
  readonly differences: boolean
  /** Stored value that WFDB reads as "no sample here" (WFDB_INVALID_SAMPLE), if any. */
  readonly invalid: number | undefined
  /**
   * The stored value of sample `k` of the stream, where `buf` starts on a block boundary and
   * `k` counts from that boundary.
   */
  readonly sampleAt: (buf: Uint8Array, k: number) => number
}

/** A format whose blocks are never cut short and whose values are the samples themselves. */
const plain = { partialBytes: [0], differences: false } as const

/** Sign-extends a 10-bit two's complement value (formats 310 and 311). */
const s10 = (v: number): number => (v << 22) >> 22

const FORMATS: ReadonlyMap<number, WfdbFormat> = new Map<number, WfdbFormat>([
  // 16-bit two's complement, little-endian.
  [16, {
    ...plain, format: 16, bytesPerBlock: 2, samplesPerBlock: 1, invalid: -32768,
    sampleAt: (b, k) => ((b[2 * k]! | (b[2 * k + 1]! << 8)) << 16) >> 16,
  }],
  // 16-bit two's complement, big-endian.
  [61, {
    ...plain, format: 61, bytesPerBlock: 2, samplesPerBlock: 1, invalid: -32768,
    sampleAt: (b, k) => (((b[2 * k]! << 8) | b[2 * k + 1]!) << 16) >> 16,
  }],
  // 8-bit offset binary: stored byte minus 128.
  [80, {
    ...plain, format: 80, bytesPerBlock: 1, samplesPerBlock: 1, invalid: -128,
    sampleAt: (b, k) => b[k]! - 128,
  }],
  // 16-bit offset binary, little-endian: stored word minus 32768.
  [160, {
    ...plain, format: 160, bytesPerBlock: 2, samplesPerBlock: 1, invalid: -32768,
    sampleAt: (b, k) => (b[2 * k]! | (b[2 * k + 1]! << 8)) - 32768,
  }],
  // Two 12-bit two's complement samples in 3 bytes:
  // s0 = b0 | (b1 & 0x0F) << 8, s1 = b2 | (b1 & 0xF0) << 4, each sign-extended from 12 bits.
  [212, {
    format: 212, bytesPerBlock: 3, samplesPerBlock: 2, invalid: -2048, partialBytes: [0, 2], differences: false,
    sampleAt: (b, k) => {
      const o = (k >> 1) * 3
      const b1 = b[o + 1]!
      const v = (k & 1) === 0 ? b[o]! | ((b1 & 0x0f) << 8) : b[o + 2]! | ((b1 & 0xf0) << 4)
      return (v << 20) >> 20
    },
  }],
  // 8-bit first differences: each byte is a signed step from the signal's previous sample (the
  // first from the header's initial value); there is no invalid-sample code.
  [8, {
    format: 8, bytesPerBlock: 1, samplesPerBlock: 1, invalid: undefined, partialBytes: [0], differences: true,
    sampleAt: (b, k) => (b[k]! << 24) >> 24,
  }],
  // Three 10-bit two's complement samples in two little-endian 16-bit words w0, w1 (bit 0 of each
  // unused): s0 = bits 1-10 of w0, s1 = bits 1-10 of w1, s2 = bits 11-15 of w0 (low 5 bits) and
  // bits 11-15 of w1 (high 5 bits).
  [310, {
    format: 310, bytesPerBlock: 4, samplesPerBlock: 3, invalid: -512, partialBytes: [0, 2, 4], differences: false,
    sampleAt: (b, k) => {
      const block = Math.floor(k / 3)
      const o = block * 4
      const w0 = b[o]! | (b[o + 1]! << 8)
      switch (k - block * 3) {
        case 0: return s10(w0 >> 1)
        case 1: return s10((b[o + 2]! | (b[o + 3]! << 8)) >> 1)
        default: {
          const w1 = b[o + 2]! | (b[o + 3]! << 8)
          return s10(((w0 >> 11) & 0x1f) | (((w1 >> 11) & 0x1f) << 5))
        }
      }
    },
  }],
  // Three 10-bit two's complement samples in one little-endian 32-bit word: bits 0-9, 10-19 and
  // 20-29; the two high bits are unused.
  [311, {
    format: 311, bytesPerBlock: 4, samplesPerBlock: 3, invalid: -512, partialBytes: [0, 2, 3], differences: false,
    sampleAt: (b, k) => {
      const block = Math.floor(k / 3)
      const o = block * 4
      const w = (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
      return s10(w >>> (10 * (k - block * 3)))
    },
  }],
  // 24-bit two's complement, little-endian.
  [24, {
    ...plain, format: 24, bytesPerBlock: 3, samplesPerBlock: 1, invalid: -(2 ** 23),
    sampleAt: (b, k) => ((b[3 * k]! | (b[3 * k + 1]! << 8) | (b[3 * k + 2]! << 16)) << 8) >> 8,
  }],
  // 32-bit two's complement, little-endian.
  [32, {
    ...plain, format: 32, bytesPerBlock: 4, samplesPerBlock: 1, invalid: -(2 ** 31),
    sampleAt: (b, k) => b[4 * k]! | (b[4 * k + 1]! << 8) | (b[4 * k + 2]! << 16) | (b[4 * k + 3]! << 24),
  }],
])

/** The decoder for a storage format, or undefined when the workbench does not read it. */
export function wfdbFormat(format: number): WfdbFormat | undefined {
  return FORMATS.get(format)
}

/** FLAC-compressed formats: a FLAC stream whose channels are the file's signals, 8, 16 or 24 bits. */
export const FLAC_WFDB_FORMATS: readonly number[] = [508, 516, 524]

/** Storage formats this reader supports, for error messages. */
export const SUPPORTED_WFDB_FORMATS: readonly number[] = [...FORMATS.keys(), ...FLAC_WFDB_FORMATS].sort((a, b) => a - b)
