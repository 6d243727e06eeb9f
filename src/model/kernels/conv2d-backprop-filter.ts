/**
 * `Conv2DBackpropFilter` for the tfjs WebAssembly backend, which ships without it (tfjs 4.22), so
 * that convolutions can be trained there. The filter gradient of a stride-1 convolution is
 * dW[kh, kw, ci, co] = Σ_{b,h,w} xpad[b, h+kh, w+kw, ci] · dy[b, h, w, co]: for each filter tap
 * the shifted input window is sliced out and multiplied with dy by the backend's own `BatchMatMul`.
 * Slicing per tap rather than building the whole im2col matrix at once keeps memory at one input
 * copy: the full patch matrix of the encoder's second layer at batch 64 would need ~670 MB.
 */
import * as tf from '@tensorflow/tfjs'

type TensorInfo = tf.TensorInfo
/** The kernel functions this kernel calls, as the wasm backend registered them. */
type KernelFn = (args: { inputs: Record<string, TensorInfo>; backend: tf.KernelBackend; attrs?: Record<string, unknown> }) => TensorInfo

/** Attributes of the Conv2DBackpropFilter kernel (tfjs-core `Conv2DBackpropFilterAttrs`). */
export interface BackpropFilterAttrs {
  strides: [number, number] | number
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding
  dataFormat: 'NHWC' | 'NCHW'
  dimRoundingMode?: 'floor' | 'round' | 'ceil'
  filterShape: [number, number, number, number]
}

const kernelOf = (name: string, backendName: string): KernelFn => {
  const config = tf.getKernel(name, backendName)
  if (config === undefined) throw new Error(`kernel '${name}' is not registered for backend '${backendName}'`)
  return config.kernelFunc as unknown as KernelFn
}

const pair = (v: [number, number] | number): [number, number] => (typeof v === 'number' ? [v, v] : v)

/** Why these attributes are outside what this kernel implements, or undefined when supported. */
export function unsupportedReason(attrs: BackpropFilterAttrs): string | undefined {
  const [sh, sw] = pair(attrs.strides)
  if (sh !== 1 || sw !== 1) return `strides ${sh}x${sw} (only stride 1 is implemented)`
  if (attrs.dataFormat !== 'NHWC') return `data format ${attrs.dataFormat} (only NHWC is implemented)`
  return undefined
}

/**
 * Builds the kernel function for `backendName`, calling that backend's PadV2, Slice, Reshape,
 * BatchMatMul and Concat kernels directly on tensor infos (not tf ops), so no intermediate tensor
 * reaches the engine's bookkeeping; every intermediate buffer is released here.
 */
export function makeBackpropFilterKernel(backendName: string): tf.KernelFunc {
  const pad = kernelOf('PadV2', backendName)
  const slice = kernelOf('Slice', backendName)
  const reshape = kernelOf('Reshape', backendName)
  const matMul = kernelOf('BatchMatMul', backendName)
  const concat = kernelOf('Concat', backendName)
  const kernel = ({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: tf.KernelBackend; attrs?: tf.NamedAttrMap }): TensorInfo => {
    const a = attrs as unknown as BackpropFilterAttrs
    const x = inputs.x
    const dy = inputs.dy
    if (x === undefined || dy === undefined) throw new Error('Conv2DBackpropFilter needs inputs x and dy')
    const reason = unsupportedReason(a)
    if (reason !== undefined) throw new Error(`Conv2DBackpropFilter on ${backendName}: ${reason} is not supported`)
    const [kh, kw, ci, co] = a.filterShape
    const info = tf.backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number], a.filterShape, 1, 1, a.pad, a.dimRoundingMode, false, 'channelsLast',
    )
    if (info.dilationHeight !== 1 || info.dilationWidth !== 1) throw new Error(`Conv2DBackpropFilter on ${backendName}: dilation is not supported`)
    const { top, bottom, left, right } = info.padInfo
    const [batch] = x.shape as [number, number, number, number]
    const { outHeight, outWidth } = info
    const rows = batch * outHeight * outWidth
    const temps: TensorInfo[] = []
    const keep = (t: TensorInfo): TensorInfo => {
      temps.push(t)
      return t
    }
    try {
      const padded = top + bottom + left + right === 0 ? x
        : keep(pad({ inputs: { x }, backend, attrs: { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 } }))
      const dy3 = keep(reshape({ inputs: { x: dy }, backend, attrs: { shape: [1, rows, co] } }))
      const taps: TensorInfo[] = []
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          const shifted = slice({ inputs: { x: padded }, backend, attrs: { begin: [0, i, j, 0], size: [batch, outHeight, outWidth, ci] } })
          const cols = reshape({ inputs: { x: shifted }, backend, attrs: { shape: [1, rows, ci] } })
          backend.disposeData(shifted.dataId)
          // [1, rows, ci]ᵀ · [1, rows, co] → [1, ci, co]
          taps.push(keep(matMul({ inputs: { a: cols, b: dy3 }, backend, attrs: { transposeA: true, transposeB: false } })))
          backend.disposeData(cols.dataId)
        }
      }
      const stacked = taps.length === 1 ? taps[0] as TensorInfo : keep(concat({ inputs: taps as unknown as Record<string, TensorInfo>, backend, attrs: { axis: 0 } }))
      return reshape({ inputs: { x: stacked }, backend, attrs: { shape: [kh, kw, ci, co] } })
    } finally {
      for (const t of temps) backend.disposeData(t.dataId)
    }
  }
  return kernel as unknown as tf.KernelFunc
}
