import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { beforeAll, describe, expect, it } from 'vitest'
import { selectBackend } from '../backend.js'
import { kernelOf } from './backend-kernels.js'
import { fftConvModeFromEnv, fftShapeFor, makeFftBackpropFilterKernel, makeFftConv2DKernel } from './fft-conv-kernels.js'
import { fftConv1d, fftConv1dFilterGrad } from './fft-conv1d.js'
import { registerWasmTrainingKernels } from './register-wasm-kernels.js'
import { on, rand, relError } from './kernel-test-support.js'

/** Float32 products of spectra: errors of a few 1e-6 of the largest value, well inside 1e-4. */
const TOLERANCE = 1e-4

describe('FFT (overlap-save) convolution on wasm', () => {
  beforeAll(async () => {
    await selectBackend({ override: 'wasm' })
    registerWasmTrainingKernels()
  })

  // The encoder's three kinds of layer (shorter signals), an odd channel count, explicit padding
  // that is not centred, and a 'valid' convolution whose last block is partly empty.
  const cases = [
    { k: 32, cin: 32, cout: 32, len: 300, pad: 'same' as const },
    { k: 16, cin: 32, cout: 64, len: 130, pad: 'same' as const },
    { k: 8, cin: 64, cout: 128, len: 70, pad: 'same' as const },
    { k: 9, cin: 17, cout: 19, len: 53, pad: 'valid' as const },
    { k: 16, cin: 16, cout: 18, len: 40, pad: [[0, 0], [0, 0], [3, 12], [0, 0]] as tf.backend_util.ExplicitPadding },
  ]
  for (const c of cases) {
    it(`forward and filter gradient match cpu for k${c.k} ${c.cin}→${c.cout} pad ${JSON.stringify(c.pad)}`, async () => {
      const xShape: [number, number, number, number] = [3, 1, c.len, c.cin]
      const fShape: [number, number, number, number] = [1, c.k, c.cin, c.cout]
      const xs = rand(xShape, 11)
      const ws = rand(fShape, 12)
      const s = fftShapeFor(xShape, fShape, 1, 1, c.pad, 'NHWC', undefined)
      expect(s).toBeDefined()
      const forward = (): tf.Tensor[] => [tf.conv2d(tf.tensor4d(xs, xShape), tf.tensor4d(ws, fShape), 1, c.pad)]
      const [want] = await on('cpu', forward)
      const dys = rand([3, 1, want!.length / (3 * c.cout), c.cout], 13)
      const dyShape: [number, number, number, number] = [3, 1, want!.length / (3 * c.cout), c.cout]
      const gradient = (): tf.Tensor[] => [tf.engine().runKernel<tf.Tensor>('Conv2DBackpropFilter',
        { x: tf.tensor4d(xs, xShape), dy: tf.tensor4d(dys, dyShape) }, { strides: 1, pad: c.pad, dataFormat: 'NHWC', filterShape: fShape })]
      const [wantDw] = await on('cpu', gradient)

      await tf.setBackend('wasm')
      const backend = tf.backend()
      const conv2d = kernelOf('Conv2D', 'wasm')
      const before = backend.numDataIds()
      const x = tf.tensor4d(xs, xShape)
      const w = tf.tensor4d(ws, fShape)
      const dy = tf.tensor4d(dys, dyShape)
      const read = (info: tf.TensorInfo): Float32Array => {
        const data = (backend as unknown as { readSync: (id: tf.DataId) => Float32Array }).readSync(info.dataId).slice()
        backend.disposeData(info.dataId)
        return data
      }
      const y = fftConv1d(conv2d, backend, x, w, s!)
      expect(y.shape).toEqual([3, 1, dyShape[2], c.cout])
      expect(relError(read(y), want!)).toBeLessThan(TOLERANCE)
      const dw = fftConv1dFilterGrad(conv2d, backend, x, dy, s!)
      expect(dw.shape).toEqual(fShape)
      expect(relError(read(dw), wantDw!)).toBeLessThan(TOLERANCE)
      tf.dispose([x, w, dy])
      // Every spectrum, product and work buffer was released.
      expect(backend.numDataIds()).toBe(before)
    })
  }

  it('qualifies only long 1-D stride-1 NHWC kernels with enough channels', () => {
    const f = (k: number, ci: number, co: number): [number, number, number, number] => [1, k, ci, co]
    expect(fftShapeFor([2, 1, 100, 32], f(32, 32, 32), 1, 1, 'same', 'NHWC', undefined)?.n).toBe(128)
    expect(fftShapeFor([2, 1, 100, 64], f(8, 64, 128), 1, 1, 'same', 'NHWC', undefined)?.n).toBe(32)
    expect(fftShapeFor([2, 1, 100, 1], f(32, 1, 32), 1, 1, 'same', 'NHWC', undefined)).toBeUndefined()
    expect(fftShapeFor([2, 1, 100, 32], f(4, 32, 32), 1, 1, 'same', 'NHWC', undefined)).toBeUndefined()
    expect(fftShapeFor([2, 1, 2000, 32], f(1024, 32, 32), 1, 1, 'valid', 'NHWC', undefined)).toBeUndefined()
    expect(fftShapeFor([2, 1, 100, 32], f(32, 32, 32), [1, 2], 1, 'same', 'NHWC', undefined)).toBeUndefined()
    expect(fftShapeFor([2, 1, 100, 32], f(32, 32, 32), 1, 2, 'same', 'NHWC', undefined)).toBeUndefined()
    expect(fftShapeFor([2, 2, 100, 32], [2, 32, 32, 32], 1, 1, 'same', 'NHWC', undefined)).toBeUndefined()
  })

  it('reads ECG_SSL_FFT_CONV', () => {
    expect(fftConvModeFromEnv(undefined)).toBe('all')
    expect(fftConvModeFromEnv('filter')).toBe('filter')
    expect(fftConvModeFromEnv('0')).toBe('off')
    expect(fftConvModeFromEnv('1')).toBe('all')
    expect(() => fftConvModeFromEnv('yes')).toThrow(/ECG_SSL_FFT_CONV/)
  })

  it('routes qualifying calls to the FFT and the rest to the kernel it replaces', async () => {
    await tf.setBackend('wasm')
    const backend = tf.backend()
    // The FFT path calls the original Conv2D too, but only for its 1×1 per-bin products.
    let fallbacks = 0
    const original = kernelOf('Conv2D', 'wasm')
    const counting = ((args: Parameters<typeof original>[0]) => {
      if (args.inputs.filter?.shape[1] !== 1) fallbacks++
      return original(args)
    }) as unknown as tf.KernelFunc
    const conv = makeFftConv2DKernel(counting)
    const attrs = { strides: [1, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 1] }
    const x = tf.randomNormal([1, 1, 50, 16])
    const long = tf.randomNormal([1, 16, 16, 16])
    const short = tf.randomNormal([1, 3, 16, 16])
    const viaFft = conv({ inputs: { x, filter: long }, backend, attrs }) as tf.TensorInfo
    expect(fallbacks).toBe(0)
    const direct = conv({ inputs: { x, filter: short }, backend, attrs }) as tf.TensorInfo
    expect(fallbacks).toBe(1)
    backend.disposeData(viaFft.dataId)
    backend.disposeData(direct.dataId)
    const filterGrad = makeFftBackpropFilterKernel('wasm', counting)
    const dy = tf.randomNormal([1, 1, 50, 16])
    const viaFftDw = filterGrad({ inputs: { x, dy }, backend, attrs: { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [1, 16, 16, 16] } }) as tf.TensorInfo
    expect(viaFftDw.shape).toEqual([1, 16, 16, 16])
    expect(fallbacks).toBe(1)
    backend.disposeData(viaFftDw.dataId)
    tf.dispose([x, long, short, dy])
  })
})
