/**
 * The pretext network trains on tfjs's WebGPU backend through Dawn with the cpu backend's
 * gradients, without leaking tensors or GPU buffers; the guards of webgpu-backend.ts turn
 * Node's silent failures into errors. In CI this runs on Mesa's llvmpipe (OpenGL ES,
 * compatibility mode), about 20× slower than WebAssembly, so the inputs are small.
 */
import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../backend.js'
import { buildPretextModel } from '../pretext-model.js'
import { activeWebgpu, guardWebgpuBackend } from '../webgpu-backend.js'
import { rand, relError } from './kernel-test-support.js'
import { adapterLine, webgpuTestAdapter } from './webgpu-test-support.js'

const found = await webgpuTestAdapter()
if (found.skip !== null) console.warn(`skipping the WebGPU training tests: ${found.skip}`)
else console.info(`WebGPU tests on ${adapterLine(found.adapter)}`)

// llvmpipe is ~20× slower than WebAssembly, and slower still on a loaded 2-core machine.
describe.skipIf(found.skip !== null)('the pretext network on WebGPU (Dawn)', { timeout: 300_000 }, () => {
  beforeAll(async () => {
    const s = await selectBackend({ override: 'webgpu' })
    expect(s.backend).toBe('webgpu')
    expect(s.tfBackend).toBe('webgpu')
    expect(s.device).toMatch(/^(software )?GPU \(WebGPU via Dawn [^:]+: .+\)$/)
    expect(activeWebgpu()?.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 1024 * 1024)
  })

  it('has every gradient of the pretext model equal to cpu within 1e-4 (batch 3)', async () => {
    const len = 96
    await tf.setBackend('cpu')
    const xs = rand([3, len, 1], 3)
    const reference = buildPretextModel({ inputLength: len, seed: 7 }).model
    const weights = reference.getWeights().map((w) => ({ shape: w.shape, data: w.dataSync() as Float32Array }))
    for (const w of reference.weights) w.dispose()
    const grads = async (backend: string): Promise<Array<{ name: string; data: Float32Array }>> => {
      await tf.setBackend(backend)
      const { model } = buildPretextModel({ inputLength: len, seed: 7, l2: 1e-4 })
      // The same starting weights on both backends, whatever their random generators do.
      const values = weights.map((w) => tf.tensor(w.data, w.shape))
      model.setWeights(values)
      tf.dispose(values)
      const x = tf.tensor3d(xs, [3, len, 1])
      const y = tf.tensor2d([[1], [0], [1]])
      const vars = model.trainableWeights.map((w) => w.read() as tf.Variable)
      const { value, grads: g } = tf.variableGrads(() => {
        // inference mode: dropout off, so both backends compute the same function
        const outs = model.predict(x) as tf.Tensor[]
        return tf.addN([...outs.map((o, i) => tf.losses.sigmoidCrossEntropy(y, o).mul(i + 1)), ...model.calculateLosses()]) as tf.Scalar
      }, vars)
      // Asynchronous reads: Node cannot read WebGPU memory synchronously.
      const data: Array<{ name: string; data: Float32Array }> = []
      for (const v of vars) data.push({ name: v.name, data: (await g[v.name]!.data()) as Float32Array })
      tf.dispose([x, y, value, ...Object.values(g)])
      for (const w of model.weights) w.dispose()
      return data
    }
    const webgpu = await grads('webgpu')
    const cpu = await grads('cpu')
    expect(webgpu.length).toBe(cpu.length)
    expect(webgpu.length).toBe(6 * 2 + 7 * 3 * 2)
    const errors = webgpu.map((g, i) => ({ weight: g.name, error: relError(g.data, cpu[i]!.data) }))
    for (const e of errors) expect(e, e.weight).toMatchObject({ error: expect.any(Number) as number })
    expect(errors.filter((e) => !(e.error < 1e-4))).toEqual([])
  })

  it('keeps tensors and GPU buffers flat over 50 training steps', async () => {
    await tf.setBackend('webgpu')
    const len = 64
    const { model } = buildPretextModel({ inputLength: len, seed: 3, l2: 1e-4 })
    const x = tf.tensor3d(rand([2, len, 1], 5), [2, len, 1])
    const ys = model.outputs.map((_, i) => tf.tensor2d([[i % 2], [(i + 1) % 2]]))
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable)
    const adam: tf.Optimizer = tf.train.adam(1e-3)
    const step = async (): Promise<number> => {
      const { value, grads } = tf.variableGrads(() => {
        const outs = model.apply(x, { training: true }) as tf.Tensor[]
        return tf.addN([...outs.map((o, i) => tf.losses.logLoss(ys[i]!, o)), ...model.calculateLosses()]) as tf.Scalar
      }, vars)
      adam.applyGradients(grads)
      const loss = (await value.data())[0]!
      tf.dispose([value, ...Object.values(grads)])
      return loss
    }
    const first = await step()
    for (let i = 0; i < 4; i++) await step()
    const before = tf.memory() as tf.MemoryInfo & { numBytesAllocatedInGPU?: number }
    let last = first
    for (let i = 0; i < 50; i++) last = await step()
    const after = tf.memory() as tf.MemoryInfo & { numBytesAllocatedInGPU?: number }
    expect(after.numTensors).toBe(before.numTensors)
    expect(after.numBytes).toBe(before.numBytes)
    expect(before.numBytesAllocatedInGPU).toBeGreaterThan(0)
    expect(after.numBytesAllocatedInGPU).toBe(before.numBytesAllocatedInGPU)
    // it learns: the loss on this one batch went down
    expect(last).toBeLessThan(first)
    tf.dispose([x, ...ys])
    adam.dispose()
    for (const w of model.weights) w.dispose()
  })

  it('adds 41 tensors (more than a shader may bind) exactly as cpu does', async () => {
    await tf.setBackend('webgpu')
    const values = Array.from({ length: 41 }, (_, i) => rand([3, 5], 20 + i))
    const sum = tf.tidy(() => tf.addN(values.map((v) => tf.tensor2d(v, [3, 5]))))
    const got = (await sum.data()) as Float32Array
    sum.dispose()
    await tf.setBackend('cpu')
    const want = tf.tidy(() => tf.addN(values.map((v) => tf.tensor2d(v, [3, 5]))).dataSync() as Float32Array)
    expect(relError(got, want)).toBeLessThan(1e-6)
  })

  it('refuses synchronous reads of GPU memory with a clear error, and reads asynchronously', async () => {
    await tf.setBackend('webgpu')
    const t = tf.tidy(() => tf.range(0, 2000).mul(2))
    expect(() => t.dataSync()).toThrow(/synchronous read .* on the WebGPU backend: .*use await data\(\)/)
    expect((await t.data())[1999]).toBe(3998)
    // once read, the values are on the CPU too and a synchronous read is fine
    expect(t.dataSync()[3]).toBe(6)
    t.dispose()
  })
})

