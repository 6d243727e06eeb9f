// AssemblyScript source of the FFT transforms behind the wasm FFT convolutions
// (src/model/kernels/fft-conv1d.ts). Compiled with the other wasm/*.ts by scripts/build-wasm.mjs into
// src/model/kernels/wasm-kernels.generated.ts; src/model/kernels/wasm-kernels.test.ts fails when the
// generated module is older than these files.
//
// Why WebAssembly and not JavaScript: the transforms were the larger half of a pretext step on the
// wasm backend (profile in README, issue 8); here one transform runs on four signals at once (one
// per SIMD lane, float32), and the block gather/scatter runs without bounds checks.
//
// The signals are channels of channel-last tensors, so four neighbouring channels are one 16-byte
// load. Eight channels share one complex transform: channels c..c+3 as the real part and c+4..c+7
// as the imaginary part (the two-real-signals trick), split apart afterwards.
//
// A plan for size n (a power of two ≥ 4) at address `plan`, written by the JavaScript side
// (src/model/kernels/fft-simd.ts) because the twiddles are computed there in double precision:
//   rev  u32[n]       bit-reversal permutation         at plan
//   cos  f32[n/2]     cos(2πk/n)                       at plan + 4n
//   sin  f32[n/2]     sin(2πk/n)                       at plan + 6n
//   re   v128[n]      work array (4 lanes)             at plan + 8n
//   im   v128[n]      work array                       at plan + 24n       (40n bytes in all)
// `plan` must be 16-byte aligned. All other pointers are byte addresses of float32 arrays; strides
// and offsets are counted in floats.

@inline function reAt(plan: usize, n: i32, i: i32): usize {
  return plan + (<usize>n << 3) + (<usize>i << 4)
}

@inline function imAt(plan: usize, n: i32, i: i32): usize {
  return plan + (<usize>n << 3) + (<usize>n << 4) + (<usize>i << 4)
}

/** In-place radix-2 DIT transform of the plan's work arrays; minus sign forward, plus when inverse, unscaled. */
function transform(plan: usize, n: i32, inverse: bool): void {
  for (let i = 0; i < n; i++) {
    const j = <i32>load<u32>(plan + (<usize>i << 2))
    if (j > i) {
      const ri = v128.load(reAt(plan, n, i))
      v128.store(reAt(plan, n, i), v128.load(reAt(plan, n, j)))
      v128.store(reAt(plan, n, j), ri)
      const ii = v128.load(imAt(plan, n, i))
      v128.store(imAt(plan, n, i), v128.load(imAt(plan, n, j)))
      v128.store(imAt(plan, n, j), ii)
    }
  }
  const cosT = plan + (<usize>n << 2)
  const sinT = cosT + (<usize>n << 1)
  const sign: f32 = inverse ? 1 : -1
  for (let size = 2; size <= n; size <<= 1) {
    const half = size >> 1
    const step = n / size
    // j = 0: the twiddle is 1, no multiplications.
    for (let a = 0; a < n; a += size) {
      const pa = reAt(plan, n, a)
      const pb = reAt(plan, n, a + half)
      const qa = imAt(plan, n, a)
      const qb = imAt(plan, n, a + half)
      const ar = v128.load(pa)
      const br = v128.load(pb)
      const ai = v128.load(qa)
      const bi = v128.load(qb)
      v128.store(pa, f32x4.add(ar, br))
      v128.store(pb, f32x4.sub(ar, br))
      v128.store(qa, f32x4.add(ai, bi))
      v128.store(qb, f32x4.sub(ai, bi))
    }
    for (let j = 1; j < half; j++) {
      const wr = f32x4.splat(load<f32>(cosT + (<usize>(j * step) << 2)))
      const wi = f32x4.splat(sign * load<f32>(sinT + (<usize>(j * step) << 2)))
      for (let a = j; a < n; a += size) {
        const pa = reAt(plan, n, a)
        const pb = reAt(plan, n, a + half)
        const qa = imAt(plan, n, a)
        const qb = imAt(plan, n, a + half)
        const br = v128.load(pb)
        const bi = v128.load(qb)
        const tr = f32x4.sub(f32x4.mul(wr, br), f32x4.mul(wi, bi))
        const ti = f32x4.add(f32x4.mul(wr, bi), f32x4.mul(wi, br))
        const ar = v128.load(pa)
        const ai = v128.load(qa)
        v128.store(pb, f32x4.sub(ar, tr))
        v128.store(qb, f32x4.sub(ai, ti))
        v128.store(pa, f32x4.add(ar, tr))
        v128.store(qa, f32x4.add(ai, ti))
      }
    }
  }
}

