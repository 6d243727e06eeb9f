/**
 * Overlap-save FFT convolution for the long 1-D kernels of the encoder (32, 16 and 8 taps), on the
 * tfjs WebAssembly backend. XNNPACK's direct convolution spends K·Ci multiply-adds per output and
 * channel; here each block of N input samples is transformed once per channel, the channel mixing is
 * one complex matrix product per frequency bin (about 4·(N/2+1)/(N−K+1)·Ci per output and channel,
 * 2.7·Ci for K = 32, N = 128), and the outputs are transformed back.
 *
 * Layout: a 'conv1d' here is tfjs's Conv2D on NHWC with height 1 — x [B, 1, Lin, Ci], filter
 * [1, K, Ci, Co], y[b, t, co] = Σ_k Σ_ci xpad[b, t + k, ci]·w[k, ci, co] with xpad[j] = x[j − left].
 * Output block j covers t ∈ [jS, jS + S), S = N − K + 1, and reads xpad[jS, jS + N): the circular
 * correlation of that segment with the zero-padded filter is exact for its first S lags.
 *
 * Per bin f the complex product Y = X·conj(W) is done as ONE real product on the backend's own
 * XNNPACK Conv2D with a 1×1 filter (tfjs 4.22's wasm BatchMatMul is a scalar loop, measured ≈ 100×
 * slower per flop at these shapes):
 *   [Xr | Xi] (M × 2Ci) · [[Wr, −Wi], [Wi, Wr]] (2Ci × 2Co) = [Yr | Yi] (M × 2Co),  M = B·blocks.
 * The filter gradient is the same sum the other way round, dW = Σ_blocks xseg ⋆ dyblk, i.e. per bin
 * G = Σ_m X_m^T·conj(D_m), computed as [Xr; Xi] (2Ci × M) · [Dr | Di] (M × 2Co) and recombined.
 *
 * The transforms are the WebAssembly SIMD FFT of fft-simd.ts (float32, four channels per lane set)
 * on copies of the operands; the products are float32 (relative error ≈ 1e-6 against a direct
 * convolution). Every call on the same shapes does
 * the same arithmetic in the same order, so results do not depend on how a batch is split elsewhere.
 */
import * as tf from '@tensorflow/tfjs'
import { hasHeap, type HeapBackend, type KernelFn } from './backend-kernels.js'
import { fftSimd } from './fft-simd.js'

/** Geometry of one FFT convolution. */
export interface FftConvShape {
  batch: number
  inWidth: number
  outWidth: number
  inChannels: number
  outChannels: number
  kernel: number
  /** Zeros before x (xpad[j] = x[j − left]); any padding after x is implied by outWidth. */
  left: number
  /** Block (transform) size, a power of two > kernel. */
  n: number
}

/** The block size used for a kernel of `k` taps: 4K rounded up to a power of two (measured best of 2K–8K). */
export function blockSizeFor(k: number): number {
  let n = 2
  while (n < 4 * k) n *= 2
  return n
}

type Backend = tf.KernelBackend & HeapBackend
const heap = (backend: Backend, t: tf.TensorInfo): Float32Array => backend.typedArrayFromHeap(t) as Float32Array

/** Runs XNNPACK's 1×1 convolution, i.e. the product a (P × Q) · b (Q × R), both given as [1, 1, rows, cols]. */
function product(conv2d: KernelFn, backend: Backend, a: tf.TensorInfo, b: tf.TensorInfo): tf.TensorInfo {
  return conv2d({ inputs: { x: a, filter: b }, backend, attrs: { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1] } })
}

/** Allocates one [1, 1, rows, cols] float32 buffer per bin. */
function perBin(backend: Backend, bins: number, rows: number, cols: number): tf.TensorInfo[] {
  return Array.from({ length: bins }, () => backend.makeOutput([1, 1, rows, cols], 'float32'))
}

/** Copies bin k's slab (`size` floats at k·size from `from`, a float index into `mem`) into infos[k]. */
function toBins(backend: Backend, infos: tf.TensorInfo[], mem: Float32Array, from: number, size: number): void {
  infos.forEach((t, k) => heap(backend, t).set(mem.subarray(from + k * size, from + (k + 1) * size)))
}

/** Copies infos[k] (`size` floats each) into `mem` at float index from + k·size. */
function fromBins(backend: Backend, infos: tf.TensorInfo[], mem: Float32Array, from: number, size: number): void {
  infos.forEach((t, k) => mem.set(heap(backend, t).subarray(0, size), from + k * size))
}