describe('the WebGPU guards (fake backend)', () => {
  it('refuses a kernel whose tensor exceeds the storage binding limit, and reports device errors at the next read', async () => {
    const ran: string[] = []
    const backend = {
      readSync: (_dataId: object): unknown => new Float32Array(1),
      read: (_dataId: object): Promise<unknown> => Promise.resolve(new Float32Array(1)),
      runWebGPUProgram: (program: { outputShape: number[] }, _inputs: unknown[], _dtype: string) => {
        ran.push(program.outputShape.join('x'))
        return { dataId: {}, shape: program.outputShape, dtype: 'float32' }
      },
      tensorMap: { get: () => ({ values: null, dtype: 'float32' }) },
    }
    const device: { onuncapturederror?: ((e: { error?: { message?: string } }) => void) | null } = {}
    guardWebgpuBackend(backend, device, { maxStorageBufferBindingSize: 1000, maxStorageBuffersPerShaderStage: 4 }, 'Test GPU')
    backend.runWebGPUProgram({ outputShape: [10, 25] }, [{ dataId: {}, shape: [250], dtype: 'float32' }], 'float32')
    expect(ran).toEqual(['10x25'])
    expect(() => backend.runWebGPUProgram({ outputShape: [10, 26] }, [], 'float32')).toThrow(
      'a tensor of shape [10, 26] (0 MB) exceeds the largest storage binding of Test GPU (0 MB); the batch must be computed in smaller passes')
    expect(() => backend.runWebGPUProgram({ outputShape: [1] }, [{ dataId: {}, shape: [251], dtype: 'float32' }], 'float32')).toThrow(/shape \[251\]/)
    expect(() => backend.runWebGPUProgram({ outputShape: [1] }, [1, 2, 3, 4].map(() => ({ dataId: {}, shape: [1], dtype: 'float32' })), 'float32')).toThrow(
      'a kernel with 4 inputs binds more storage buffers than Test GPU allows (4)')
    expect(() => backend.readSync({})).toThrow(/synchronous read/)
    device.onuncapturederror?.({ error: { message: 'Out of memory\nmore' } })
    await expect(backend.read({})).rejects.toThrow('WebGPU on Test GPU reported an error: Out of memory')
    await expect(backend.read({})).resolves.toBeInstanceOf(Float32Array)
  })
})
