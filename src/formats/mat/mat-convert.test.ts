import { describe, expect, it } from 'vitest'
import { MI, toFloat64 } from './mat-convert.js'

/** Each numeric MAT type with values it holds exactly and how DataView writes one. */
const TYPES: [string, number, number, number[], (v: DataView, o: number, x: number, le: boolean) => void][] = [
  ['miINT8', MI.INT8, 1, [-128, -3, 0, 127], (v, o, x) => v.setInt8(o, x)],
  ['miUINT8', MI.UINT8, 1, [0, 1, 200, 255], (v, o, x) => v.setUint8(o, x)],
  ['miINT16', MI.INT16, 2, [-32768, -3, 0, 32767], (v, o, x, le) => v.setInt16(o, x, le)],
  ['miUINT16', MI.UINT16, 2, [0, 1, 40000, 65535], (v, o, x, le) => v.setUint16(o, x, le)],
  ['miINT32', MI.INT32, 4, [-2147483648, -3, 0, 2147483647], (v, o, x, le) => v.setInt32(o, x, le)],
  ['miUINT32', MI.UINT32, 4, [0, 1, 3000000000, 4294967295], (v, o, x, le) => v.setUint32(o, x, le)],
  ['miSINGLE', MI.SINGLE, 4, [-1.5, 0, 0.25, 2 ** 100], (v, o, x, le) => v.setFloat32(o, x, le)],
  ['miDOUBLE', MI.DOUBLE, 8, [-1e-300, 0, Math.PI, 1e300], (v, o, x, le) => v.setFloat64(o, x, le)],
  ['miINT64', MI.INT64, 8, [-(2 ** 53), -3, 0, 2 ** 53], (v, o, x, le) => v.setBigInt64(o, BigInt(x), le)],
  ['miUINT64', MI.UINT64, 8, [0, 1, 2 ** 40, 2 ** 53], (v, o, x, le) => v.setBigUint64(o, BigInt(x), le)],
]

describe('MAT numeric data to doubles', () => {
  for (const [name, type, size, values, write] of TYPES) {
    for (const le of [true, false]) {
      it(`${name}, ${le ? 'little' : 'big'}-endian`, () => {
        // one byte in front, so the data are not aligned, as inside a file
        const bytes = new Uint8Array(1 + size * values.length)
        const view = new DataView(bytes.buffer, 1)
        values.forEach((x, i) => write(view, i * size, x, le))
        expect(Array.from(toFloat64(type, bytes.subarray(1), le))).toEqual(values)
      })
    }
  }
})
