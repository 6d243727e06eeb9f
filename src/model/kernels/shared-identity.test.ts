import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../backend.js'

describe('Identity on wasm shares the data', () => {
  beforeAll(async () => {
    await selectBackend({ override: 'wasm' })
  })

  it('clones without copying, and a clone outlives its original', () => {
    const backend = tf.backend()
    const x = tf.tensor3d([1, -2, 3, 4.5, 0, -0.25], [1, 3, 2])
    const dataIds = backend.numDataIds()
    const bytes = tf.memory().numBytes
    const y = x.clone()
    expect(backend.numDataIds()).toBe(dataIds) // the same buffer under a second reference
    expect(y.shape).toEqual([1, 3, 2])
    x.dispose()
    expect([...y.dataSync()]).toEqual([1, -2, 3, 4.5, 0, -0.25])
    const z = y.add(1)
    y.dispose()
    expect([...z.dataSync()]).toEqual([2, -1, 4, 5.5, 1, 0.75])
    z.dispose()
    expect(backend.numDataIds()).toBe(dataIds - 1)
    expect(tf.memory().numBytes).toBeLessThan(bytes)
  })

  it('keeps the saved activations of a training step without copies and without leaks', () => {
    const w = tf.variable(tf.tensor2d([[0.5, -1], [2, 0.25]]))
    const x = tf.tensor2d([[1, 2], [3, -4]])
    const before = tf.backend().numDataIds()
    for (let i = 0; i < 3; i++) {
      const { value, grads } = tf.variableGrads(() => tf.leakyRelu(x.matMul(w), 0.2).square().sum<tf.Scalar>(), [w])
      tf.dispose([value, ...Object.values(grads)])
    }
    expect(tf.backend().numDataIds()).toBe(before)
    tf.dispose([w, x])
  })
})
