/**
 * `AddN` for tfjs's WebGPU backend within the adapter's storage-buffer limit. tfjs 4.22 adds all
 * inputs in one shader, which binds every input as a storage buffer; an adapter allows only
 * `maxStorageBuffersPerShaderStage` of them (16 on Mesa's llvmpipe in compatibility mode, 8 in
 * WebGPU's defaults), and the pretext loss with its weight regularisers adds 41 terms. WebGPU then
 * rejects the pipeline and the sum silently stays zero. Here larger sums are added in groups that
 * fit, then the groups' sums (tfjs's `Concat` splits its inputs the same way).
 */
import type * as tf from '@tensorflow/tfjs'

interface BackendWithDevice { device?: { limits?: { maxStorageBuffersPerShaderStage?: number } }; disposeData(dataId: object): void }

/** Inputs one `AddN` shader can take on `backend` (one storage binding is the output). */
export function addNInputLimit(backend: unknown): number {
  const max = (backend as BackendWithDevice).device?.limits?.maxStorageBuffersPerShaderStage ?? 8
  return Math.max(2, max - 1)
}

/** Wraps the backend's `AddN` so that no single call takes more inputs than {@link addNInputLimit}. */
export function makeChunkedAddNKernel(original: tf.KernelFunc, limitOf: (backend: unknown) => number = addNInputLimit): tf.KernelFunc {
  return (args) => {
    const inputs = args.inputs as unknown as tf.TensorInfo[]
    const limit = limitOf(args.backend)
    if (inputs.length <= limit) return original(args)
    const backend = args.backend as unknown as BackendWithDevice
    const partial: tf.TensorInfo[] = []
    let terms = inputs
    while (terms.length > limit) {
      const next: tf.TensorInfo[] = []
      for (let i = 0; i < terms.length; i += limit) {
        const group = terms.slice(i, i + limit)
        if (group.length === 1) {
          next.push(group[0]!)
          continue
        }
        const sum = original({ ...args, inputs: group as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo
        partial.push(sum)
        next.push(sum)
      }
      terms = next
    }
    const out = original({ ...args, inputs: terms as unknown as tf.NamedTensorInfoMap }) as tf.TensorInfo
    for (const t of partial) backend.disposeData(t.dataId)
    return out
  }
}
