/**
 * Replaces the kernels tfjs's WebGPU backend (4.22) gets wrong for this network's training step;
 * found by the gradient test of webgpu-training.test.ts. Only `AddN` so far: it binds more storage
 * buffers than adapters allow (see webgpu-addn.ts). Idempotent; needs the backend's own kernels
 * registered, i.e. `@tensorflow/tfjs-backend-webgpu` imported.
 */
import * as tf from '@tensorflow/tfjs'
import { makeChunkedAddNKernel } from './webgpu-addn.js'

let replaced = false

/** Registers the replacements for the 'webgpu' backend (once per process). */
export function registerWebgpuTrainingKernels(): void {
  if (replaced) return
  const original = tf.getKernel('AddN', 'webgpu')
  if (original === undefined) return
  tf.unregisterKernel('AddN', 'webgpu')
  const config: tf.KernelConfig = { kernelName: 'AddN', backendName: 'webgpu', kernelFunc: makeChunkedAddNKernel(original.kernelFunc) }
  if (original.setupFunc !== undefined) config.setupFunc = original.setupFunc
  if (original.disposeFunc !== undefined) config.disposeFunc = original.disposeFunc
  tf.registerKernel(config)
  replaced = true
}
