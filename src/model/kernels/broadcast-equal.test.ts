import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../backend.js'
import { broadcastStrides } from './broadcast-equal.js'
import { on, rand, relError } from './kernel-test-support.js'

describe('broadcasting Equal on wasm', () => {
  beforeAll(async () => {
    await selectBackend({ override: 'wasm' })
  })

  it('gives zero strides to broadcast axes', () => {
    expect(broadcastStrides([4, 1, 3], [4, 5, 3])).toEqual([3, 0, 1])
    expect(broadcastStrides([3], [2, 5, 3])).toEqual([0, 0, 1])
    expect(broadcastStrides([2, 5, 3], [2, 5, 3])).toEqual([15, 3, 1])
  })

  const pairs: [number[], number[]][] = [
    [[3, 7, 5], [3, 1, 5]],
    [[3, 1, 5], [3, 7, 5]],
    [[2, 3, 4], [4]],
    [[1, 4], [3, 1]],
    [[2, 3], []],
  ]
  for (const [as, bs] of pairs) {
    it(`matches cpu for [${as.join(', ')}] == [${bs.join(', ')}]`, async () => {
      // Small integers so that many elements compare equal.
      const av = rand(as, 1).map((v) => Math.round(v))
      const bv = rand(bs, 2).map((v) => Math.round(v))
      const f = (): tf.Tensor[] => [tf.equal(tf.tensor(av, as), tf.tensor(bv, bs)).cast('float32')]
      const [wasm] = await on('wasm', f)
      const [cpu] = await on('cpu', f)
      expect(wasm!.length).toBe(cpu!.length)
      expect(Array.from(wasm!)).toEqual(Array.from(cpu!))
      expect(cpu!.some((v) => v === 1) && cpu!.some((v) => v === 0)).toBe(true)
    })
  }

  it('gives the global max-pool gradient of the cpu backend', async () => {
    const xs = rand([3, 20, 6], 3)
    const ws = rand([3, 6], 4)
    const f = (): tf.Tensor[] => [tf.grad((x: tf.Tensor) => x.max(1).mul(tf.tensor2d(ws, [3, 6])).sum())(tf.tensor3d(xs, [3, 20, 6]))]
    const [wasm] = await on('wasm', f)
    const [cpu] = await on('cpu', f)
    expect(relError(wasm!, cpu!)).toBe(0)
  })
})
