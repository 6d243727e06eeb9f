import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../backend.js'
import { buildPretextModel } from '../pretext-model.js'
import { columnsPerChunk, makeBackpropFilterKernel } from './conv2d-backprop-filter.js'
import { registerWasmTrainingKernels } from './register-wasm-kernels.js'
import { on, rand, relError } from './kernel-test-support.js'

describe('Conv2DBackpropFilter on wasm', () => {
  beforeAll(async () => {
    await selectBackend({ override: 'wasm' })
    registerWasmTrainingKernels()
  })

  const cases = [
    { k: 32, cin: 1, cout: 32, len: 96, pad: 'same' as const },
    { k: 16, cin: 32, cout: 64, len: 64, pad: 'same' as const },
    { k: 8, cin: 64, cout: 128, len: 40, pad: 'same' as const },
    { k: 8, cin: 4, cout: 8, len: 30, pad: 'valid' as const },
  ]
  for (const c of cases) {
    it(`matches cpu for conv1d k${c.k} ${c.cin}→${c.cout} ${c.pad}`, async () => {
      const xs = rand([3, c.len, c.cin], 1)
      const ws = rand([c.k, c.cin, c.cout], 2)
      const step = (): tf.Tensor[] => {
        const x = tf.tensor3d(xs, [3, c.len, c.cin])
        const w = tf.tensor3d(ws, [c.k, c.cin, c.cout])
        const g = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.conv1d(xx as tf.Tensor3D, ww as tf.Tensor3D, 1, c.pad).square().sum())
        return g([x, w])
      }
      const [gxWasm, gwWasm] = await on('wasm', step)
      const [gxCpu, gwCpu] = await on('cpu', step)
      expect(relError(gwWasm!, gwCpu!)).toBeLessThan(1e-5)
      expect(relError(gxWasm!, gxCpu!)).toBeLessThan(1e-5)
    })
  }

  it('splits long reductions into column chunks and sums them exactly as one piece would', async () => {
    expect(columnsPerChunk(1, 2560, 64, 65536)).toBe(1024)
    expect(columnsPerChunk(1, 100, 64, 65536)).toBe(100)
    expect(columnsPerChunk(3, 100, 1000, 10)).toBe(1)
    const xShape: [number, number, number, number] = [3, 2, 41, 4]
    const dyShape: [number, number, number, number] = [3, 2, 41, 5]
    const xs = rand(xShape, 6)
    const dys = rand(dyShape, 7)
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [2, 7, 4, 5] }
    const run = (): tf.Tensor[] => [tf.engine().runKernel<tf.Tensor>('Conv2DBackpropFilter', { x: tf.tensor4d(xs, xShape), dy: tf.tensor4d(dys, dyShape) }, attrs)]
    const [cpu] = await on('cpu', run)
    await tf.setBackend('wasm')
    // Chunks of 6 values: 1 output column per piece (41 pieces, the last input slice at the right padding).
    const kernel = makeBackpropFilterKernel('wasm', { reductionChunk: 6 })
    const backend = tf.backend()
    const before = backend.numDataIds()
    const x = tf.tensor4d(xs, xShape)
    const dy = tf.tensor4d(dys, dyShape)
    const out = kernel({ inputs: { x, dy }, backend, attrs }) as tf.TensorInfo
    expect(out.shape).toEqual([2, 7, 4, 5])
    const chunked = (backend as unknown as { readSync: (id: tf.DataId) => Float32Array }).readSync(out.dataId)
    backend.disposeData(out.dataId)
    tf.dispose([x, dy])
    // Every slice, partial sum and transpose inside the kernel was released.
    expect(backend.numDataIds()).toBe(before)
    expect(relError(chunked, cpu!)).toBeLessThan(1e-5)
  })

  it('MaxPoolGrad matches cpu for overlapping windows (pool 8, stride 2)', async () => {
    const xs = rand([2, 40, 1, 32], 4)
    const ws = rand([2, 17, 1, 32], 5)
    const step = (): tf.Tensor[] => {
      const w = tf.tensor4d(ws, [2, 17, 1, 32])
      return [tf.grad((x: tf.Tensor) => tf.maxPool(x as tf.Tensor4D, [8, 1], [2, 1], 'valid').mul(w).sum())(tf.tensor4d(xs, [2, 40, 1, 32]))]
    }
    const [wasm] = await on('wasm', step)
    const [cpu] = await on('cpu', step)
    expect(relError(wasm!, cpu!)).toBeLessThan(1e-6)
  })

  it('throws a clear error for strides other than 1', async () => {
    await tf.setBackend('wasm')
    const x = tf.ones([1, 1, 16, 2])
    const dy = tf.ones([1, 1, 8, 3])
    const attrs: tf.NamedAttrMap = { strides: [1, 2], pad: 'same', dataFormat: 'NHWC', filterShape: [1, 3, 2, 3] }
    expect(() => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs)).toThrow(/stride 1/)
    tf.dispose([x, dy])
  })

  it('trains the pretext model on wasm with cpu-equal gradients and no leaks', async () => {
    const len = 96
    const xs = rand([2, len, 1], 3)
    await tf.setBackend('cpu')
    const reference = buildPretextModel({ inputLength: len, seed: 7 }).model
    const weights = reference.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync() as Float32Array }))
    reference.dispose()
    const grads = async (backend: string): Promise<Float32Array[]> => {
      await tf.setBackend(backend)
      const { model } = buildPretextModel({ inputLength: len, seed: 7 })
      // The same starting weights on both backends, whatever their random generators do.
      const values = weights.map((w) => tf.tensor(w.data, w.shape))
      model.setWeights(values)
      tf.dispose(values)
      const x = tf.tensor3d(xs, [2, len, 1])
      const y = tf.tensor2d([[1], [0]])
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable)
      const { grads: g } = tf.variableGrads(() => {
        // inference mode: dropout off, so both backends compute the same function
        const outs = model.predict(x) as tf.Tensor[]
        return tf.addN(outs.map((o) => tf.losses.sigmoidCrossEntropy(y, o)))
      }, vars)
      // Variable names carry per-model suffixes, so match gradients by the model's weight order.
      const data = vars.map((v) => g[v.name]!.dataSync() as Float32Array)
      tf.dispose([x, y, ...Object.values(g)])
      model.dispose()
      return data
    }
    const wasm = await grads('wasm')
    const cpu = await grads('cpu')
    expect(wasm.length).toBe(cpu.length)
    wasm.forEach((g, i) => expect(relError(g, cpu[i]!)).toBeLessThan(1e-4))

    await tf.setBackend('wasm')
    const { model } = buildPretextModel({ inputLength: len, seed: 7 })
    model.compile({ optimizer: tf.train.adam(1e-3), loss: 'binaryCrossentropy' })
    const x = tf.tensor3d(xs, [2, len, 1])
    const ys = model.outputs.map(() => tf.tensor2d([[1], [0]]))
    await model.trainOnBatch(x, ys)
    const before = tf.memory().numTensors
    for (let i = 0; i < 3; i++) await model.trainOnBatch(x, ys)
    expect(tf.memory().numTensors).toBe(before)
    tf.dispose([x, ...ys])
    model.dispose()
  })
})
