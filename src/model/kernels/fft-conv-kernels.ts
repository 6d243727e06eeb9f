/**
 * The wasm kernels that route the encoder's long 1-D convolutions through the overlap-save FFT
 * convolution of fft-conv1d.ts: `Conv2DBackpropFilter` and the forward `Conv2D` (through it also the
 * input gradient, which conv2d-backprop-input.ts runs as a forward convolution). With the transforms
 * in WebAssembly SIMD a whole pretext step takes half the CPU time of the direct path (42.3 → 21.0
 * CPU-s for the bench's warm-up and 3 steps, ECG_SSL_FFT_CONV=0 vs on, 2026-12-07; README,
 * "Training on every core"). A call qualifies when it is a 1-D convolution (height 1),
 * stride 1, dilation 1, NHWC, float32, with a kernel of {@link MIN_TAPS}–{@link MAX_TAPS} taps and at
 * least {@link MIN_CHANNELS} input and output channels; anything else goes to the kernel it replaces.
 * Whether a call qualifies depends only on its shapes, so a run's results stay the same whatever
 * the number of workers (each pass has the same shapes).
 */
import * as tf from '@tensorflow/tfjs'
import { hasHeap, kernelOf, pair, type KernelArgs, type KernelFn } from './backend-kernels.js'
import { blockSizeFor, fftConv1d, fftConv1dFilterGrad, type FftConvShape } from './fft-conv1d.js'

/** Shortest kernel worth transforming (8 taps still gains on the filter gradient; see the file comment). */
export const MIN_TAPS = 8
/** Longest kernel: longer ones (the chunked filter-gradient convolutions) gain nothing from blocks of 4K. */
export const MAX_TAPS = 64
/** Fewest channels on either side: with one input channel (the encoder's first layer) there is no mixing to save. */
export const MIN_CHANNELS = 16

/** Which convolutions use the FFT: none, the filter gradient only, or the forward convolution too (default). */
export type FftConvMode = 'off' | 'filter' | 'all'

/** The mode from the environment variable ECG_SSL_FFT_CONV ('0' off, 'filter', '1' or 'all'); default 'all'. */
export function fftConvModeFromEnv(value: string | undefined): FftConvMode {
  if (value === undefined || value === '' || value === '1' || value === 'all') return 'all'
  if (value === '0' || value === 'off') return 'off'
  if (value === 'filter') return 'filter'
  throw new Error(`ECG_SSL_FFT_CONV must be 0, filter or 1 (got '${value}')`)
}

type Padding = 'valid' | 'same' | number | tf.backend_util.ExplicitPadding

/**
 * The FFT geometry of a convolution of x (NHWC) with a filter of `filterShape`, or undefined when
 * it does not qualify (see the file comment).
 */
export function fftShapeFor(
  xShape: number[], filterShape: [number, number, number, number], strides: [number, number] | number,
  dilations: [number, number] | number, pad: Padding, dataFormat: string, dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined,
): FftConvShape | undefined {
  const [sh, sw] = pair(strides)
  const [dh, dw] = pair(dilations)
  if (sh !== 1 || sw !== 1 || dh !== 1 || dw !== 1 || dataFormat !== 'NHWC' || xShape.length !== 4) return undefined
  const [batch, height, inWidth, inChannels] = xShape as [number, number, number, number]
  const [kh, kernel, ci, outChannels] = filterShape
  if (height !== 1 || kh !== 1 || ci !== inChannels) return undefined
  if (kernel < MIN_TAPS || kernel > MAX_TAPS || inChannels < MIN_CHANNELS || outChannels < MIN_CHANNELS) return undefined
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number], filterShape, 1, 1, pad, dimRoundingMode, false, 'channelsLast',
  )
  if (info.padInfo.top !== 0 || info.padInfo.bottom !== 0 || info.outHeight !== 1 || info.outWidth < 1) return undefined
  return { batch, inWidth, outWidth: info.outWidth, inChannels, outChannels, kernel, left: info.padInfo.left, n: blockSizeFor(kernel) }
}

interface ConvAttrs {
  strides: [number, number] | number
  pad: Padding
  dataFormat: 'NHWC' | 'NCHW'
  dilations: [number, number] | number
  dimRoundingMode?: 'floor' | 'round' | 'ceil'
}

interface FilterGradAttrs {
  strides: [number, number] | number
  pad: Padding
  dataFormat: 'NHWC' | 'NCHW'
  dimRoundingMode?: 'floor' | 'round' | 'ceil'
  filterShape: [number, number, number, number]
}

/**
 * `Conv2D` through the FFT where it qualifies, else `fallback` (the backend's own Conv2D, which also
 * does the per-bin products).
 */
export function makeFftConv2DKernel(fallback: tf.KernelFunc): tf.KernelFunc {
  const conv2d = fallback as unknown as KernelFn
  const kernel = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const { inputs, backend, attrs } = args
    const a = attrs as unknown as ConvAttrs
    const { x, filter } = inputs
    if (x === undefined || filter === undefined) throw new Error('Conv2D needs inputs x and filter')
    const s = x.dtype === 'float32' && filter.dtype === 'float32' && hasHeap(backend)
      ? fftShapeFor(x.shape, filter.shape as [number, number, number, number], a.strides, a.dilations, a.pad, a.dataFormat, a.dimRoundingMode)
      : undefined
    return s === undefined ? fallback(args) : fftConv1d(conv2d, backend, x, filter, s)
  }
  return kernel as unknown as tf.KernelFunc
}

/** `Conv2DBackpropFilter` through the FFT where it qualifies, else `fallback`. */
export function makeFftBackpropFilterKernel(backendName: string, fallback: tf.KernelFunc): tf.KernelFunc {
  const conv2d = kernelOf('Conv2D', backendName)
  const kernel = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const { inputs, backend, attrs } = args
    const a = attrs as unknown as FilterGradAttrs
    const { x, dy } = inputs
    if (x === undefined || dy === undefined) throw new Error('Conv2DBackpropFilter needs inputs x and dy')
    const s = x.dtype === 'float32' && dy.dtype === 'float32' && hasHeap(backend)
      ? fftShapeFor(x.shape, a.filterShape, a.strides, 1, a.pad, a.dataFormat, a.dimRoundingMode)
      : undefined
    if (s === undefined || dy.shape[2] !== s.outWidth) return fallback(args)
    return fftConv1dFilterGrad(conv2d, backend, x, dy, s)
  }
  return kernel as unknown as tf.KernelFunc
}
