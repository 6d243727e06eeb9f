/**
 * Registers the training kernels the tfjs WebAssembly backend lacks or runs slowly. tfjs 4.22's
 * wasm backend has no `Conv2DBackpropFilter`, so without this every convolution training step fails
 * with "Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'". Its `MaxPoolGrad` is wrong
 * for overlapping windows and is replaced (see max-pool-grad.ts), and its `Conv2DBackpropInput` is
 * a scalar loop, replaced for stride 1 by a forward convolution (see conv2d-backprop-input.ts);
 * its broadcasting `Equal` (the global max-pool's gradient) and its `Sum` over leading axes (bias
 * gradients) are slow and done in JavaScript; its `Identity` copies data that can be shared.
 * The encoder's long 1-D convolutions (forward, input and filter gradients) take an FFT path, see
 * fft-conv-kernels.ts; the environment variable ECG_SSL_FFT_CONV (0 off, filter, 1 = all, the
 * default) chooses, read once when the kernels are registered.
 */
import * as tf from '@tensorflow/tfjs'
import { makeBackpropFilterKernel } from './conv2d-backprop-filter.js'
import { makeBackpropInputKernel } from './conv2d-backprop-input.js'
import { makeBroadcastEqualKernel } from './broadcast-equal.js'
import { fftConvModeFromEnv, makeFftBackpropFilterKernel, makeFftConv2DKernel, type FftConvMode } from './fft-conv-kernels.js'
import { makeLeadingSumKernel } from './heap-ops.js'
import { maxPoolGradKernel } from './max-pool-grad.js'
import { makeSharedIdentityKernel } from './shared-identity.js'

/** Backends whose kernels were already replaced (so a second call does not wrap ours). */
const replaced = new Set<string>()

/**
 * Puts `kernelFunc` in place of the backend's `kernelName`, keeping the original's setup and
 * dispose functions (they prepare the wasm entry points that fallbacks still call).
 */
function replaceKernel(kernelName: string, backendName: string, make: (original: tf.KernelFunc | undefined) => tf.KernelFunc): void {
  const original = tf.getKernel(kernelName, backendName)
  // registerKernel refuses a name that exists, so the original is unregistered first.
  if (original !== undefined) tf.unregisterKernel(kernelName, backendName)
  const config: tf.KernelConfig = { kernelName, backendName, kernelFunc: make(original?.kernelFunc) }
  if (original?.setupFunc !== undefined) config.setupFunc = original.setupFunc
  if (original?.disposeFunc !== undefined) config.disposeFunc = original.disposeFunc
  tf.registerKernel(config)
}

/**
 * Registers the missing and faster kernels for `backendName` (default 'wasm'). Idempotent, and a
 * `Conv2DBackpropFilter` the backend already has (a future tfjs) is left alone. The backend's own
 * kernels must be registered already, i.e. its package imported.
 */
export function registerWasmTrainingKernels(backendName = 'wasm', fftConv: FftConvMode = fftConvModeFromEnv(process.env.ECG_SSL_FFT_CONV)): void {
  // Without the backend's own kernels (its package not loaded, or a test's fake host) there is nothing to extend.
  if (tf.getKernel('Conv2D', backendName) === undefined) return
  if (tf.getKernel('Conv2DBackpropFilter', backendName) === undefined) {
    tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName, kernelFunc: makeBackpropFilterKernel(backendName) })
  }
  if (replaced.has(backendName)) return
  // Order matters: each kernel made below calls the Conv2D registered when it is made, and the
  // filter gradient's fallback must keep XNNPACK's direct Conv2D for its long 'valid' convolutions.
  if (fftConv !== 'off') {
    replaceKernel('Conv2DBackpropFilter', backendName, (original) => {
      if (original === undefined) throw new Error(`backend '${backendName}' has no Conv2DBackpropFilter to fall back on`)
      return makeFftBackpropFilterKernel(backendName, original)
    })
  }
  if (fftConv === 'all') {
    replaceKernel('Conv2D', backendName, (original) => {
      if (original === undefined) throw new Error(`backend '${backendName}' has no Conv2D to fall back on`)
      return makeFftConv2DKernel(original)
    })
  }
  replaceKernel('MaxPoolGrad', backendName, () => maxPoolGradKernel)
  replaceKernel('Conv2DBackpropInput', backendName, (original) => {
    if (original === undefined) throw new Error(`backend '${backendName}' has no Conv2DBackpropInput to fall back on`)
    return makeBackpropInputKernel(backendName, original)
  })
  replaceKernel('Equal', backendName, (original) => {
    if (original === undefined) throw new Error(`backend '${backendName}' has no Equal to fall back on`)
    return makeBroadcastEqualKernel(original)
  })
  replaceKernel('Sum', backendName, (original) => {
    if (original === undefined) throw new Error(`backend '${backendName}' has no Sum to fall back on`)
    return makeLeadingSumKernel(original)
  })
  replaceKernel('Identity', backendName, (original) => {
    if (original === undefined) throw new Error(`backend '${backendName}' has no Identity to fall back on`)
    return makeSharedIdentityKernel(original)
  })
  replaced.add(backendName)
}
