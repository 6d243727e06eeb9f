import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRESETS } from '../contracts/presets.js'
import { PretextConfig, TransformConfig } from '../contracts/runs.js'
import { selectBackend } from '../model/backend.js'
import { PretextTrainer, type PretextData } from './pretext-trainer.js'

const N = 128
const config = PretextConfig.parse({ ...PRESETS.quick.pretext, batch: 8, learningRate: 3e-3 })
const transforms = TransformConfig.parse({ ...PRESETS.quick.transforms, permutePieces: 8, warpPieces: 5 })

/** Smooth ECG-like windows: a few Gaussian beats on a slow wave, each window its own phase. */
function windows(count: number): Float32Array[] {
  return Array.from({ length: count }, (_, w) => {
    const x = new Float32Array(N)
    for (let i = 0; i < N; i++) {
      const phase = (i + 11 * w) % 40
      x[i] = Math.exp(-((phase - 20) ** 2) / 6) * 3 + 0.3 * Math.sin((2 * Math.PI * (i + w)) / N)
    }
    return x
  })
}

function data(): PretextData {
  const ws = windows(20)
  return { windows: ws, keys: ws.map((_, i) => i), train: [...Array(16).keys()], heldOut: [16, 17, 18, 19] }
}

describe('pretext training (short windows)', () => {
  beforeAll(async () => {
    await selectBackend({ override: 'wasm' })
  })
  afterAll(() => tf.disposeVariables())

  it('records per-task train and held-out metrics, learns, and leaks no tensors', async () => {
    const trainer = new PretextTrainer({ config, transforms, seed: 3, variant: 'full', windowLength: N })
    const d = data()
    const first = await trainer.trainEpoch(d)
    const tensorsAfterFirst = tf.memory().numTensors
    let last = first
    for (let e = 1; e < 6; e++) last = await trainer.trainEpoch(d)
    expect(tf.memory().numTensors).toBe(tensorsAfterFirst)
    expect(first.metrics.train.map((m) => m.task)).toEqual(['original', 'noise', 'scale', 'negate', 'flip', 'permute', 'time_warp'])
    expect(first.metrics.heldOut).toHaveLength(7)
    expect(first.metrics.steps).toBe(2)
    expect(last.metrics.epoch).toBe(5)
    expect(last.metrics.trainLoss).toBeLessThan(first.metrics.trainLoss)
    // negate is the easiest task: its held-out accuracy clears the 6/7 "always no" rate
    const negate = last.metrics.heldOut.find((m) => m.task === 'negate')!
    expect(negate.accuracy).toBeGreaterThan(6 / 7)
    trainer.dispose()
  }, 120_000)

  it('a run resumed from a checkpoint ends exactly as the uninterrupted run', async () => {
    const d = data()
    const straight = new PretextTrainer({ config, transforms, seed: 5, variant: 'full', windowLength: N })
    const epochs = []
    for (let e = 0; e < 3; e++) epochs.push((await straight.trainEpoch(d)).metrics)
    straight.dispose()

    const first = new PretextTrainer({ config, transforms, seed: 5, variant: 'full', windowLength: N })
    const { checkpoint } = await first.trainEpoch(d)
    first.dispose()
    const resumed = new PretextTrainer({ config, transforms, seed: 5, variant: 'full', windowLength: N })
    resumed.resume(checkpoint, 1)
    await resumed.trainEpoch(d)
    const end = (await resumed.trainEpoch(d)).metrics
    resumed.dispose()
    const strip = (m: typeof end) => ({ ...m, seconds: 0 })
    expect(strip(end)).toEqual(strip(epochs[2]!))
  }, 120_000)

  it('drops a transformation: its samples and head are left out', async () => {
    const ablated = PretextConfig.parse({ ...config, dropTasks: ['permute'] })
    const trainer = new PretextTrainer({ config: ablated, transforms, seed: 3, variant: 'without permute', windowLength: N })
    expect(trainer.net.model.outputs).toHaveLength(6)
    const { metrics } = await trainer.trainEpoch(data())
    expect(metrics.train.map((m) => m.task)).not.toContain('permute')
    trainer.dispose()
  }, 120_000)
})