function release(backend: Backend, infos: tf.TensorInfo[]): void {
  for (const t of infos) backend.disposeData(t.dataId)
  infos.length = 0
}

/** The forward convolution y [B, 1, outWidth, Co] of x [B, 1, inWidth, Ci] with filter [1, K, Ci, Co]. */
export function fftConv1d(conv2d: KernelFn, backend: tf.KernelBackend, x: tf.TensorInfo, filter: tf.TensorInfo, s: FftConvShape): tf.TensorInfo {
  if (!hasHeap(backend)) throw new Error('the FFT convolution needs the WebAssembly backend')
  const { batch, inWidth, outWidth, inChannels: ci, outChannels: co, kernel: kw, left, n } = s
  const stride = n - kw + 1
  const blocks = Math.ceil(outWidth / stride)
  const rows = batch * blocks
  const bins = n / 2 + 1
  const fft = fftSimd()
  const spectra = perBin(backend, bins, rows, 2 * ci)
  const weights = perBin(backend, bins, 2 * ci, 2 * co)
  const mixed: tf.TensorInfo[] = []
  let out: tf.TensorInfo | undefined
  try {
    const [xAt, xsAt, wAt, wsAt] = fft.reserve([batch * inWidth * ci, bins * rows * 2 * ci, kw * ci * co, bins * 2 * ci * co]) as [number, number, number, number]
    let mem = fft.f32()
    mem.set(heap(backend, x), xAt / 4)
    mem.set(heap(backend, filter), wAt / 4)
    fft.blockSpectra(n, xAt, { batch, width: inWidth, channels: ci, stride, blocks, shift: left, limit: n }, xsAt,
      { binStride: rows * 2 * ci, mStride: 2 * ci, cStride: 1, imOffset: ci })
    // Filter taps as one block of a signal with Ci·Co channels (w[k, i, o] is [1, K, Ci·Co]), then
    // laid out per bin as [[Wr, −Wi], [Wi, Wr]] so that one real product gives Y = X·conj(W).
    fft.blockSpectra(n, wAt, { batch: 1, width: kw, channels: ci * co, stride: n, blocks: 1, shift: 0, limit: kw }, wsAt,
      { binStride: 2 * ci * co, mStride: 0, cStride: 1, imOffset: ci * co })
    toBins(backend, spectra, mem, xsAt / 4, rows * 2 * ci)
    weights.forEach((t, k) => {
      const w = heap(backend, t)
      const f = wsAt / 4 + k * 2 * ci * co
      for (let i = 0; i < ci; i++) {
        for (let o = 0; o < co; o++) {
          const re = mem[f + i * co + o] as number
          const im = mem[f + ci * co + i * co + o] as number
          w[i * 2 * co + o] = re
          w[i * 2 * co + co + o] = -im
          w[(ci + i) * 2 * co + o] = im
          w[(ci + i) * 2 * co + co + o] = re
        }
      }
    })
    for (let k = 0; k < bins; k++) {
      mixed.push(product(conv2d, backend, spectra[k] as tf.TensorInfo, weights[k] as tf.TensorInfo))
      // Freed at once: the spectra are the largest buffers, and the weights hold an XNNPACK operator.
      backend.disposeData((spectra[k] as tf.TensorInfo).dataId)
      backend.disposeData((weights[k] as tf.TensorInfo).dataId)
    }
    spectra.length = 0
    weights.length = 0
    out = backend.makeOutput([batch, 1, outWidth, co], 'float32')
    const [ysAt, yAt] = fft.reserve([bins * rows * 2 * co, batch * outWidth * co]) as [number, number]
    mem = fft.f32()
    fromBins(backend, mixed, mem, ysAt / 4, rows * 2 * co)
    fft.inverseBlocks(n, ysAt, { binStride: rows * 2 * co, mStride: 2 * co, cStride: 1, imOffset: co },
      { batch, blocks, channels: co, stride }, yAt, outWidth, stride, 1 / n)
    heap(backend, out).set(mem.subarray(yAt / 4, yAt / 4 + batch * outWidth * co))
    const result = out
    out = undefined
    return result
  } finally {
    release(backend, spectra)
    release(backend, weights)
    release(backend, mixed)
    if (out !== undefined) backend.disposeData(out.dataId)
  }
}

