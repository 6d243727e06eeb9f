/**
 * Two data movements the wasm backend does slowly, done in JavaScript directly on its heap:
 * swapping the first and last axes of a tensor (the filter gradient's x [b, h, w, ci] → [ci, h, w, b];
 * tfjs 4.22's generic wasm transpose takes ≈ 90 ms for the encoder's first block at batch 64, this
 * ≈ 30 ms) and summing over leading axes (every bias gradient; wasm's Sum first transposes the
 * reduced axes to the end).
 */
import * as tf from '@tensorflow/tfjs'
import { hasHeap, type KernelArgs } from './backend-kernels.js'

/**
 * dst[c, m, a] = src[a, m, c] for src of shape [A, M, C] (M may stand for several middle axes).
 * For each middle index the A×C block is read row by row and written column by column; it is small
 * enough to stay in the first-level cache.
 */
export function swapOuterInner(src: Float32Array, a: number, m: number, c: number, dst: Float32Array): void {
  const srcRow = m * c
  const dstRow = m * a
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < a; i++) {
      const s = i * srcRow + j * c
      let d = j * a + i
      for (let k = 0; k < c; k++) {
        dst[d] = src[s + k] as number
        d += dstRow
      }
    }
  }
}

/**
 * The transpose of `x` by perm [rank−1, 1, …, rank−2, 0] on the wasm heap, or undefined when the
 * backend has no heap access or x is not float32 (the caller then uses the backend's Transpose).
 */
export function transposeOuterInner(backend: tf.KernelBackend, x: tf.TensorInfo): tf.TensorInfo | undefined {
  if (!hasHeap(backend) || x.dtype !== 'float32' || x.shape.length < 2) return undefined
  const a = x.shape[0] ?? 1
  const c = x.shape[x.shape.length - 1] ?? 1
  const middle = x.shape.slice(1, -1)
  const m = middle.reduce((p, n) => p * n, 1)
  // Allocate first: growing the heap detaches earlier views of it.
  const out = backend.makeOutput([c, ...middle, a], 'float32')
  swapOuterInner(backend.typedArrayFromHeap(x) as Float32Array, a, m, c, backend.typedArrayFromHeap(out) as Float32Array)
  return out
}

/** Sums rows of `src` ([rows, cols]) into `out` (length cols), accumulating in double precision. */
export function sumRows(src: Float32Array, rows: number, cols: number, out: Float32Array): void {
  const acc = new Float64Array(cols)
  for (let r = 0; r < rows; r++) {
    const base = r * cols
    for (let k = 0; k < cols; k++) acc[k] = (acc[k] as number) + (src[base + k] as number)
  }
  out.set(acc)
}

/** Number of leading axes `axis` names (0, 1, …, k−1 in any order), or 0 when it names others too. */
export function leadingAxes(axis: number | number[], rank: number): number {
  const axes = tf.util.parseAxisParam(axis, Array<number>(rank).fill(1))
  const sorted = [...new Set(axes)].sort((p, q) => p - q)
  return sorted.every((v, i) => v === i) && sorted.length < rank ? sorted.length : 0
}

/** The Sum kernel: float32 sums over leading axes on the heap, everything else to `fallback`. */
export function makeLeadingSumKernel(fallback: tf.KernelFunc): tf.KernelFunc {
  const kernel = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const { inputs, backend, attrs } = args
    const { x } = inputs
    const { axis, keepDims } = (attrs ?? {}) as unknown as { axis: number | number[]; keepDims: boolean }
    if (x === undefined) throw new Error('Sum needs input x')
    const k = x.dtype === 'float32' && hasHeap(backend) ? leadingAxes(axis, x.shape.length) : 0
    if (k === 0 || !hasHeap(backend)) return fallback(args)
    const rows = x.shape.slice(0, k).reduce((p, n) => p * n, 1)
    const kept = x.shape.slice(k)
    const cols = kept.reduce((p, n) => p * n, 1)
    const outShape = keepDims ? [...Array<number>(k).fill(1), ...kept] : kept
    const out = backend.makeOutput(outShape, 'float32')
    sumRows(backend.typedArrayFromHeap(x) as Float32Array, rows, cols, backend.typedArrayFromHeap(out) as Float32Array)
    return out
  }
  return kernel as unknown as tf.KernelFunc
}
