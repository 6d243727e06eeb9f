import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRESETS } from '../contracts/presets.js'
import { PretextConfig, TransformConfig } from '../contracts/runs.js'
import { selectBackend } from '../model/backend.js'
import { balancedPasses, shareOut } from './passes.js'
import { PretextTrainer, type PretextData } from './pretext-trainer.js'

const N = 128
// batch 16: 112 samples in 6 passes, so 1, 2 and 3 workers all share real work
const config = PretextConfig.parse({ ...PRESETS.quick.pretext, batch: 16, learningRate: 3e-3 })
const transforms = TransformConfig.parse({ ...PRESETS.quick.transforms, permutePieces: 8, warpPieces: 5 })

function data(): PretextData {
  const windows = Array.from({ length: 20 }, (_, w) => {
    const x = new Float32Array(N)
    for (let i = 0; i < N; i++) x[i] = Math.exp(-((((i + 13 * w) % 37) - 18) ** 2) / 5) * 2 + 0.2 * Math.cos(i / (3 + w))
    return x
  })
  return { windows, keys: windows.map((_, i) => 100 + i), train: [...Array(16).keys()], heldOut: [16, 17, 18, 19] }
}

async function trainWith(workers: number): Promise<{ weights: Float32Array[]; metrics: unknown }> {
  const trainer = new PretextTrainer({ config, transforms, seed: 11, variant: 'full', windowLength: N, workers: () => workers, backend: 'wasm' })
  try {
    await trainer.trainEpoch(data())
    const { metrics } = await trainer.trainEpoch(data())
    const weights = trainer.net.model.weights.map((w) => w.read().dataSync() as Float32Array)
    return { weights, metrics: { ...metrics, seconds: 0 } }
  } finally {
    trainer.dispose()
  }
}

describe('pass layout', () => {
  it('is balanced, fixed by the batch alone, and never cuts passes below 16 samples for balance', () => {
    expect(balancedPasses(896, 64)).toHaveLength(48)
    expect(balancedPasses(448, 64)).toHaveLength(24)
    expect(balancedPasses(112, 64)).toHaveLength(6)
    expect(balancedPasses(56, 64)).toHaveLength(2)
    expect(balancedPasses(5, 64)).toEqual([[0, 5]])
    // no multiple fits above the passes needed: as few as the pass size allows
    expect(balancedPasses(1000, 10)).toHaveLength(100)
    expect(balancedPasses(20, 64)).toHaveLength(1)
    const passes = balancedPasses(896, 64)
    const sizes = passes.map(([a, b]) => b - a)
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
    expect(passes[0]![0]).toBe(0)
    expect(passes.at(-1)![1]).toBe(896)
    for (const workers of [1, 2, 3, 4, 6, 8, 12, 16]) {
      const shares = shareOut(passes, workers)
      expect(new Set(shares.map((s) => s.length)).size).toBe(1)
      expect(shares.flat()).toEqual(passes)
    }
    expect(shareOut([1, 2, 3], 5).flat()).toEqual([1, 2, 3])
  })
})

describe('data-parallel pretext training', () => {
  beforeAll(async () => {
    await selectBackend({ override: 'wasm' })
  })
  afterAll(() => tf.disposeVariables())

  it('gives bit-identical weights and metrics with 1, 2 or 3 workers, and learns', async () => {
    const tensors = tf.memory().numTensors
    const one = await trainWith(1)
    const two = await trainWith(2)
    const three = await trainWith(3)
    expect(tf.memory().numTensors).toBe(tensors)
    expect(two.weights).toEqual(one.weights)
    expect(three.weights).toEqual(one.weights)
    expect(two.metrics).toEqual(one.metrics)
    expect(three.metrics).toEqual(one.metrics)
    // not trivially equal: the weights moved away from their initial values
    const fresh = new PretextTrainer({ config, transforms, seed: 11, variant: 'full', windowLength: N })
    const initial = fresh.net.model.weights.map((w) => w.read().dataSync() as Float32Array)
    fresh.dispose()
    expect(one.weights).not.toEqual(initial)
  }, 180_000)

  it('a failing worker fails the step with its sentence', async () => {
    const trainer = new PretextTrainer({ config, transforms, seed: 11, variant: 'full', windowLength: N, workers: () => 2, backend: 'cpu' })
    // Sabotage: the worker's replica gets weights of the wrong size.
    const weights = (trainer as unknown as { passes: { weights: () => Promise<Float32Array[]> } }).passes
    weights.weights = () => Promise.resolve([new Float32Array(3)])
    await expect(trainer.trainEpoch(data())).rejects.toThrow(/data-parallel training worker failed/)
    trainer.dispose()
  }, 120_000)
})

describe('data-parallel end-to-end classifier training (fine-tune, baseline)', () => {
  beforeAll(async () => {
    await selectBackend({ override: 'wasm' })
  })

  async function fitWith(workers: number, classes: number): Promise<Float32Array[]> {
    const { buildClassifierSpecModel } = await import('./classifier-passes.js')
    const { fitClassifier } = await import('./classifier-trainer.js')
    const { DropoutMaskSource } = await import('../model/seeded-dropout.js')
    const spec = { inputLength: N, seed: 21, shape: 'AMIGOS' as const, classes }
    const dropout = new DropoutMaskSource(spec.seed)
    const model = buildClassifierSpecModel(spec, dropout)
    const windows = data().windows
    const x = new Float32Array(windows.length * N)
    windows.forEach((w, i) => x.set(w, i * N))
    const y = Int32Array.from(windows, (_, i) => i % classes)
    try {
      await fitClassifier({ x, width: N, y, windows: true }, {
        model, classes, train: [...windows.keys()], epochs: 2, batch: 16, learningRate: 1e-3, seed: spec.seed, dropout,
        dataParallel: { backend: 'wasm', workers: () => workers, spec },
      })
      return model.trainableWeights.map((w) => w.read().dataSync() as Float32Array)
    } finally {
      for (const w of model.weights) w.dispose()
    }
  }

  it('gives bit-identical weights with 1, 2 or 3 workers, for two classes and for three', async () => {
    for (const classes of [2, 3]) {
      const one = await fitWith(1, classes)
      expect(await fitWith(2, classes)).toEqual(one)
      expect(await fitWith(3, classes)).toEqual(one)
    }
  }, 240_000)
})

describe('cancelling a data-parallel step', () => {
  beforeAll(async () => {
    await selectBackend({ override: 'wasm' })
  })

  it('stops between passes and stops the worker threads mid-share', async () => {
    const { CancelledError } = await import('../common/input-error.js')
    const controller = new AbortController()
    const trainer = new PretextTrainer({ config, transforms, seed: 11, variant: 'full', windowLength: N, workers: () => 2, backend: 'wasm', signal: controller.signal })
    const internals = trainer as unknown as { passes: { run: (job: unknown, signal?: AbortSignal) => Promise<unknown> }; pool?: { size: number } }
    const run = internals.passes.run.bind(internals.passes)
    // the cancel arrives while the trainer computes its own share of the first step
    internals.passes.run = (job, signal) => {
      setImmediate(() => controller.abort())
      return run(job, signal)
    }
    await expect(trainer.trainEpoch(data())).rejects.toBeInstanceOf(CancelledError)
    expect(internals.pool?.size).toBe(0)
    trainer.dispose()
  }, 120_000)
})
