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
 * The transforms are the radix-2 FFT of fft.ts in double precision on copies; the products are
 * float32 (relative error ≈ 1e-6 against a direct convolution). Every call on the same shapes does
 * the same arithmetic in the same order, so results do not depend on how a batch is split elsewhere.
 */
import * as tf from '@tensorflow/tfjs'
import { hasHeap, type HeapBackend, type KernelFn } from './backend-kernels.js'
import { fftInPlace, fftPlan } from './fft.js'

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

/** Where {@link blockSpectra} writes X_m[bin, c]: dst[bin][m·mStride + c·cStride] (real) and imOffset further (imaginary). */
interface SpectraLayout {
  dst: Float32Array[]
  mStride: number
  cStride: number
  imOffset: number
}

/**
 * Spectra of the blocks of `src` ([B, width, C] on the heap, channel-last): block m = b·blocks + j
 * holds src[b, j·stride + t − shift, c] for t < limit (zero outside the signal and from `limit` on).
 * Two channels share one complex transform; the loops are written out (no callbacks) because they
 * run for every sample of every channel.
 */
function blockSpectra(
  src: Float32Array, batch: number, width: number, channels: number, n: number, stride: number, blocks: number,
  shift: number, limit: number, out: SpectraLayout,
): void {
  const plan = fftPlan(n)
  const { re, im } = plan
  const half = n / 2
  const { dst, mStride, cStride, imOffset } = out
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < blocks; j++) {
      const m = b * blocks + j
      const p0 = j * stride - shift
      // Samples t ∈ [t0, t1) lie inside the signal; the rest of the block is zero.
      const t0 = Math.max(0, -p0)
      const t1 = Math.max(t0, Math.min(limit, width - p0, n))
      for (let c = 0; c < channels; c += 2) {
        const second = c + 1 < channels
        re.fill(0, 0, t0)
        im.fill(0, 0, t0)
        let at = (b * width + p0 + t0) * channels + c
        for (let t = t0; t < t1; t++, at += channels) {
          re[t] = src[at] as number
          im[t] = second ? (src[at + 1] as number) : 0
        }
        re.fill(0, t1)
        im.fill(0, t1)
        fftInPlace(plan, re, im, false)
        const d0 = m * mStride + c * cStride
        for (let k = 0; k <= half; k++) {
          // z = x1 + i·x2: X1[k] = (Z[k] + conj Z[n−k])/2, X2[k] = (Z[k] − conj Z[n−k])/(2i).
          const q = k === 0 ? 0 : n - k
          const zr = re[k] as number
          const zi = im[k] as number
          const cr = re[q] as number
          const cq = im[q] as number
          const row = dst[k] as Float32Array
          row[d0] = 0.5 * (zr + cr)
          row[d0 + imOffset] = 0.5 * (zi - cq)
          if (second) {
            row[d0 + cStride] = 0.5 * (zi + cq)
            row[d0 + cStride + imOffset] = 0.5 * (cr - zr)
          }
        }
      }
    }
  }
}

/**
 * Inverse transforms of Hermitian spectra given at bins 0..n/2, two signals at a time:
 * Y1[k] = (src[k][base], src[k][base + imOffset]), Y2 the same at base + 1 (absent when `second`
 * is false). Leaves n·y1 in the plan's `re` and n·y2 in its `im`.
 */
function inversePair(plan: ReturnType<typeof fftPlan>, src: Float32Array[], base: number, imOffset: number, second: boolean): void {
  const { n, re, im } = plan
  const half = n / 2
  for (let k = 0; k <= half; k++) {
    const row = src[k] as Float32Array
    const y1r = row[base] as number
    const y1i = row[base + imOffset] as number
    const y2r = second ? (row[base + 1] as number) : 0
    const y2i = second ? (row[base + 1 + imOffset] as number) : 0
    re[k] = y1r - y2i
    im[k] = y1i + y2r
    if (k > 0 && k < half) {
      // Bin n−k holds conj(Y1[k]) + i·conj(Y2[k]).
      re[n - k] = y1r + y2i
      im[n - k] = y2r - y1i
    }
  }
  fftInPlace(plan, re, im, true)
}

