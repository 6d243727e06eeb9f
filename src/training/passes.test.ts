import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PRESETS } from '../contracts/presets.js'
import { PretextConfig, TransformConfig } from '../contracts/runs.js'
import { selectBackend } from '../model/backend.js'
import { buildClassifierHead, buildTransferModel, classifierLogits } from '../model/classifiers.js'
import { buildEncoder } from '../model/encoder.js'
import { buildPretextModel } from '../model/pretext-model.js'
import { DropoutMaskSource, seededDropout } from '../model/seeded-dropout.js'
import { decodeCheckpoint } from './checkpoint.js'
import { fitClassifier, type SupervisedData } from './classifier-trainer.js'
import { accumulatedGradients, passRanges, samplesPerPass } from './passes.js'
import { PretextTrainer, type PretextData } from './pretext-trainer.js'

const N = 96

function windows(count: number): Float32Array[] {
  return Array.from({ length: count }, (_, w) => Float32Array.from({ length: N }, (_, i) => Math.exp(-((((i + 7 * w) % 32) - 16) ** 2) / 5) * 2 + 0.2 * Math.sin(i / 9 + w)))
}

/** Largest |a − b| relative to the largest |b|. */
function relativeDifference(a: Float32Array, b: Float32Array): number {
  let diff = 0
  let scale = 0
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(b[i]! - a[i]!))
    scale = Math.max(scale, Math.abs(b[i]!))
  }
  return scale === 0 ? diff : diff / scale
}

/** Largest relative difference of any weight of two checkpoints. */
function checkpointDifference(a: Uint8Array, b: Uint8Array): number {
  const wa = decodeCheckpoint(a).weights
  return Math.max(...[...decodeCheckpoint(b).weights].map(([name, { values }]) => relativeDifference(wa.get(name)!.values, values)))
}

