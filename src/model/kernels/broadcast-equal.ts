/**
 * `Equal` with broadcasting for the tfjs WebAssembly backend. The gradient of a max reduction (the
 * encoder's global max-pool) compares x [batch, 635, 128] with its max [batch, 1, 128]; tfjs
 * 4.22's wasm kernel does that broadcast by a generic per-element index computation, about 0.9 s a
 * batch-64 training step. This walks the operands' strides in JavaScript directly on the wasm heap
 * (a few milliseconds); operands of equal shape still go to the backend's own kernel.
 */
import * as tf from '@tensorflow/tfjs'
import { hasHeap, type KernelArgs } from './backend-kernels.js'

/** Element strides of `shape` padded on the left to `rank`, with 0 on axes that are broadcast. */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const rank = outShape.length
  const padded = [...Array<number>(rank - shape.length).fill(1), ...shape]
  const strides = Array<number>(rank).fill(0)
  let stride = 1
  for (let d = rank - 1; d >= 0; d--) {
    const n = padded[d] ?? 1
    strides[d] = n === 1 && (outShape[d] ?? 1) !== 1 ? 0 : stride
    stride *= n
  }
  return strides
}

/** out[i] = a[i] === b[i] ? 1 : 0 over the broadcast of `a` and `b` to `outShape`. */
export function broadcastEqual(
  a: ArrayLike<number>, aShape: readonly number[], b: ArrayLike<number>, bShape: readonly number[], outShape: readonly number[], out: Uint8Array,
): void {
  const rank = outShape.length
  if (rank === 0) {
    out[0] = a[0] === b[0] ? 1 : 0
    return
  }
  const as = broadcastStrides(aShape, outShape)
  const bs = broadcastStrides(bShape, outShape)
  const inner = outShape[rank - 1] ?? 1
  const ai = as[rank - 1] ?? 0
  const bi = bs[rank - 1] ?? 0
  const outer = inner === 0 ? 0 : out.length / inner
  const index = Array<number>(rank).fill(0)
  let ao = 0
  let bo = 0
  let o = 0
  for (let r = 0; r < outer; r++) {
    for (let i = 0; i < inner; i++) out[o++] = a[ao + i * ai] === b[bo + i * bi] ? 1 : 0
    // Odometer over the outer axes, moving both operands' offsets by their strides.
    for (let d = rank - 2; d >= 0; d--) {
      const n = outShape[d] ?? 1
      index[d] = (index[d] ?? 0) + 1
      ao += as[d] ?? 0
      bo += bs[d] ?? 0
      if ((index[d] ?? 0) < n) break
      index[d] = 0
      ao -= (as[d] ?? 0) * n
      bo -= (bs[d] ?? 0) * n
    }
  }
}

/** The Equal kernel: broadcasting operands here, equal shapes (or other dtypes) to `fallback`. */
export function makeBroadcastEqualKernel(fallback: tf.KernelFunc): tf.KernelFunc {
  const kernel = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const { inputs, backend } = args
    const { a, b } = inputs
    if (a === undefined || b === undefined) throw new Error('Equal needs inputs a and b')
    const same = a.shape.length === b.shape.length && a.shape.every((n, i) => n === b.shape[i])
    if (same || a.dtype !== b.dtype || a.dtype === 'string' || a.dtype === 'complex64' || !hasHeap(backend)) return fallback(args)
    const outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape)
    // Allocate first: growing the heap detaches earlier views of it.
    const out = backend.makeOutput(outShape, 'bool')
    broadcastEqual(backend.typedArrayFromHeap(a), a.shape, backend.typedArrayFromHeap(b), b.shape, outShape, backend.typedArrayFromHeap(out) as Uint8Array)
    return out
  }
  return kernel as unknown as tf.KernelFunc
}