/** Allocates one [1, 1, rows, cols] float32 buffer per bin. */
function perBin(backend: Backend, bins: number, rows: number, cols: number): tf.TensorInfo[] {
  return Array.from({ length: bins }, () => backend.makeOutput([1, 1, rows, cols], 'float32'))
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
  const spectra = perBin(backend, bins, rows, 2 * ci)
  const weights = perBin(backend, bins, 2 * ci, 2 * co)
  const mixed: tf.TensorInfo[] = []
  let out: tf.TensorInfo | undefined
  try {
    const xs = spectra.map((t) => heap(backend, t))
    const ws = weights.map((t) => heap(backend, t))
    blockSpectra(heap(backend, x), batch, inWidth, ci, n, stride, blocks, left, n, { dst: xs, mStride: 2 * ci, cStride: 1, imOffset: ci })
    // Filter taps as one block of a signal with Ci·Co channels (w[k, i, o] is [1, K, Ci·Co]), then
    // laid out per bin as [[Wr, −Wi], [Wi, Wr]] so that one real product gives Y = X·conj(W).
    const taps = Array.from({ length: bins }, () => new Float32Array(2 * ci * co))
    blockSpectra(heap(backend, filter), 1, kw, ci * co, n, n, 1, 0, kw, { dst: taps, mStride: 0, cStride: 1, imOffset: ci * co })
    for (let k = 0; k < bins; k++) {
      const w = ws[k] as Float32Array
      const f = taps[k] as Float32Array
      for (let i = 0; i < ci; i++) {
        for (let o = 0; o < co; o++) {
          const re = f[i * co + o] as number
          const im = f[ci * co + i * co + o] as number
          w[i * 2 * co + o] = re
          w[i * 2 * co + co + o] = -im
          w[(ci + i) * 2 * co + o] = im
          w[(ci + i) * 2 * co + co + o] = re
        }
      }
    }
    for (let k = 0; k < bins; k++) {
      mixed.push(product(conv2d, backend, spectra[k] as tf.TensorInfo, weights[k] as tf.TensorInfo))
      // Freed at once: the spectra are the largest buffers, and the weights hold an XNNPACK operator.
      backend.disposeData((spectra[k] as tf.TensorInfo).dataId)
      backend.disposeData((weights[k] as tf.TensorInfo).dataId)
    }
    spectra.length = 0
    weights.length = 0
    out = backend.makeOutput([batch, 1, outWidth, co], 'float32')
    const y = heap(backend, out)
    const ys = mixed.map((t) => heap(backend, t))
    const plan = fftPlan(n)
    const scale = 1 / n
    for (let m = 0; m < rows; m++) {
      const b = Math.floor(m / blocks)
      const t0 = (m - b * blocks) * stride
      const count = Math.min(stride, outWidth - t0)
      for (let o = 0; o < co; o += 2) {
        const second = o + 1 < co
        inversePair(plan, ys, m * 2 * co + o, co, second)
        let d = (b * outWidth + t0) * co + o
        for (let t = 0; t < count; t++, d += co) {
          y[d] = (plan.re[t] as number) * scale
          if (second) y[d + 1] = (plan.im[t] as number) * scale
        }
      }
    }
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
  // x spectra transposed ([Xr; Xi], 2Ci × M) so that they are the product's left operand as they are.
  const xSpectra = perBin(backend, bins, 2 * ci, rows)
  const dySpectra = perBin(backend, bins, rows, 2 * co)
  const sums: tf.TensorInfo[] = []
  let out: tf.TensorInfo | undefined
  try {
    const xs = xSpectra.map((t) => heap(backend, t))
    const ds = dySpectra.map((t) => heap(backend, t))
    blockSpectra(heap(backend, x), batch, inWidth, ci, n, stride, blocks, left, n, { dst: xs, mStride: 1, cStride: rows, imOffset: ci * rows })
    // dy blocks hold S samples (zero after), so the circular correlation is exact for lags < K.
    blockSpectra(heap(backend, dy), batch, outWidth, co, n, stride, blocks, 0, stride, { dst: ds, mStride: 2 * co, cStride: 1, imOffset: co })
    for (let k = 0; k < bins; k++) {
      sums.push(product(conv2d, backend, xSpectra[k] as tf.TensorInfo, dySpectra[k] as tf.TensorInfo))
      backend.disposeData((xSpectra[k] as tf.TensorInfo).dataId)
      backend.disposeData((dySpectra[k] as tf.TensorInfo).dataId)
    }
    xSpectra.length = 0
    dySpectra.length = 0
    out = backend.makeOutput([1, kw, ci, co], 'float32')
    const dw = heap(backend, out)
    const ps = sums.map((t) => heap(backend, t))
    // G = Σ X·conj(D): Re = XrᵀDr + XiᵀDi, Im = XiᵀDr − XrᵀDi, from the four blocks of P = [Xr; Xi]·[Dr | Di].
    const w2 = 2 * co
    const gs = Array.from({ length: bins }, () => new Float32Array(2 * ci * co))
    for (let k = 0; k < bins; k++) {
      const p = ps[k] as Float32Array
      const g = gs[k] as Float32Array
      for (let i = 0; i < ci; i++) {
        for (let o = 0; o < co; o++) {
          g[i * co + o] = (p[i * w2 + o] as number) + (p[(ci + i) * w2 + co + o] as number)
          g[ci * co + i * co + o] = (p[(ci + i) * w2 + o] as number) - (p[i * w2 + co + o] as number)
        }
      }
    }
    const plan = fftPlan(n)
    const scale = 1 / n
    for (let i = 0; i < ci; i++) {
      for (let o = 0; o < co; o += 2) {
        const second = o + 1 < co
        inversePair(plan, gs, i * co + o, ci * co, second)
        for (let t = 0; t < kw; t++) {
          const d = (t * ci + i) * co + o
          dw[d] = (plan.re[t] as number) * scale
          if (second) dw[d + 1] = (plan.im[t] as number) * scale
        }
      }
    }
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
