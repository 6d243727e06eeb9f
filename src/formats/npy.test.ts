import { describe, expect, it } from 'vitest'
import { npyHeader } from './npy.js'

describe('npyHeader', () => {
  it('writes the exact bytes numpy.save writes for a (180, 2560) float32 array', () => {
    // Bytes of np.save(f, np.zeros((180, 2560), '<f4'))[:128] with NumPy 1.24.
    const dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (180, 2560), }"
    const expected = Buffer.concat([
      Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 0x01, 0x00, 0x76, 0x00]),
      Buffer.from(dict + ' '.repeat(117 - dict.length) + '\n', 'latin1'),
    ])
    const header = npyHeader([180, 2560])
    expect(header.length).toBe(128)
    expect(header.equals(expected)).toBe(true)
    expect(header.readUInt16LE(8)).toBe(118)
  })

  it('pads every header to a multiple of 64 bytes ending in a newline', () => {
    for (const shape of [[0, 2560], [7], [123456789, 2560], [1, 2, 3, 4]]) {
      const h = npyHeader(shape)
      expect(h.length % 64).toBe(0)
      expect(h[h.length - 1]).toBe(0x0a)
      expect(h.readUInt16LE(8)).toBe(h.length - 10)
    }
    expect(npyHeader([7]).toString('latin1')).toContain("'shape': (7,), }")
  })
})
