/**
 * Shared plumbing of the wasm training kernels: calling a backend's own registered kernel
 * functions directly on tensor infos (not tf ops, so no intermediate reaches the engine's
 * bookkeeping or the gradient tape) and releasing every intermediate buffer afterwards.
 */
import * as tf from '@tensorflow/tfjs'

/** A kernel function as a backend registered it, with the loose typing the calls here need. */
export type KernelFn = (args: { inputs: Record<string, tf.TensorInfo>; backend: tf.KernelBackend; attrs?: Record<string, unknown> }) => tf.TensorInfo

/** The arguments tfjs passes to every kernel function. */
export interface KernelArgs {
  inputs: tf.NamedTensorInfoMap
  backend: tf.KernelBackend
  attrs?: tf.NamedAttrMap
}

/** `backendName`'s registered function for kernel `name`; throws when there is none. */
export function kernelOf(name: string, backendName: string): KernelFn {
  const config = tf.getKernel(name, backendName)
  if (config === undefined) throw new Error(`kernel '${name}' is not registered for backend '${backendName}'`)
  return config.kernelFunc as unknown as KernelFn
}

/**
 * The wasm backend's direct access to its heap: kernels written in JavaScript read their inputs and
 * write their output in place instead of copying through readSync/write.
 */
export interface HeapBackend {
  makeOutput: (shape: number[], dtype: tf.DataType) => tf.TensorInfo
  typedArrayFromHeap: (info: tf.TensorInfo) => Float32Array | Int32Array | Uint8Array
}

/** Whether `backend` offers {@link HeapBackend}'s methods (the wasm backend does). */
export function hasHeap(backend: tf.KernelBackend): backend is tf.KernelBackend & HeapBackend {
  const b = backend as unknown as Partial<HeapBackend>
  return typeof b.makeOutput === 'function' && typeof b.typedArrayFromHeap === 'function'
}

/** [h, w] from a scalar or pair attribute (strides, dilations). */
export const pair = (v: [number, number] | number): [number, number] => (typeof v === 'number' ? [v, v] : v)

/**
 * Collects intermediate tensor infos of one kernel call so that `release` frees them all, whether
 * the call returns or throws.
 */
export class Scratch {
  private readonly infos: tf.TensorInfo[] = []

  constructor(private readonly backend: tf.KernelBackend) {}

  /** Registers `t` for release and returns it. */
  keep(t: tf.TensorInfo): tf.TensorInfo {
    this.infos.push(t)
    return t
  }

  /** Frees one kept buffer now (large intermediates inside a loop), so `release` skips it. */
  releaseOne(t: tf.TensorInfo): void {
    const i = this.infos.indexOf(t)
    if (i < 0) return
    this.infos.splice(i, 1)
    this.backend.disposeData(t.dataId)
  }

  /** Frees every kept buffer (reshapes share data by reference count, so each is released once). */
  release(): void {
    for (const t of this.infos) this.backend.disposeData(t.dataId)
    this.infos.length = 0
  }
}
