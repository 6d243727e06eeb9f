import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { selectBackend } from './backend.js'
import { runModelBench } from './bench-model.js'

describe('runModelBench', () => {
  it('times train and forward steps on short windows without leaking tensors', async () => {
    await selectBackend({ override: 'wasm' })
    const before = tf.memory().numTensors
    for (const suite of ['train', 'forward'] as const) {
      const r = await runModelBench({ suite, batch: 2, steps: 1, warmup: 1, length: 96 })
      expect(r.suite).toBe(suite)
      expect(r.backend).toBe('wasm')
      expect(r.windows_per_s).toBeGreaterThan(0)
    }
    expect(tf.memory().numTensors).toBe(before)
  })
})
