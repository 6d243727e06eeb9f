import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildEncoder, pooledLength, WINDOW_LENGTH } from './encoder.js'
import { buildPretextModel, PRETEXT_TASKS } from './pretext-model.js'
import {
  buildClassifierHead,
  buildTransferModel,
  CLASSIFIER_DATASETS,
  classifierLogits,
  classifierParamCount,
} from './classifiers.js'

beforeAll(async () => {
  // The plain JavaScript backend: deterministic and always present.
  await tf.setBackend('cpu')
})

/** Output shape of a symbolic tensor without the batch dimension. */
const shapeOf = (t: tf.SymbolicTensor | undefined): (number | null)[] => (t?.shape ?? []).slice(1)

describe('encoder (METHOD §4)', () => {
  it('has the published layer shapes on 2560-sample windows', () => {
    const encoder = buildEncoder()
    const [b1, b2, emb] = encoder.blocks.outputs
    expect(shapeOf(b1)).toEqual([1277, 32])
    expect(shapeOf(b2)).toEqual([635, 64])
    expect(shapeOf(emb)).toEqual([128])
    expect(pooledLength(WINDOW_LENGTH)).toBe(1277)
    expect(encoder.probe.outputs.map(shapeOf)).toEqual([[32], [64], [128]])
    encoder.model.dispose()
  })

  it('has 329 152 parameters alone and 561 223 with the seven heads', () => {
    const pretext = buildPretextModel()
    expect(pretext.encoder.model.countParams()).toBe(329_152)
    expect(pretext.model.countParams()).toBe(561_223)
    // the logits come from the output layers named by their task (saved weights keep `<task>/kernel`)
    expect(pretext.logits.outputNames).toEqual([...PRETEXT_TASKS])
    expect(pretext.model.outputNames).toEqual(PRETEXT_TASKS.map((t) => `${t}_sigmoid`))
    expect(pretext.logits.weights.map((w) => w.originalName)).toEqual(pretext.model.weights.map((w) => w.originalName))
    expect(pretext.model.weights.map((w) => w.originalName)).toContain('time_warp/kernel')
    // No batch norm: every weight is a conv or dense kernel or bias.
    expect(pretext.model.weights.every((w) => /\/(kernel|bias)$/.test(w.originalName))).toBe(true)
    pretext.model.dispose()
  })

  it('gives the heads\u2019 logits beside the probabilities, sharing the weights; the loss on logits stays finite where the sigmoid saturates', () => {
    const pretext = buildPretextModel({ inputLength: 64, seed: 5 })
    tf.tidy(() => {
      const x = tf.randomNormal([4, 64, 1], 0, 1, 'float32', 8)
      const probs = pretext.model.predict(x) as tf.Tensor[]
      const logits = pretext.logits.predict(x) as tf.Tensor[]
      expect(logits).toHaveLength(7)
      for (let i = 0; i < 7; i++) {
        const p = Array.from(probs[i]!.dataSync())
        Array.from(logits[i]!.dataSync()).forEach((z, r) => expect(p[r]).toBeCloseTo(1 / (1 + Math.exp(-z)), 6))
      }
      // Same value as the cross-entropy on probabilities for ordinary logits (mean over rows) …
      const y = tf.tensor2d([[1], [0], [1], [0]])
      const z = tf.tensor2d([[2], [-1], [0.5], [3]])
      expect(tf.losses.sigmoidCrossEntropy(y, z).dataSync()[0]).toBeCloseTo(tf.losses.logLoss(y, tf.sigmoid(z)).dataSync()[0]!, 5)
      // … and exact where float32's sigmoid rounds to 1: a wrong answer at logit 40 costs 40, not a capped 16.
      const wrong = tf.losses.sigmoidCrossEntropy(tf.tensor2d([[0]]), tf.tensor2d([[40]])).dataSync()[0]!
      expect(wrong).toBeCloseTo(40, 4)
      expect(tf.losses.logLoss(tf.tensor2d([[0]]), tf.sigmoid(tf.tensor2d([[40]]))).dataSync()[0]).toBeLessThan(17)
    })
    for (const w of pretext.model.weights) w.dispose()
  })

  it('gives seven outputs in [0, 1] and leaks no tensors', () => {
    const pretext = buildPretextModel({ inputLength: 256, seed: 1 })
    const x = tf.randomNormal([3, 256, 1], 0, 1, 'float32', 7)
    const before = tf.memory().numTensors
    const values = tf.tidy(() => {
      const outs = pretext.model.predict(x) as tf.Tensor[]
      expect(outs).toHaveLength(7)
      return outs.map((o) => {
        expect(o.shape).toEqual([3, 1])
        return Array.from(o.dataSync())
      })
    })
    expect(tf.memory().numTensors).toBe(before)
    for (const v of values.flat()) {
      expect(v).toBeGreaterThanOrEqual(0)
      expect(v).toBeLessThanOrEqual(1)
    }
    // After dispose, the model's own variables are gone too.
    const withModel = tf.memory().numTensors
    const weightCount = pretext.model.weights.length
    x.dispose()
    pretext.model.dispose()
    expect(tf.memory().numTensors).toBe(withModel - 1 - weightCount)
  })

  it('is reproducible from the seed', () => {
    const a = buildEncoder({ inputLength: 64, seed: 5 })
    const b = buildEncoder({ inputLength: 64, seed: 5 })
    const c = buildEncoder({ inputLength: 64, seed: 6 })
    const w = (e: typeof a): number[] => Array.from(e.model.weights[2]?.read().dataSync() ?? [])
    expect(w(a)).toEqual(w(b))
    expect(w(a)).not.toEqual(w(c))
    for (const e of [a, b, c]) e.model.dispose()
  })

  it('probe embeddings are the global maxima over each block\u2019s whole activation sequence, computed independently', () => {
    // 128 samples: block 1 pools to 61 (odd), so block 2's 'valid' pool (size 8, stride 2) reads
    // samples 0…59 and skips the last, as on 2560-sample windows (1277 → the pool reads 0…1275).
    const length = 128
    const encoder = buildEncoder({ inputLength: length, seed: 2 })
    const input = encoder.model.inputs[0]!
    const activations = tf.model({ inputs: input, outputs: ['lrelu1b', 'lrelu2b', 'lrelu3b'].map((n) => encoder.model.getLayer(n).output as tf.SymbolicTensor) })
    /** Plain JS: per sample and channel, the max over all time steps of a [n, len, ch] tensor. */
    const maxOverTime = (t: tf.Tensor): { max: number[]; lastWins: number } => {
      const [n, len, ch] = t.shape as [number, number, number]
      const d = t.dataSync()
      const max: number[] = []
      let lastWins = 0
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < ch; c++) {
          let m = -Infinity
          let at = -1
          for (let k = 0; k < len; k++) {
            const v = d[(i * len + k) * ch + c]!
            if (v > m) [m, at] = [v, k]
          }
          max.push(m)
          if (at === len - 1) lastWins++
        }
      }
      return { max, lastWins }
    }
    tf.tidy(() => {
      const x = tf.randomNormal([2, length, 1], 0, 1, 'float32', 3)
      const [a1, a2, a3] = activations.predict(x) as tf.Tensor[]
      const [p1, p2, p3] = encoder.probe.predict(x) as tf.Tensor[]
      const emb = encoder.model.predict(x) as tf.Tensor
      if (!a1 || !a2 || !a3 || !p1 || !p2 || !p3) throw new Error('missing outputs')
      expect(a2.shape[1]).toBe(61)
      const whole2 = maxOverTime(a2)
      // the test means something: some channels peak at the sample the pool skips
      expect(whole2.lastWins).toBeGreaterThan(0)
      expect(Array.from(p2.dataSync())).toEqual(whole2.max)
      expect(Array.from(p1.dataSync())).toEqual(maxOverTime(a1).max)
      expect(Array.from(p3.dataSync())).toEqual(maxOverTime(a3).max)
      expect(Array.from(p3.dataSync())).toEqual(Array.from(emb.dataSync()))
    })
    encoder.model.dispose()
  })
})

