import { execFileSync } from 'node:child_process'
import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { maxPoolGradValues, maxPoolGradWasm } from './max-pool-grad.js'

/** Values on a coarse grid (many ties inside a pool window), a few NaN and −∞. */
function grid(length: number, seed: number): Float32Array {
  let s = seed >>> 0
  return Float32Array.from({ length }, (_, i) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    if (i % 97 === 5) return NaN
    if (i % 89 === 7) return -Infinity
    return Math.floor((s / 2 ** 32) * 6) - 3
  })
}

describe('the AssemblyScript training kernels (wasm/*.ts)', () => {
  it('are the module that wasm/*.ts compile to', () => {
    // Exits 1 with a sentence when src/model/kernels/wasm-kernels.generated.ts is stale.
    execFileSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { stdio: 'pipe' })
  }, 60_000)

  // The encoder's pool (1×8, stride 2, same) on a channel count with a tail (4k + 3), a valid 2-D
  // pool with overlapping windows, and one channel.
  const cases = [
    { shape: [2, 1, 41, 11] as [number, number, number, number], attrs: { filterSize: [1, 8] as [number, number], strides: [1, 2] as [number, number], pad: 'same' as const } },
    { shape: [1, 6, 7, 8] as [number, number, number, number], attrs: { filterSize: [3, 3] as [number, number], strides: [1, 2] as [number, number], pad: 'valid' as const } },
    { shape: [3, 1, 20, 1] as [number, number, number, number], attrs: { filterSize: [1, 4] as [number, number], strides: [1, 1] as [number, number], pad: 'same' as const } },
  ]
  for (const c of cases) {
    it(`MaxPoolGrad equals the JavaScript reference bit for bit (${c.shape.join('×')}, ${c.attrs.pad})`, () => {
      const x = grid(c.shape.reduce((p, n) => p * n, 1), 3)
      const info = tf.backend_util.computePool2DInfo(c.shape, c.attrs.filterSize, c.attrs.strides, 1, c.attrs.pad)
      const outCount = c.shape[0] * info.outHeight * info.outWidth * c.shape[3]
      const dy = Float32Array.from({ length: outCount }, (_, i) => ((i * 7919) % 101) / 17 - 3)
      const want = maxPoolGradValues(x, c.shape, dy, c.attrs)
      const got = new Float32Array(x.length).fill(NaN)
      maxPoolGradWasm(x, c.shape, dy, c.attrs, got)
      expect(Array.from(got)).toEqual(Array.from(want))
      expect(want.some((v) => v !== 0)).toBe(true)
    })
  }
})

