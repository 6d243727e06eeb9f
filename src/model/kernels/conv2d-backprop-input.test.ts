import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../backend.js'
import { transposedPadding } from './conv2d-backprop-input.js'
import { on, rand, relError } from './kernel-test-support.js'

type Pad = 'same' | 'valid' | tf.backend_util.ExplicitPadding

/** Gradients of Σ conv2d(x, w)² with respect to x and w, on `backend`. */
async function conv2dGrads(backend: string, xShape: number[], wShape: number[], pad: Pad, stride: number, withFilter: boolean): Promise<Float32Array[]> {
  const xs = rand(xShape, 11)
  const ws = rand(wShape, 12)
  return on(backend, () => {
    const x = tf.tensor4d(xs, xShape as [number, number, number, number])
    const w = tf.tensor4d(ws, wShape as [number, number, number, number])
    const loss = (xx: tf.Tensor, ww: tf.Tensor): tf.Scalar => tf.conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, stride, pad).square().sum()
    // Stride 2 has no filter gradient on wasm; the input gradient alone exercises the fallback.
    return withFilter ? tf.grads(loss)([x, w]) : [tf.grad((xx: tf.Tensor) => loss(xx, w))(x)]
  })
}

describe('Conv2DBackpropInput and Conv2DBackpropFilter on wasm, 2-D', () => {
  beforeAll(async () => {
    await selectBackend({ override: 'wasm' })
  })

  const cases: { name: string; x: number[]; w: number[]; pad: Pad }[] = [
    { name: 'same, even kernel', x: [2, 7, 9, 3], w: [3, 4, 3, 5], pad: 'same' },
    { name: 'valid', x: [2, 7, 9, 3], w: [3, 4, 3, 5], pad: 'valid' },
    { name: 'explicit, uneven', x: [1, 6, 8, 2], w: [2, 3, 2, 4], pad: [[0, 0], [1, 0], [0, 2], [0, 0]] },
    { name: '1×1 kernel', x: [3, 5, 5, 4], w: [1, 1, 4, 6], pad: 'same' },
  ]
  for (const c of cases) {
    it(`matches cpu within 1e-5 (${c.name})`, async () => {
      const [gxWasm, gwWasm] = await conv2dGrads('wasm', c.x, c.w, c.pad, 1, true)
      const [gxCpu, gwCpu] = await conv2dGrads('cpu', c.x, c.w, c.pad, 1, true)
      expect(relError(gxWasm!, gxCpu!)).toBeLessThan(1e-5)
      expect(relError(gwWasm!, gwCpu!)).toBeLessThan(1e-5)
    })
  }

  it('falls back to the original kernel for stride 2 and still matches cpu', async () => {
    const [wasm] = await conv2dGrads('wasm', [2, 8, 8, 3], [3, 3, 3, 4], 'same', 2, false)
    const [cpu] = await conv2dGrads('cpu', [2, 8, 8, 3], [3, 3, 3, 4], 'same', 2, false)
    expect(relError(wasm!, cpu!)).toBeLessThan(1e-5)
  })

  it('uses the fast path only where the transposed padding exists', () => {
    const base = { dataFormat: 'NHWC' as const, inputShape: [1, 10, 10, 1] as [number, number, number, number] }
    expect(transposedPadding({ ...base, strides: 1, pad: 'same' }, [1, 32, 1, 1])).toEqual([[0, 0], [0, 0], [16, 15], [0, 0]])
    expect(transposedPadding({ ...base, strides: 1, pad: 'valid' }, [3, 3, 1, 1])).toEqual([[0, 0], [2, 2], [2, 2], [0, 0]])
    expect(transposedPadding({ ...base, strides: [1, 2], pad: 'same' }, [3, 3, 1, 1])).toBeUndefined()
    expect(transposedPadding({ ...base, strides: 1, pad: [[0, 0], [3, 0], [0, 0], [0, 0]] }, [3, 3, 1, 1])).toBeUndefined()
  })

  it('leaves no buffers behind', async () => {
    await tf.setBackend('wasm')
    const before = tf.memory().numTensors
    // Buffers a kernel allocates internally are invisible to tf.memory(); the backend counts them.
    const buffersBefore = tf.backend().numDataIds()
    await conv2dGrads('wasm', [2, 7, 9, 3], [3, 4, 3, 5], 'same', 1, true)
    expect(tf.memory().numTensors).toBe(before)
    expect(tf.backend().numDataIds()).toBe(buffersBefore)
  })
})