/** Four floats at `ptr`, `stride` floats apart, of which only the first `valid` exist (the rest read as 0). */
@inline function gather(ptr: usize, stride: i32, valid: i32): v128 {
  if (valid >= 4 && stride == 1) return v128.load(ptr)
  let v = f32x4.splat(0)
  if (valid > 0) v = f32x4.replace_lane(v, 0, load<f32>(ptr))
  if (valid > 1) v = f32x4.replace_lane(v, 1, load<f32>(ptr + (<usize>stride << 2)))
  if (valid > 2) v = f32x4.replace_lane(v, 2, load<f32>(ptr + (<usize>(2 * stride) << 2)))
  if (valid > 3) v = f32x4.replace_lane(v, 3, load<f32>(ptr + (<usize>(3 * stride) << 2)))
  return v
}

/** Stores the first `valid` lanes of v at `ptr`, `stride` floats apart. */
@inline function scatter(ptr: usize, stride: i32, valid: i32, v: v128): void {
  if (valid >= 4 && stride == 1) {
    v128.store(ptr, v)
    return
  }
  if (valid > 0) store<f32>(ptr, f32x4.extract_lane(v, 0))
  if (valid > 1) store<f32>(ptr + (<usize>stride << 2), f32x4.extract_lane(v, 1))
  if (valid > 2) store<f32>(ptr + (<usize>(2 * stride) << 2), f32x4.extract_lane(v, 2))
  if (valid > 3) store<f32>(ptr + (<usize>(3 * stride) << 2), f32x4.extract_lane(v, 3))
}

/**
 * Spectra (bins 0..n/2) of the blocks of src [batch, width, channels]: block m = b·blocks + j holds
 * src[b, j·stride + t − shift, c] for t < limit (zero outside the signal and from `limit` on).
 * Bin k of channel c of block m goes to dst[k·binStride + m·mStride + c·cStride] (real part) and
 * `imOffset` floats further (imaginary part).
 */
export function blockSpectra(
  plan: usize, n: i32, src: usize, batch: i32, width: i32, channels: i32, stride: i32, blocks: i32, shift: i32, limit: i32,
  dst: usize, binStride: i32, mStride: i32, cStride: i32, imOffset: i32,
): void {
  const half = n >> 1
  const zero = f32x4.splat(0)
  const halfV = f32x4.splat(0.5)
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < blocks; j++) {
      const m = b * blocks + j
      const p0 = j * stride - shift
      let t0 = -p0
      if (t0 < 0) t0 = 0
      let t1 = limit
      if (width - p0 < t1) t1 = width - p0
      if (n < t1) t1 = n
      if (t1 < t0) t1 = t0
      for (let c = 0; c < channels; c += 8) {
        const validRe = channels - c
        const validIm = channels - c - 4
        for (let t = 0; t < t0; t++) {
          v128.store(reAt(plan, n, t), zero)
          v128.store(imAt(plan, n, t), zero)
        }
        let at = src + (<usize>((b * width + p0 + t0) * channels + c) << 2)
        const rowBytes = <usize>channels << 2
        for (let t = t0; t < t1; t++, at += rowBytes) {
          v128.store(reAt(plan, n, t), gather(at, 1, validRe))
          v128.store(imAt(plan, n, t), gather(at + 16, 1, validIm))
        }
        for (let t = t1; t < n; t++) {
          v128.store(reAt(plan, n, t), zero)
          v128.store(imAt(plan, n, t), zero)
        }
        transform(plan, n, false)
        const d0 = dst + (<usize>(m * mStride + c * cStride) << 2)
        const d4 = d0 + (<usize>(4 * cStride) << 2)
        const imBytes = <usize>imOffset << 2
        for (let k = 0; k <= half; k++) {
          // z = x1 + i·x2: X1[k] = (Z[k] + conj Z[n−k])/2, X2[k] = (Z[k] − conj Z[n−k])/(2i).
          const q = k == 0 ? 0 : n - k
          const zr = v128.load(reAt(plan, n, k))
          const zi = v128.load(imAt(plan, n, k))
          const cr = v128.load(reAt(plan, n, q))
          const ci = v128.load(imAt(plan, n, q))
          const bin = <usize>(k * binStride) << 2
          scatter(d0 + bin, cStride, validRe, f32x4.mul(halfV, f32x4.add(zr, cr)))
          scatter(d0 + bin + imBytes, cStride, validRe, f32x4.mul(halfV, f32x4.sub(zi, ci)))
          if (validIm > 0) {
            scatter(d4 + bin, cStride, validIm, f32x4.mul(halfV, f32x4.add(zi, ci)))
            scatter(d4 + bin + imBytes, cStride, validIm, f32x4.mul(halfV, f32x4.sub(cr, zr)))
          }
        }
      }
    }
  }
}

