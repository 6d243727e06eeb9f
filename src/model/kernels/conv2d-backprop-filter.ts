/**
 * `Conv2DBackpropFilter` for the tfjs WebAssembly backend, which ships without it (tfjs 4.22), so
 * that convolutions can be trained there.
 *
 * The filter gradient of a stride-1 convolution,
 *   dW[kh, kw, ci, co] = Σ_{b,h,w} xpad[b, h+kh, w+kw, ci] · dy[b, h, w, co],
 * is itself a 'valid' convolution: take the padded x with channels as the batch and the batch as
 * channels (X'[ci, H, W, b]) and dy as a filter (F'[outH, outW, b, co]); convolving X' with F'
 * gives [ci, kh, kw, co]. That runs on the backend's own `Conv2D`, which in the wasm backend is
 * XNNPACK's SIMD convolution (≈ 10 GFLOP/s here, against ≈ 1.3 for the earlier per-tap slices
 * multiplied by `BatchMatMul`, whose transposed path is a plain loop). The reduction of that
 * convolution (outH × outW × batch values, 164 k for the encoder's first block at batch 64) is far
 * longer than a forward convolution's, and XNNPACK packs the whole of dy as its "weights"; the
 * work is therefore split along the output width into pieces of about
 * {@link DEFAULT_REDUCTION_CHUNK} values whose partial filters are summed. That bounds the packed
 * copy for any batch; at the encoder's shapes it measured no slower than one piece (smaller pieces
 * were slower: their slices and operator set-ups cost more than cache reuse gains).
 */
import * as tf from '@tensorflow/tfjs'
import { kernelOf, pair, Scratch, type KernelArgs } from './backend-kernels.js'
import { transposeOuterInner } from './heap-ops.js'

/** Attributes of the Conv2DBackpropFilter kernel (tfjs-core `Conv2DBackpropFilterAttrs`). */
export interface BackpropFilterAttrs {
  strides: [number, number] | number
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding
  dataFormat: 'NHWC' | 'NCHW'
  dimRoundingMode?: 'floor' | 'round' | 'ceil'
  filterShape: [number, number, number, number]
}

/** Reduction length (dy values per output channel) of one partial convolution (see the file comment). */
export const DEFAULT_REDUCTION_CHUNK = 65536

/** Why these attributes are outside what this kernel implements, or undefined when supported. */
export function unsupportedReason(attrs: BackpropFilterAttrs): string | undefined {
  const [sh, sw] = pair(attrs.strides)
  if (sh !== 1 || sw !== 1) return `strides ${sh}x${sw} (only stride 1 is implemented)`
  if (attrs.dataFormat !== 'NHWC') return `data format ${attrs.dataFormat} (only NHWC is implemented)`
  return undefined
}

/** Output columns per partial convolution so that each reduces over about `chunk` values. */
export function columnsPerChunk(outHeight: number, outWidth: number, batch: number, chunk: number): number {
  return Math.max(1, Math.min(outWidth, Math.floor(chunk / Math.max(1, outHeight * batch))))
}

/**
 * Builds the kernel function for `backendName` from that backend's Transpose, PadV2, Slice, Add
 * and Conv2D kernels. Every intermediate buffer is released before returning.
 */
export function makeBackpropFilterKernel(backendName: string, options: { reductionChunk?: number } = {}): tf.KernelFunc {
  const chunk = options.reductionChunk ?? DEFAULT_REDUCTION_CHUNK
  const transpose = kernelOf('Transpose', backendName)
  const pad = kernelOf('PadV2', backendName)
  const slice = kernelOf('Slice', backendName)
  const add = kernelOf('Add', backendName)
  const conv2d = kernelOf('Conv2D', backendName)
  const kernel = ({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo => {
    const a = attrs as unknown as BackpropFilterAttrs
    const { x, dy } = inputs
    if (x === undefined || dy === undefined) throw new Error('Conv2DBackpropFilter needs inputs x and dy')
    const reason = unsupportedReason(a)
    if (reason !== undefined) throw new Error(`Conv2DBackpropFilter on ${backendName}: ${reason} is not supported`)
    const [kh, kw, ci, co] = a.filterShape
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], a.filterShape, 1, 1, a.pad, a.dimRoundingMode, false, 'channelsLast',
    )
    const { top, bottom, left, right } = info.padInfo
    const { batchSize, outHeight, outWidth } = info
    const scratch = new Scratch(backend)
    const convValid = (input: tf.TensorInfo, filter: tf.TensorInfo): tf.TensorInfo =>
      conv2d({ inputs: { x: input, filter }, backend, attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] } })
    try {
      // X'[ci, H, W, b], padded as the forward pass was, and F'[outH, outW, b, co]
      const xt = scratch.keep(transposeOuterInner(backend, x) ?? transpose({ inputs: { x }, backend, attrs: { perm: [3, 1, 2, 0] } }))
      const xp = top + bottom + left + right === 0 ? xt
        : scratch.keep(pad({ inputs: { x: xt }, backend, attrs: { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 } }))
      const dyt = scratch.keep(transpose({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } }))
      const [, paddedHeight] = xp.shape as [number, number, number, number]
      const columns = columnsPerChunk(outHeight, outWidth, batchSize, chunk)
      let sum: tf.TensorInfo | undefined
      for (let w0 = 0; w0 < outWidth; w0 += columns) {
        const wc = Math.min(columns, outWidth - w0)
        const whole = wc === outWidth
        // Output columns [w0, w0+wc) read input columns [w0, w0+wc+kw−1) of the padded x.
        const xs = whole ? xp : scratch.keep(slice({ inputs: { x: xp }, backend, attrs: { begin: [0, 0, w0, 0], size: [ci, paddedHeight, wc + kw - 1, batchSize] } }))
        const fs = whole ? dyt : scratch.keep(slice({ inputs: { x: dyt }, backend, attrs: { begin: [0, w0, 0, 0], size: [outHeight, wc, batchSize, co] } }))
        const part = scratch.keep(convValid(xs, fs))
        if (!whole) {
          // Slices are released as soon as used; the partial sums stay small ([ci, kh, kw, co]).
          scratch.releaseOne(xs)
          scratch.releaseOne(fs)
        }
        if (sum === undefined) {
          sum = part
        } else {
          const next = scratch.keep(add({ inputs: { a: sum, b: part }, backend }))
          scratch.releaseOne(sum)
          scratch.releaseOne(part)
          sum = next
        }
      }
      if (sum === undefined) throw new Error(`Conv2DBackpropFilter on ${backendName}: empty output width`)
      const [oci, okh, okw, oco] = sum.shape
      if (oci !== ci || okh !== kh || okw !== kw || oco !== co) {
        throw new Error(`Conv2DBackpropFilter on ${backendName}: got [${sum.shape.join(', ')}] for filter [${a.filterShape.join(', ')}]`)
      }
      return transpose({ inputs: { x: sum }, backend, attrs: { perm: [1, 2, 0, 3] } })
    } finally {
      scratch.release()
    }
  }
  return kernel as unknown as tf.KernelFunc
}
