/**
 * Helpers the kernel tests share: run the same computation on two backends and compare.
 * Test support only; nothing in the application imports it.
 */
import * as tf from '@tensorflow/tfjs'

/** Largest |a−b| relative to the largest |b| (gradients near zero make elementwise ratios meaningless). */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity
  let diff = 0
  let scale = 0
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] ?? 0) - (b[i] ?? 0)))
    scale = Math.max(scale, Math.abs(b[i] ?? 0))
  }
  return scale === 0 ? diff : diff / scale
}

/** Runs `f` on the named backend inside a tidy and returns its outputs' data. */
export async function on(backend: string, f: () => tf.Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend)
  const out = tf.tidy(f)
  const data = out.map((t) => t.dataSync() as Float32Array)
  tf.dispose(out)
  return data
}

/** Seeded standard-normal values of `shape` (computed once, then fed to every backend). */
export const rand = (shape: number[], seed: number): Float32Array =>
  tf.tidy(() => tf.randomNormal(shape, 0, 1, 'float32', seed).dataSync() as Float32Array)
