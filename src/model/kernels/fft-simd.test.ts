import { describe, expect, it } from 'vitest'
import { fftSimd, type SpectraLayout } from './fft-simd.js'

/** A deterministic signal in [−1, 1). */
function signal(length: number, seed: number): Float32Array {
  let s = seed >>> 0
  return Float32Array.from({ length }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 31 - 1
  })
}

/** Bin k of the DFT of block (b, j) of channel c, directly in double precision: [re, im]. */
function directBin(
  x: Float32Array, width: number, channels: number, n: number, b: number, start: number, limit: number, c: number, k: number,
): [number, number] {
  let re = 0
  let im = 0
  for (let t = 0; t < Math.min(n, limit); t++) {
    const p = start + t
    if (p < 0 || p >= width) continue
    const v = x[(b * width + p) * channels + c] as number
    re += v * Math.cos((2 * Math.PI * k * t) / n)
    im -= v * Math.sin((2 * Math.PI * k * t) / n)
  }
  return [re, im]
}

describe('WebAssembly SIMD FFT transforms', () => {
  // Channel counts that fill lane sets exactly (16), leave the second half empty (3) or partly
  // filled (13); a channel-last layout (cStride 1) and a transposed one (cStride = blocks).
  for (const channels of [3, 13, 16]) {
    for (const transposed of [false, true]) {
      it(`block spectra equal a direct DFT (${channels} channels, ${transposed ? 'transposed' : 'channel-last'} layout)`, () => {
        const fft = fftSimd()
        const n = 32
        const [batch, width, stride, blocks, shift, limit] = [2, 50, 20, 3, 5, 27]
        const rows = batch * blocks
        const bins = n / 2 + 1
        const x = signal(batch * width * channels, 7 + channels)
        const layout: SpectraLayout = transposed
          ? { binStride: 2 * channels * rows, mStride: 1, cStride: rows, imOffset: channels * rows }
          : { binStride: rows * 2 * channels, mStride: 2 * channels, cStride: 1, imOffset: channels }
        const [xAt, sAt] = fft.reserve([x.length, bins * rows * 2 * channels]) as [number, number]
        const mem = fft.f32()
        mem.set(x, xAt / 4)
        mem.fill(NaN, sAt / 4, sAt / 4 + bins * rows * 2 * channels)
        fft.blockSpectra(n, xAt, { batch, width, channels, stride, blocks, shift, limit }, sAt, layout)
        let worst = 0
        for (let b = 0; b < batch; b++) {
          for (let j = 0; j < blocks; j++) {
            const m = b * blocks + j
            for (let c = 0; c < channels; c++) {
              for (let k = 0; k < bins; k++) {
                const [re, im] = directBin(x, width, channels, n, b, j * stride - shift, limit, c, k)
                const at = sAt / 4 + k * layout.binStride + m * layout.mStride + c * layout.cStride
                worst = Math.max(worst, Math.abs((mem[at] as number) - re), Math.abs((mem[at + layout.imOffset] as number) - im))
              }
            }
          }
        }
        // float32 transforms of values in [−1, 1): errors of a few 1e-7 per unit of spectrum.
        expect(worst).toBeLessThan(2e-5)
      })
    }
  }

  it('inverse blocks give the signal back, cut to count and the destination width', () => {
    const fft = fftSimd()
    const n = 64
    const channels = 13
    const [batch, blocks, stride, dstWidth, count] = [2, 3, 40, 110, 40]
    const rows = batch * blocks
    const bins = n / 2 + 1
    const x = signal(batch * dstWidth * channels, 99)
    const layout: SpectraLayout = { binStride: rows * 2 * channels, mStride: 2 * channels, cStride: 1, imOffset: channels }
    const [xAt, sAt, yAt] = fft.reserve([x.length, bins * rows * 2 * channels, x.length]) as [number, number, number]
    const mem = fft.f32()
    mem.set(x, xAt / 4)
    mem.fill(NaN, yAt / 4, yAt / 4 + x.length)
    fft.blockSpectra(n, xAt, { batch, width: dstWidth, channels, stride, blocks, shift: 0, limit: n }, sAt, layout)
    fft.inverseBlocks(n, sAt, layout, { batch, blocks, channels, stride }, yAt, dstWidth, count, 1 / n)
    const y = mem.subarray(yAt / 4, yAt / 4 + x.length)
    let worst = 0
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs((y[i] as number) - (x[i] as number)))
    expect(worst).toBeLessThan(1e-6)
  })

  it('refuses a size that is not a power of two', () => {
    const fft = fftSimd()
    const [at] = fft.reserve([48]) as [number]
    expect(() => fft.blockSpectra(48, at, { batch: 1, width: 1, channels: 1, stride: 1, blocks: 1, shift: 0, limit: 1 }, at,
      { binStride: 1, mStride: 0, cStride: 1, imOffset: 1 })).toThrow(/power of two/)
  })
})
