import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../backend.js'
import { leadingAxes, makeLeadingSumKernel, swapOuterInner, transposeOuterInner } from './heap-ops.js'
import { on, rand, relError } from './kernel-test-support.js'

describe('heap operations on wasm', () => {
  beforeAll(async () => {
    await selectBackend({ override: 'wasm' })
  })

  it('swaps the first and last axes as tf.transpose does', async () => {
    const shape = [3, 2, 5, 4]
    const xs = rand(shape, 1)
    const [expected] = await on('cpu', () => [tf.transpose(tf.tensor(xs, shape), [3, 1, 2, 0])])
    const dst = new Float32Array(xs.length)
    swapOuterInner(xs, 3, 10, 4, dst)
    expect(Array.from(dst)).toEqual(Array.from(expected!))

    await tf.setBackend('wasm')
    const backend = tf.backend()
    const x = tf.tensor(xs, shape)
    const out = transposeOuterInner(backend, { dataId: x.dataId, shape: x.shape, dtype: x.dtype })
    expect(out?.shape).toEqual([4, 2, 5, 3])
    expect(Array.from(backend.readSync(out!.dataId) as Float32Array)).toEqual(Array.from(expected!))
    backend.disposeData(out!.dataId)
    x.dispose()
  })

  it('recognises reductions over leading axes only', () => {
    expect(leadingAxes([0, 1], 3)).toBe(2)
    expect(leadingAxes([1, 0], 4)).toBe(2)
    expect(leadingAxes(0, 2)).toBe(1)
    expect(leadingAxes([-3, -2], 3)).toBe(2)
    expect(leadingAxes([1], 3)).toBe(0)
    expect(leadingAxes([0, 2], 3)).toBe(0)
    // all axes: the backend's own full reduction
    expect(leadingAxes([0, 1, 2], 3)).toBe(0)
  })

  const sums: { axis: number | number[]; keepDims: boolean; shape: number[] }[] = [
    { axis: [0, 1], keepDims: false, shape: [4, 50, 6] },
    { axis: [1, 0], keepDims: true, shape: [4, 50, 6] },
    { axis: 0, keepDims: false, shape: [7, 3] },
    { axis: [1], keepDims: false, shape: [4, 5, 6] },
    { axis: [0, 1, 2], keepDims: false, shape: [4, 5, 6] },
  ]
  for (const c of sums) {
    it(`sums like cpu over axis ${JSON.stringify(c.axis)} of [${c.shape.join(', ')}]${c.keepDims ? ', keeping dims' : ''}`, async () => {
      const xs = rand(c.shape, 2)
      const f = (): tf.Tensor[] => {
        const s = tf.sum(tf.tensor(xs, c.shape), c.axis, c.keepDims)
        return [s, tf.tensor1d(s.shape)]
      }
      const [wasm, wasmShape] = await on('wasm', f)
      const [cpu, cpuShape] = await on('cpu', f)
      expect(Array.from(wasmShape!)).toEqual(Array.from(cpuShape!))
      expect(relError(wasm!, cpu!)).toBeLessThan(1e-6)
    })
  }

  it('computes leading-axis sums itself and hands everything else to the fallback', async () => {
    await tf.setBackend('wasm')
    const backend = tf.backend()
    const fallbackCalls: unknown[] = []
    const kernel = makeLeadingSumKernel((args: unknown) => {
      fallbackCalls.push(args)
      throw new Error('fallback')
    })
    const x = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2])
    const info = { dataId: x.dataId, shape: x.shape, dtype: x.dtype }
    const out = kernel({ inputs: { x: info }, backend, attrs: { axis: [0, 1], keepDims: false } }) as tf.TensorInfo
    expect(Array.from(backend.readSync(out.dataId) as Float32Array)).toEqual([16, 20])
    backend.disposeData(out.dataId)
    expect(fallbackCalls).toHaveLength(0)
    expect(() => kernel({ inputs: { x: info }, backend, attrs: { axis: [2], keepDims: false } })).toThrow('fallback')
    x.dispose()
  })

  it('leaves int32 sums to the backend', async () => {
    const [wasm] = await on('wasm', () => [tf.sum(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), 0).cast('float32')])
    expect(Array.from(wasm!)).toEqual([4, 6])
  })
})
