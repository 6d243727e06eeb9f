/**
 * A fast stride-1 `Conv2DBackpropInput` for the tfjs WebAssembly backend. tfjs 4.22's wasm kernel
 * is a plain scalar loop (≈ 1 GFLOP/s), and was a third of a training step's time. For stride 1 the
 * input gradient is a forward convolution of dy with the filter flipped in space and with its
 * channel axes swapped,
 *   dx[b, h, w, ci] = Σ_{kh,kw,co} dy[b, h + top − kh, w + left − kw, co] · W[kh, kw, ci, co]
 *                   = conv(dy, W'), W'[kh', kw', co, ci] = W[KH−1−kh', KW−1−kw', ci, co],
 * padded by KH−1−top above, KH−1−bottom below (and likewise in width), so it runs on the backend's
 * own XNNPACK `Conv2D`. Other strides, formats and paddings go to the backend's original kernel.
 */
import * as tf from '@tensorflow/tfjs'
import { kernelOf, pair, Scratch, type KernelArgs } from './backend-kernels.js'

/** Attributes of the Conv2DBackpropInput kernel (tfjs-core `Conv2DBackpropInputAttrs`). */
interface BackpropInputAttrs {
  strides: [number, number] | number
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding
  dataFormat: 'NHWC' | 'NCHW'
  dimRoundingMode?: 'floor' | 'round' | 'ceil'
  inputShape: [number, number, number, number]
}

/**
 * The padding of the forward convolution that computes dx, or undefined when these attributes
 * need the original kernel (stride other than 1, NCHW, or a padding at least the filter's size).
 */
export function transposedPadding(attrs: BackpropInputAttrs, filterShape: [number, number, number, number]): tf.backend_util.ExplicitPadding | undefined {
  const [sh, sw] = pair(attrs.strides)
  if (sh !== 1 || sw !== 1 || attrs.dataFormat !== 'NHWC') return undefined
  const info = tf.backend_util.computeConv2DInfo(attrs.inputShape, filterShape, 1, 1, attrs.pad, attrs.dimRoundingMode, false, 'channelsLast')
  const { top, bottom, left, right } = info.padInfo
  const [kh, kw] = filterShape
  const p = [kh - 1 - top, kh - 1 - bottom, kw - 1 - left, kw - 1 - right]
  if (p.some((v) => v < 0)) return undefined
  return [[0, 0], [p[0] ?? 0, p[1] ?? 0], [p[2] ?? 0, p[3] ?? 0], [0, 0]]
}

/**
 * Builds the kernel function for `backendName` from its Reverse, Transpose and Conv2D kernels;
 * `fallback` (the backend's original Conv2DBackpropInput) handles what the fast path does not.
 */
export function makeBackpropInputKernel(backendName: string, fallback: tf.KernelFunc): tf.KernelFunc {
  const reverse = kernelOf('Reverse', backendName)
  const transpose = kernelOf('Transpose', backendName)
  const conv2d = kernelOf('Conv2D', backendName)
  const kernel = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const { inputs, backend, attrs } = args
    const a = attrs as unknown as BackpropInputAttrs
    const { dy, filter } = inputs
    if (dy === undefined || filter === undefined) throw new Error('Conv2DBackpropInput needs inputs dy and filter')
    const padding = transposedPadding(a, filter.shape as [number, number, number, number])
    if (padding === undefined) return fallback(args)
    const scratch = new Scratch(backend)
    try {
      const flipped = scratch.keep(reverse({ inputs: { x: filter }, backend, attrs: { dims: [0, 1] } }))
      const swapped = scratch.keep(transpose({ inputs: { x: flipped }, backend, attrs: { perm: [0, 1, 3, 2] } }))
      const dx = conv2d({
        inputs: { x: dy, filter: swapped }, backend,
        attrs: { strides: [1, 1], pad: padding, dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined },
      })
      if (dx.shape.some((d, i) => d !== a.inputShape[i])) {
        backend.disposeData(dx.dataId)
        throw new Error(`Conv2DBackpropInput on ${backendName}: got [${dx.shape.join(', ')}] for input [${a.inputShape.join(', ')}]`)
      }
      return dx
    } finally {
      // Disposing the swapped filter also frees the XNNPACK operator the conv cached for it.
      scratch.release()
    }
  }
  return kernel as unknown as tf.KernelFunc
}
