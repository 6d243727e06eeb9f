import { describe, expect, it } from 'vitest'
import { decodeWire, encodeWire } from './wire.js'

describe('browser-mode wire codec', () => {
  it('carries a Float32Array bit for bit, inside nested values, as a Float32Array', () => {
    const samples = new Float32Array(2560).map((_, i) => Math.sin(i / 7) * 1e-3 + (i === 5 ? Number.NaN : 0))
    samples[6] = -0
    samples[7] = Number.POSITIVE_INFINITY
    const value = { ok: true, value: { samples, fs: 256, peaks: new Int32Array([3, 70, 141]), name: 'é ✓' } }
    const back = decodeWire(encodeWire(value)) as typeof value
    expect(back.value.samples).toBeInstanceOf(Float32Array)
    expect(new Uint8Array(back.value.samples.buffer)).toEqual(new Uint8Array(samples.buffer))
    expect(back.value.peaks).toEqual(new Int32Array([3, 70, 141]))
    expect(back.value.fs).toBe(256)
    expect(back.value.name).toBe('é ✓')
  })

  it('keeps the order of several arrays, odd lengths and views into larger buffers', () => {
    const big = new Float64Array([1, 2, 3, 4, 5])
    const arrays = [new Float32Array([1.5]), new Uint8Array([1, 2, 3]), new Float64Array(big.buffer, 8, 3), new Int16Array([-7, 9])]
    const back = decodeWire(encodeWire(arrays)) as unknown[]
    expect(back).toEqual([new Float32Array([1.5]), new Uint8Array([1, 2, 3]), new Float64Array([2, 3, 4]), new Int16Array([-7, 9])])
  })

  it('behaves like JSON for everything else', () => {
    const value = { a: [1, 'x', null, { b: false }], n: Number.NaN, u: undefined }
    expect(decodeWire(encodeWire(value))).toEqual(JSON.parse(JSON.stringify(value)))
    expect(decodeWire(encodeWire(undefined))).toBeNull()
  })

  it('refuses truncated or garbage frames with one sentence', () => {
    const frame = encodeWire({ x: new Float32Array(100) })
    expect(() => decodeWire(frame.subarray(0, frame.byteLength - 8))).toThrow('The message is truncated.')
    expect(() => decodeWire(new Uint8Array([1]))).toThrow(/too short/)
    expect(() => decodeWire(new Uint8Array([3, 0, 0, 0, 0x7b, 0x7b, 0x7b]))).toThrow(/not a valid workbench message/)
    const bogusRef = new TextEncoder().encode(JSON.stringify({ v: { $bin: 4 }, b: [] }))
    const withLength = new Uint8Array(4 + bogusRef.byteLength)
    new DataView(withLength.buffer).setUint32(0, bogusRef.byteLength, true)
    withLength.set(bogusRef, 4)
    expect(() => decodeWire(withLength)).toThrow(/binary data it does not carry/)
  })
})
