// AssemblyScript source of the wasm backend's MaxPoolGrad (src/model/kernels/max-pool-grad.ts; the
// JavaScript there is the reference and the fallback without a heap). Compiled with wasm/fft.ts into
// one module by scripts/build-wasm.mjs.
//
// Why here: the JavaScript loop was about 5 % of a pretext step (issue 8's profile); channel-last
// tensors let four channels be compared and selected at once. Same rule as the reference: each
// output gradient goes to the first maximum of its window in window order (rows, then columns,
// strictly greater), so the results are identical.

/**
 * dx (zeroed here) of a max pool over x [batch, inH, inW, ch] from dy [batch, outH, outW, ch];
 * window (oh, ow) covers rows oh·strideH − top + [0, filterH) and columns ow·strideW − left +
 * [0, filterW), clipped to the input.
 */
export function maxPoolGrad(
  x: usize, dy: usize, dx: usize, batch: i32, inH: i32, inW: i32, ch: i32, outH: i32, outW: i32,
  strideH: i32, strideW: i32, filterH: i32, filterW: i32, top: i32, left: i32,
): void {
  memory.fill(dx, 0, <usize>batch * inH * inW * ch * 4)
  const vectorCh = ch & ~3
  for (let b = 0; b < batch; b++) {
    for (let oh = 0; oh < outH; oh++) {
      const h0 = oh * strideH - top
      const hStart = max(0, h0)
      const hEnd = min(inH, h0 + filterH)
      for (let ow = 0; ow < outW; ow++) {
        const w0 = ow * strideW - left
        const wStart = max(0, w0)
        const wEnd = min(inW, w0 + filterW)
        const dyBase = ((b * outH + oh) * outW + ow) * ch
        // Four channels at a time: the running maximum and its element index in two vectors.
        for (let c = 0; c < vectorCh; c += 4) {
          let top4 = f32x4.splat(-Infinity)
          let at4 = i32x4.splat(-1)
          for (let h = hStart; h < hEnd; h++) {
            for (let w = wStart; w < wEnd; w++) {
              const i = ((b * inH + h) * inW + w) * ch + c
              const v = v128.load(x + (<usize>i << 2))
              const greater = f32x4.gt(v, top4)
              top4 = v128.bitselect(v, top4, greater)
              at4 = v128.bitselect(i32x4.add(i32x4.splat(i), i32x4(0, 1, 2, 3)), at4, greater)
            }
          }
          const g = v128.load(dy + (<usize>(dyBase + c) << 2))
          addAt(dx, i32x4.extract_lane(at4, 0), f32x4.extract_lane(g, 0))
          addAt(dx, i32x4.extract_lane(at4, 1), f32x4.extract_lane(g, 1))
          addAt(dx, i32x4.extract_lane(at4, 2), f32x4.extract_lane(g, 2))
          addAt(dx, i32x4.extract_lane(at4, 3), f32x4.extract_lane(g, 3))
        }
        // The remaining channels one by one.
        for (let c = vectorCh; c < ch; c++) {
          let top1: f32 = -Infinity
          let at1 = -1
          for (let h = hStart; h < hEnd; h++) {
            for (let w = wStart; w < wEnd; w++) {
              const i = ((b * inH + h) * inW + w) * ch + c
              const v = load<f32>(x + (<usize>i << 2))
              if (v > top1) {
                top1 = v
                at1 = i
              }
            }
          }
          addAt(dx, at1, load<f32>(dy + (<usize>(dyBase + c) << 2)))
        }
      }
    }
  }
}

@inline function addAt(dx: usize, i: i32, g: f32): void {
  if (i >= 0) {
    const p = dx + (<usize>i << 2)
    store<f32>(p, load<f32>(p) + g)
  }
}