describe('classifiers (METHOD §5)', () => {
  it.each(CLASSIFIER_DATASETS)('%s has the parameter count of its layer sizes', (dataset) => {
    for (const classes of [2, 3, 4]) {
      const head = buildClassifierHead({ dataset, classes })
      expect(head.countParams()).toBe(classifierParamCount({ dataset, classes }))
      head.dispose()
    }
  })

  it('counts match hand arithmetic', () => {
    // SWELL binary: 128·512+512 + 512·512+512 + 512+1.
    expect(classifierParamCount({ dataset: 'SWELL', classes: 2 })).toBe(66_048 + 262_656 + 513)
    // AMIGOS, three classes: one more hidden layer and a 3-unit softmax.
    expect(classifierParamCount({ dataset: 'AMIGOS', classes: 3 })).toBe(66_048 + 2 * 262_656 + 1_539)
    expect(classifierParamCount({ dataset: 'WESAD', classes: 2, inputSize: 32 })).toBe(16_896 + 262_656 + 513)
  })

  it('WESAD\u2019s classifier has no dropout, as the authors\u2019 code (METHOD §5 lists a dropout their code never adds)', () => {
    const head = buildClassifierHead({ dataset: 'WESAD', classes: 3, seed: 2 })
    expect(head.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'Dense', 'Dense', 'Dense', 'Activation'])
    expect(head.layers.map((l) => l.name)).toEqual(['embedding', 'hidden1', 'hidden2', 'output', 'output_activation'])
    head.dispose()
  })

  it('uses sigmoid for two classes and softmax for more', () => {
    const binary = buildClassifierHead({ dataset: 'WESAD', classes: 2, seed: 1 })
    const multi = buildClassifierHead({ dataset: 'DREAMER', classes: 5, seed: 1 })
    tf.tidy(() => {
      const e = tf.randomNormal([4, 128], 0, 1, 'float32', 9)
      const p = binary.predict(e) as tf.Tensor
      expect(p.shape).toEqual([4, 1])
      const q = multi.predict(e) as tf.Tensor
      expect(q.shape).toEqual([4, 5])
      for (const s of q.sum(1).dataSync()) expect(s).toBeCloseTo(1, 5)
    })
    // DREAMER's L2 on each hidden kernel, none on the output.
    expect(['hidden1', 'hidden2', 'hidden3', 'output'].map((n) => multi.getLayer(n).losses.length)).toEqual([1, 1, 1, 0])
    binary.dispose()
    multi.dispose()
  })

  it('gives each head\u2019s and transfer model\u2019s logits, sharing the weights, for the loss', () => {
    const pretext = buildPretextModel({ inputLength: 64, seed: 7 })
    for (const classes of [2, 4]) {
      const head = buildClassifierHead({ dataset: 'SWELL', classes, seed: 7 })
      const transfer = buildTransferModel(pretext.encoder, head)
      for (const [model, input] of [[head, tf.randomNormal([3, 128], 0, 1, 'float32', 1)], [transfer, tf.randomNormal([3, 64, 1], 0, 1, 'float32', 2)]] as const) {
        const logits = classifierLogits(model)
        expect(logits).toBeDefined()
        expect(logits!.trainableWeights.map((w) => w.read())).toEqual(model.trainableWeights.map((w) => w.read()))
        tf.tidy(() => {
          const p = model.predict(input) as tf.Tensor
          const z = logits!.predict(input) as tf.Tensor
          const expected = classes === 2 ? tf.sigmoid(z) : tf.softmax(z)
          Array.from(expected.dataSync()).forEach((v, i) => expect(p.dataSync()[i]).toBeCloseTo(v, 6))
        })
        input.dispose()
      }
      // saved names are unchanged: the logits layer is still `output`
      expect(head.weights.map((w) => w.originalName)).toContain('output/kernel')
      for (const w of head.weights) w.dispose()
    }
    expect(classifierLogits(pretext.model)).toBeUndefined()
    for (const w of pretext.model.weights) w.dispose()
  })

  it('frozen transfer leaves the encoder non-trainable; fine-tuning trains it', () => {
    const pretext = buildPretextModel({ inputLength: 64, seed: 3 })
    const head = buildClassifierHead({ dataset: 'SWELL', classes: 2, seed: 3 })
    const frozen = buildTransferModel(pretext.encoder, head)
    const headWeights = head.trainableWeights.length
    expect(frozen.trainableWeights).toHaveLength(headWeights)
    expect(frozen.nonTrainableWeights).toHaveLength(12)
    expect(pretext.encoder.model.trainableWeights).toHaveLength(0)
    const tuned = buildTransferModel(pretext.encoder, head, { fineTune: true })
    expect(tuned.trainableWeights).toHaveLength(headWeights + 12)
    // Transfer shares the pretext network's encoder weights, not copies.
    expect(tuned.weights.some((w) => w === pretext.encoder.model.weights[0])).toBe(true)
    pretext.model.dispose()
    head.dispose()
  })

  it('a frozen transfer training step changes the head but not the encoder', () => {
    const pretext = buildPretextModel({ inputLength: 64, seed: 4 })
    const head = buildClassifierHead({ dataset: 'WESAD', classes: 2, seed: 4 })
    const model = buildTransferModel(pretext.encoder, head)
    const snapshot = (ws: tf.LayerVariable[]): number[][] => ws.map((w) => Array.from(w.read().dataSync()))
    const enc0 = snapshot(pretext.encoder.model.weights)
    const head0 = snapshot(head.weights)
    const optimizer = tf.train.adam(1e-2)
    tf.tidy(() => {
      const x = tf.randomNormal([4, 64, 1], 0, 1, 'float32', 1)
      const y = tf.tensor2d([[0], [1], [0], [1]])
      optimizer.minimize(() => tf.losses.logLoss(y, model.apply(x, { training: true }) as tf.Tensor))
    })
    expect(snapshot(pretext.encoder.model.weights)).toEqual(enc0)
    expect(snapshot(head.weights)).not.toEqual(head0)
    optimizer.dispose()
    pretext.model.dispose()
    head.dispose()
  })
})
