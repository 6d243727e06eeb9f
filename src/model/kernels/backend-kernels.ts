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

  /** Frees every kept buffer (reshapes share data by reference count, so each is released once). */
  release(): void {
    for (const t of this.infos) this.backend.disposeData(t.dataId)
    this.infos.length = 0
  }
}