/**
 * The filter gradient dW [1, K, Ci, Co] of that convolution from x [B, 1, inWidth, Ci] and
 * dy [B, 1, outWidth, Co]: dW[k, ci, co] = Σ_{b,t} xpad[b, t + k, ci]·dy[b, t, co].
 */
export function fftConv1dFilterGrad(conv2d: KernelFn, backend: tf.KernelBackend, x: tf.TensorInfo, dy: tf.TensorInfo, s: FftConvShape): tf.TensorInfo {
  if (!hasHeap(backend)) throw new Error('the FFT convolution needs the WebAssembly backend')
  const { batch, inWidth, outWidth, inChannels: ci, outChannels: co, kernel: kw, left, n } = s
  const stride = n - kw + 1
  const blocks = Math.ceil(outWidth / stride)
  const rows = batch * blocks
  const bins = n / 2 + 1
  const fft = fftSimd()
  // x spectra transposed ([Xr; Xi], 2Ci × M) so that they are the product's left operand as they are.
  const xSpectra = perBin(backend, bins, 2 * ci, rows)
  const dySpectra = perBin(backend, bins, rows, 2 * co)
  const sums: tf.TensorInfo[] = []
  let out: tf.TensorInfo | undefined
  try {
    const [xAt, dyAt, xsAt, dsAt] = fft.reserve([batch * inWidth * ci, batch * outWidth * co, bins * 2 * ci * rows, bins * rows * 2 * co]) as
      [number, number, number, number]
    let mem = fft.f32()
    mem.set(heap(backend, x), xAt / 4)
    mem.set(heap(backend, dy), dyAt / 4)
    fft.blockSpectra(n, xAt, { batch, width: inWidth, channels: ci, stride, blocks, shift: left, limit: n }, xsAt,
      { binStride: 2 * ci * rows, mStride: 1, cStride: rows, imOffset: ci * rows })
    // dy blocks hold S samples (zero after), so the circular correlation is exact for lags < K.
    fft.blockSpectra(n, dyAt, { batch, width: outWidth, channels: co, stride, blocks, shift: 0, limit: stride }, dsAt,
      { binStride: rows * 2 * co, mStride: 2 * co, cStride: 1, imOffset: co })
    toBins(backend, xSpectra, mem, xsAt / 4, 2 * ci * rows)
    toBins(backend, dySpectra, mem, dsAt / 4, rows * 2 * co)
    for (let k = 0; k < bins; k++) {
      sums.push(product(conv2d, backend, xSpectra[k] as tf.TensorInfo, dySpectra[k] as tf.TensorInfo))
      backend.disposeData((xSpectra[k] as tf.TensorInfo).dataId)
      backend.disposeData((dySpectra[k] as tf.TensorInfo).dataId)
    }
    xSpectra.length = 0
    dySpectra.length = 0
    out = backend.makeOutput([1, kw, ci, co], 'float32')
    const [gsAt, dwAt] = fft.reserve([bins * 2 * ci * co, kw * ci * co]) as [number, number]
    mem = fft.f32()
    // G = Σ X·conj(D): Re = XrᵀDr + XiᵀDi, Im = XiᵀDr − XrᵀDi, from the four blocks of P = [Xr; Xi]·[Dr | Di].
    const w2 = 2 * co
    sums.forEach((t, k) => {
      const p = heap(backend, t)
      const g = gsAt / 4 + k * 2 * ci * co
      for (let i = 0; i < ci; i++) {
        for (let o = 0; o < co; o++) {
          mem[g + i * co + o] = (p[i * w2 + o] as number) + (p[(ci + i) * w2 + co + o] as number)
          mem[g + ci * co + i * co + o] = (p[(ci + i) * w2 + o] as number) - (p[i * w2 + co + o] as number)
        }
      }
    })
    // Each (ci, co) pair is one channel of a single block whose first K samples are dW[·, ci, co].
    fft.inverseBlocks(n, gsAt, { binStride: 2 * ci * co, mStride: 0, cStride: 1, imOffset: ci * co },
      { batch: 1, blocks: 1, channels: ci * co, stride: n }, dwAt, kw, kw, 1 / n)
    heap(backend, out).set(mem.subarray(dwAt / 4, dwAt / 4 + kw * ci * co))
    const result = out
    out = undefined
    return result
  } finally {
    release(backend, xSpectra)
    release(backend, dySpectra)
    release(backend, sums)
    if (out !== undefined) backend.disposeData(out.dataId)
  }
}