describe('steps computed in several passes', () => {
  beforeAll(async () => {
    // These tests check the pass bookkeeping (rows, masks, the sum of the passes' gradients), so
    // they run the direct convolutions, whose results split into passes agree to float32 rounding.
    // The FFT convolutions (the default, src/model/kernels/fft-conv1d.ts) carry ≈ 1e-6 relative
    // error from the transforms' cancellation; split differently, those differences decide the
    // sign of Adam's first steps on near-zero gradients and the weights drift apart by ≈ 4e-2 in
    // six steps. That is rounding, not a bookkeeping fault: their gradients are checked against
    // the cpu backend (fft-conv1d.test.ts), and a run's passes never depend on its workers
    // (data-parallel.test.ts). Registration reads the switch once, when wasm is first selected.
    process.env.ECG_SSL_FFT_CONV = '0'
    await selectBackend({ override: 'wasm' })
  })
  afterAll(() => tf.disposeVariables())

  it('splits a batch into ranges of at most the pass size, and bounds passes by backend', () => {
    expect(passRanges(10, 4)).toEqual([[0, 4], [4, 8], [8, 10]])
    expect(passRanges(3, 64)).toEqual([[0, 3]])
    expect(() => passRanges(3, 0)).toThrow(RangeError)
    // the paper's 896-sample pretext step never goes through WebAssembly in one pass
    expect(samplesPerPass('wasm')).toBeLessThan(896)
    expect(samplesPerPass('cpu')).toBeLessThan(896)
  })

  it('gradients summed over passes equal the whole batch\'s, dropout masks included', () => {
    const dropout = new DropoutMaskSource(3)
    const { model } = buildPretextModel({ inputLength: N, seed: 3, l2: 1e-4, dropout: 0.6, dropoutLayer: seededDropout(dropout) })
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable)
    const total = 11
    const x = tf.tensor3d(Float32Array.from(windows(total).flatMap((w) => [...w])), [total, N, 1])
    const y = tf.tensor2d(Float32Array.from({ length: total }, (_, i) => i % 2), [total, 1])
    const gradients = (perPass: number): Float32Array[] => {
      dropout.step = 5
      const { value, grads } = accumulatedGradients(variables, total, perPass, (start, end, share, first) => {
        dropout.rowOffset = start
        const outs = model.apply(x.slice([start, 0, 0], [end - start, -1, -1]), { training: true }) as tf.Tensor[]
        const terms = outs.map((p) => tf.losses.logLoss(y.slice([start, 0], [end - start, 1]), p).mul(share))
        return tf.addN([...terms, ...(first ? model.calculateLosses() : [])]) as tf.Scalar
      })
      dropout.rowOffset = 0
      const out = variables.map((v) => grads[v.name]!.dataSync() as Float32Array)
      tf.dispose([value, ...Object.values(grads)])
      return out
    }
    const whole = gradients(total)
    const before = tf.memory().numTensors
    const inPasses = gradients(4)
    expect(tf.memory().numTensors).toBe(before)
    whole.forEach((g, i) => expect(relativeDifference(inPasses[i]!, g)).toBeLessThan(1e-4))
    // without the mask offsets the passes would drop other units: the gradients would differ
    const shifted = (() => {
      const original = dropout.mask.bind(dropout)
      dropout.mask = (layer, size, rate) => original(layer, size, rate, 0)
      try {
        return gradients(4)
      } finally {
        dropout.mask = original
      }
    })()
    expect(Math.max(...whole.map((g, i) => relativeDifference(shifted[i]!, g)))).toBeGreaterThan(1e-2)
    tf.dispose([x, y])
    model.dispose()
  })

  it('pretext trainer: passes see the same training-mode outputs, and train the same weights without dropout', async () => {
    const transforms = TransformConfig.parse({ ...PRESETS.quick.transforms, permutePieces: 6, warpPieces: 4 })
    const ws = windows(12)
    const run = async (dropout: number, epochs: number, perPass: number): Promise<{ checkpoint: Uint8Array; loss: number }> => {
      const config = PretextConfig.parse({ ...PRESETS.quick.pretext, batch: 4, learningRate: 3e-3, dropout })
      const data: PretextData = { windows: ws, keys: ws.map((_, i) => i), train: epochs === 1 ? [0, 1, 2, 3] : [...Array(10).keys()], heldOut: [10, 11] }
      const trainer = new PretextTrainer({ config, transforms, seed: 4, variant: 'full', windowLength: N, samplesPerPass: perPass })
      let last = await trainer.trainEpoch(data)
      for (let e = 1; e < epochs; e++) last = await trainer.trainEpoch(data)
      trainer.dispose()
      return { checkpoint: last.checkpoint, loss: last.metrics.trainLoss }
    }
    // one step (4 windows × 7 variants = 28 samples): its loss comes from the training-mode outputs,
    // dropout on, so equal losses mean every pass used its rows' part of the masks
    expect((await run(0.6, 1, 5)).loss).toBeCloseTo((await run(0.6, 1, 1000)).loss, 6)
    const whole = await run(0, 2, 1000)
    const before = tf.memory().numTensors
    const inPasses = await run(0, 2, 5)
    expect(tf.memory().numTensors).toBe(before)
    expect(checkpointDifference(inPasses.checkpoint, whole.checkpoint)).toBeLessThan(1e-4)
  }, 120_000)

  it('end to end: a classifier steps over windows in passes of at most the pass size', async () => {
    const ws = windows(10)
    const x = new Float32Array(10 * N)
    ws.forEach((w, i) => x.set(w, i * N))
    const data: SupervisedData = { x, width: N, y: Int32Array.from({ length: 10 }, (_, i) => i % 2), windows: true }
    const dropout = new DropoutMaskSource(9)
    const head = buildClassifierHead({ dataset: 'AMIGOS', classes: 2, seed: 9, dropoutLayer: seededDropout(dropout) })
    const model = buildTransferModel(buildEncoder({ inputLength: N, seed: 9 }), head, { fineTune: true })
    const rows: number[] = []
    // the loss is computed on the model's logits view (same weights), so count its passes
    const logits = classifierLogits(model)!
    const apply = logits.apply.bind(logits)
    logits.apply = ((inputs, kwargs) => {
      rows.push((inputs as tf.Tensor).shape[0])
      return apply(inputs, kwargs)
    })
    const start = model.getWeights().map((w) => w.dataSync().slice())
    const steps = await fitClassifier(data, { model, classes: 2, train: [...Array(10).keys()], epochs: 2, batch: 10, learningRate: 1e-3, seed: 9, dropout, samplesPerPass: 3 })
    expect(steps).toBe(2)
    // balancedPasses(10, 3): 4 passes of at most 3, sizes differing by at most one
    expect(rows).toEqual([2, 3, 2, 3, 2, 3, 2, 3])
    expect(model.getWeights().some((w, i) => relativeDifference(w.dataSync() as Float32Array, start[i] as Float32Array) > 0)).toBe(true)
    model.dispose()
  }, 120_000)
})
