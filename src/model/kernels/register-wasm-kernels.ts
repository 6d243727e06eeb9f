/**
 * Registers the training kernels the tfjs WebAssembly backend lacks. tfjs 4.22's wasm backend has
 * `Conv2DBackpropInput` but not `Conv2DBackpropFilter`, so without this every convolution training
 * step fails with "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'". Its
 * `MaxPoolGrad` is wrong for overlapping windows and is replaced (see max-pool-grad.ts).
 */
import * as tf from '@tensorflow/tfjs'
import { makeBackpropFilterKernel } from './conv2d-backprop-filter.js'
import { maxPoolGradKernel } from './max-pool-grad.js'

/** Backends whose MaxPoolGrad was already replaced (so a second call does not replace ours). */
const replaced = new Set<string>()

/**
 * Registers the missing kernels for `backendName` (default 'wasm'). Idempotent, and a kernel the
 * backend already has (a future tfjs) is left alone. The backend's own kernels must be registered
 * already, i.e. its package imported.
 */
export function registerWasmTrainingKernels(backendName = 'wasm'): void {
  // Without the backend's own kernels (its package not loaded, or a test's fake host) there is nothing to extend.
  if (tf.getKernel('BatchMatMul', backendName) === undefined) return
  if (tf.getKernel('Conv2DBackpropFilter', backendName) === undefined) {
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName, kernelFunc: makeBackpropFilterKernel(backendName) })
  }
  if (!replaced.has(backendName)) {
    // registerKernel refuses a name that exists, so the faulty kernel is unregistered first.
    if (tf.getKernel('MaxPoolGrad', backendName) !== undefined) tf.unregisterKernel('MaxPoolGrad', backendName)
    tf.registerKernel({ kernelName: 'MaxPoolGrad', backendName, kernelFunc: maxPoolGradKernel })
    replaced.add(backendName)
  }
}
