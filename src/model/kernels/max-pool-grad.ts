/**
 * A correct `MaxPoolGrad` for the tfjs WebAssembly backend. tfjs 4.22's wasm MaxPoolGrad gives
 * wrong input gradients when pooling windows overlap (the encoder's pool of size 8, stride 2):
 * about 25 % relative error against the cpu backend, which silently corrupts the gradients of every
 * layer below a pool. This version routes each output gradient to the first maximum of its window,
 * as the cpu backend does. On the wasm backend it runs in WebAssembly SIMD (wasm/max-pool-grad.ts,
 * four channels at a time; the JavaScript loop below was ≈ 5 % of a pretext step); the JavaScript
 * {@link maxPoolGradValues} is the reference it is tested against and the path for other backends.
 */
import * as tf from '@tensorflow/tfjs'
import { hasHeap, type KernelArgs } from './backend-kernels.js'
import { wasmKernels } from './wasm-kernels.js'

/** Attributes of the MaxPoolGrad kernel (tfjs-core `MaxPoolGradAttrs`). */
interface MaxPoolGradAttrs {
  filterSize: [number, number] | number
  strides: [number, number] | number
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding
  dimRoundingMode?: 'floor' | 'round' | 'ceil'
}

/** The parts of a backend this kernel uses (the wasm backend has both). */
interface ReadWriteBackend {
  readSync: (dataId: tf.DataId) => tf.TypedArray
  write: (values: Float32Array, shape: number[], dtype: tf.DataType) => tf.DataId
}

/**
 * dx for a 2-D max pool over NHWC `input` given the output gradient `dy`, into `dx` (zeroed here).
 * Channels are the innermost loop so every pass reads memory in order; the running maximum of
 * each channel lives in small scratch arrays.
 */
export function maxPoolGradValues(
  x: Float32Array, xShape: [number, number, number, number], dy: Float32Array, attrs: MaxPoolGradAttrs,
  dx: Float32Array = new Float32Array(x.length),
): Float32Array {
  const info = tf.backend_util.computePool2DInfo(xShape, attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode)
  const [batch, inH, inW, ch] = xShape
  const { outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info
  const { top, left } = info.padInfo
  dx.fill(0)
  const best = new Float32Array(ch)
  const bestIndex = new Int32Array(ch)
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * strideHeight - top
      const hStart = Math.max(0, h0)
      const hEnd = Math.min(inH, h0 + filterHeight)
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = ow * strideWidth - left
        const wStart = Math.max(0, w0)
        const wEnd = Math.min(inW, w0 + filterWidth)
        best.fill(-Infinity)
        bestIndex.fill(-1)
        // Rows, then columns, strictly greater: the first maximum in window order, as the cpu backend picks.
        for (let h = hStart; h < hEnd; h++) {
          for (let w = wStart; w < wEnd; w++) {
            const base = ((b * inH + h) * inW + w) * ch
            for (let c = 0; c < ch; c++) {
              const v = x[base + c] as number
              if (v > (best[c] as number)) {
                best[c] = v
                bestIndex[c] = base + c
              }
            }
          }
        }
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * ch
        for (let c = 0; c < ch; c++) {
          const i = bestIndex[c] as number
          if (i >= 0) dx[i] = (dx[i] as number) + (dy[dyBase + c] as number)
        }
      }
    }
  }
  return dx
}

/** The same as {@link maxPoolGradValues}, in the WebAssembly kernel module (operands copied in and out). */
export function maxPoolGradWasm(
  x: Float32Array, xShape: [number, number, number, number], dy: Float32Array, attrs: MaxPoolGradAttrs, dx: Float32Array,
): void {
  const info = tf.backend_util.computePool2DInfo(xShape, attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode)
  const [batch, inH, inW, ch] = xShape
  const wasm = wasmKernels()
  const [xAt, dyAt, dxAt] = wasm.reserve([x.length, dy.length, x.length]) as [number, number, number]
  const mem = wasm.f32()
  mem.set(x, xAt / 4)
  mem.set(dy, dyAt / 4)
  wasm.k.maxPoolGrad(xAt, dyAt, dxAt, batch, inH, inW, ch, info.outHeight, info.outWidth, info.strideHeight, info.strideWidth,
    info.filterHeight, info.filterWidth, info.padInfo.top, info.padInfo.left)
  dx.set(mem.subarray(dxAt / 4, dxAt / 4 + x.length))
}

/** The kernel function: inputs dy, input, output (unused); attrs as {@link MaxPoolGradAttrs}. */
export const maxPoolGradKernel = (({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo => {
  const { dy, input } = inputs
  if (dy === undefined || input === undefined) throw new Error('MaxPoolGrad needs inputs dy and input')
  const shape = input.shape as [number, number, number, number]
  const a = attrs as unknown as MaxPoolGradAttrs
  if (hasHeap(backend)) {
    // Allocate first: growing the heap detaches earlier views of it.
    const out = backend.makeOutput(input.shape, 'float32')
    maxPoolGradWasm(backend.typedArrayFromHeap(input) as Float32Array, shape, backend.typedArrayFromHeap(dy) as Float32Array, a, backend.typedArrayFromHeap(out) as Float32Array)
    return out
  }
  const io = backend as unknown as ReadWriteBackend
  const dx = maxPoolGradValues(io.readSync(input.dataId) as Float32Array, shape, io.readSync(dy.dataId) as Float32Array, a)
  return { dataId: io.write(dx, input.shape, 'float32'), shape: input.shape, dtype: 'float32' }
}) as unknown as tf.KernelFunc
