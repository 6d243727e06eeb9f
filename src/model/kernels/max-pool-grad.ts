/**
 * A correct `MaxPoolGrad` for the tfjs WebAssembly backend. tfjs 4.22's wasm MaxPoolGrad gives
 * wrong input gradients when pooling windows overlap (the encoder's pool of size 8, stride 2):
 * about 25 % relative error against the cpu backend, which silently corrupts the gradients of every
 * layer below a pool. This version routes each output gradient to the first maximum of its window,
 * as the cpu backend does, in plain JavaScript over the backend's memory (one pass, O(outputs × window)).
 */
import * as tf from '@tensorflow/tfjs'

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

/** dx for a 2-D max pool over NHWC `input` given the output gradient `dy`. */
export function maxPoolGradValues(
  x: Float32Array, xShape: [number, number, number, number], dy: Float32Array, attrs: MaxPoolGradAttrs,
): Float32Array {
  const info = tf.backend_util.computePool2DInfo(xShape, attrs.filterSize, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode)
  const [batch, inH, inW, ch] = xShape
  const { outHeight, outWidth, strideHeight, strideWidth, filterHeight, filterWidth } = info
  const { top, left } = info.padInfo
  const dx = new Float32Array(x.length)
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * strideHeight - top
      const hStart = Math.max(0, h0)
      const hEnd = Math.min(inH, h0 + filterHeight)
      for (let ow = 0; ow < outWidth; ow++) {
        const w0 = ow * strideWidth - left
        const wStart = Math.max(0, w0)
        const wEnd = Math.min(inW, w0 + filterWidth)
        const dyBase = ((b * outHeight + oh) * outWidth + ow) * ch
        for (let c = 0; c < ch; c++) {
          let best = -Infinity
          let bestIndex = -1
          for (let h = hStart; h < hEnd; h++) {
            for (let w = wStart; w < wEnd; w++) {
              const index = ((b * inH + h) * inW + w) * ch + c
              const v = x[index] ?? -Infinity
              if (v > best) {
                best = v
                bestIndex = index
              }
            }
          }
          if (bestIndex >= 0) dx[bestIndex] = (dx[bestIndex] ?? 0) + (dy[dyBase + c] ?? 0)
        }
      }
    }
  }
  return dx
}

/** The kernel function: inputs dy, input, output (unused); attrs as {@link MaxPoolGradAttrs}. */
export const maxPoolGradKernel = (({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): tf.TensorInfo => {
  const { dy, input } = inputs
  if (dy === undefined || input === undefined) throw new Error('MaxPoolGrad needs inputs dy and input')
  const io = backend as unknown as ReadWriteBackend
  const x = io.readSync(input.dataId) as Float32Array
  const g = io.readSync(dy.dataId) as Float32Array
  const dx = maxPoolGradValues(x, input.shape as [number, number, number, number], g, attrs as unknown as MaxPoolGradAttrs)
  return { dataId: io.write(dx, input.shape, 'float32'), shape: input.shape, dtype: 'float32' }
}) as unknown as tf.KernelFunc
