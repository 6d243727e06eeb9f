/**
 * `Identity` without a copy for the wasm backend. tfjs clones every tensor it saves for the
 * backward pass (Engine.saveTensorsForBackwardMode) and broadcastTo clones inputs that already
 * have the target shape (every `where`, e.g. in the leaky ReLU gradient); tfjs 4.22's wasm Identity
 * copies the data each time, 36 copies of the encoder's largest activations per training step.
 * Tensors are immutable and every kernel writes only to the outputs it allocates, so the clone can
 * share the data under a reference count, as the wasm backend's own Reshape does (and as the cpu
 * backend's Identity does).
 */
import type * as tf from '@tensorflow/tfjs'
import type { KernelArgs } from './backend-kernels.js'

/** The backend's reference counting of data ids (the wasm and cpu backends have it). */
interface RefCounting {
  incRef: (dataId: tf.DataId) => void
}

function hasRefCount(backend: tf.KernelBackend): backend is tf.KernelBackend & RefCounting {
  return typeof (backend as unknown as Partial<RefCounting>).incRef === 'function'
}

/** The Identity kernel: the input's data under a new reference; `fallback` for strings or a backend without reference counts. */
export function makeSharedIdentityKernel(fallback: tf.KernelFunc): tf.KernelFunc {
  const kernel = (args: KernelArgs): tf.TensorInfo | tf.TensorInfo[] => {
    const { x } = args.inputs
    if (x === undefined) throw new Error('Identity needs input x')
    if (x.dtype === 'string' || !hasRefCount(args.backend)) return fallback(args)
    args.backend.incRef(x.dataId)
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype }
  }
  return kernel as unknown as tf.KernelFunc
}