/**
 * The inverse of {@link blockSpectra} for Hermitian spectra: for block m = b·blocks + j, the
 * spectrum of channel c at bin k is src[k·binStride + m·mStride + c·cStride] (+ imOffset: imaginary);
 * its first `count` samples, times `scale`, go to dst[b, j·stride + t, c] of dst [batch, dstWidth,
 * channels] (as many as fit before dstWidth).
 */
export function inverseBlocks(
  plan: usize, n: i32, src: usize, batch: i32, blocks: i32, channels: i32, binStride: i32, mStride: i32, cStride: i32, imOffset: i32,
  dst: usize, dstWidth: i32, stride: i32, count: i32, scale: f32,
): void {
  const half = n >> 1
  const scaleV = f32x4.splat(scale)
  const imBytes = <usize>imOffset << 2
  for (let b = 0; b < batch; b++) {
    for (let j = 0; j < blocks; j++) {
      const m = b * blocks + j
      const t0 = j * stride
      let limit = dstWidth - t0
      if (count < limit) limit = count
      for (let c = 0; c < channels; c += 8) {
        const validRe = channels - c
        const validIm = channels - c - 4
        const s0 = src + (<usize>(m * mStride + c * cStride) << 2)
        const s4 = s0 + (<usize>(4 * cStride) << 2)
        for (let k = 0; k <= half; k++) {
          const bin = <usize>(k * binStride) << 2
          const y1r = gather(s0 + bin, cStride, validRe)
          const y1i = gather(s0 + bin + imBytes, cStride, validRe)
          const y2r = gather(s4 + bin, cStride, validIm)
          const y2i = gather(s4 + bin + imBytes, cStride, validIm)
          v128.store(reAt(plan, n, k), f32x4.sub(y1r, y2i))
          v128.store(imAt(plan, n, k), f32x4.add(y1i, y2r))
          if (k > 0 && k < half) {
            // Bin n−k holds conj(Y1[k]) + i·conj(Y2[k]).
            v128.store(reAt(plan, n, n - k), f32x4.add(y1r, y2i))
            v128.store(imAt(plan, n, n - k), f32x4.sub(y2r, y1i))
          }
        }
        transform(plan, n, true)
        let at = dst + (<usize>((b * dstWidth + t0) * channels + c) << 2)
        const rowBytes = <usize>channels << 2
        for (let t = 0; t < limit; t++, at += rowBytes) {
          scatter(at, 1, validRe, f32x4.mul(scaleV, v128.load(reAt(plan, n, t))))
          if (validIm > 0) scatter(at + 16, 1, validIm, f32x4.mul(scaleV, v128.load(imAt(plan, n, t))))
        }
      }
    }
  }
}
