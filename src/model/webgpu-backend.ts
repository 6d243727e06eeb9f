/**
 * Runs tfjs's WebGPU backend (`@tensorflow/tfjs-backend-webgpu`) on an adapter of Dawn's Node
 * binding chosen by the workbench (webgpu-adapters.ts), instead of the package's own start-up,
 * which asks the browser's `navigator.gpu` for a core high-performance adapter and would find
 * nothing through OpenGL ES. The device is created with every limit the adapter offers (the
 * defaults are far lower), the kernels tfjs gets wrong here are replaced
 * (kernels/register-webgpu-kernels.ts), and three guards turn silent failures into clear errors:
 * a kernel binding a tensor larger than the adapter's storage binding limit, or more storage
 * buffers than it allows (WebGPU would reject the dispatch and leave zeros), a synchronous read (tfjs reads the GPU synchronously only
 * through a browser canvas), and any error Dawn reports outside a call (out of memory, device
 * lost), raised at the next read.
 */
import * as tf from '@tensorflow/tfjs'
import { WINDOW_LENGTH } from './encoder.js'
import { registerWebgpuTrainingKernels } from './kernels/register-webgpu-kernels.js'
import { adapterDevice, adapterLimits, dawnInstance, loadDawn, type AdapterLike, type DawnModule, type WebgpuAdapter } from './webgpu-adapters.js'

/** The npm package of tfjs's WebGPU backend. */
export const TFJS_WEBGPU_MODULE = '@tensorflow/tfjs-backend-webgpu'

/** The adapter tfjs's 'webgpu' backend runs on in this process, once activated. */
export interface ActiveWebgpu {
  readonly adapter: WebgpuAdapter
  readonly device: string
  /** The device's limits (bytes). */
  readonly maxStorageBufferBindingSize: number
  readonly maxBufferSize: number
}

let active: ActiveWebgpu | undefined

/** The adapter in use, if tfjs's 'webgpu' backend was activated by {@link activateWebgpu}. */
export function activeWebgpu(): ActiveWebgpu | undefined {
  return active
}

/**
 * Bytes of the largest tensor of the pretext network's training step per sample: block 1's
 * activations (and their gradients), `length × 32` float32 values.
 */
export function largestTensorBytesPerSample(length: number = WINDOW_LENGTH): number {
  return length * 32 * 4
}

/** The most samples per pass on WebGPU: as on native TensorFlow (256), fewer where a storage binding cannot hold that many. */
export const WEBGPU_MAX_PASS = 256

/**
 * Samples per training pass on WebGPU: at most {@link WEBGPU_MAX_PASS}, and few enough that the
 * largest tensor of a pass fits the adapter's `maxStorageBufferBindingSize` (128 MB on compatibility
 * adapters and many integrated GPUs: 409 windows of 2560 samples).
 */
export function webgpuSamplesPerPass(maxStorageBufferBindingSize: number | undefined = active?.maxStorageBufferBindingSize, length: number = WINDOW_LENGTH): number {
  if (maxStorageBufferBindingSize === undefined || maxStorageBufferBindingSize <= 0) return 64
  return Math.max(1, Math.min(WEBGPU_MAX_PASS, Math.floor(maxStorageBufferBindingSize / largestTensorBytesPerSample(length))))
}

interface TensorInfoLike { dataId: object; shape: number[]; dtype: string }
interface WebgpuBackendLike {
  readSync(dataId: object): unknown
  read(dataId: object): Promise<unknown>
  runWebGPUProgram(program: { outputShape: number[] }, inputs: TensorInfoLike[], outputDtype: string, ...rest: unknown[]): TensorInfoLike
  tensorMap: { get(dataId: object): { values?: unknown; dtype: string } | undefined }
}
interface DeviceLike {
  lost?: Promise<{ message?: string }>
  onuncapturederror?: ((event: { error?: { message?: string } }) => void) | null
}

const bytesOf = (shape: readonly number[], dtype: string): number => shape.reduce((a, b) => a * b, 1) * (dtype === 'complex64' ? 8 : 4)

/** The limits the guards enforce. */
export interface GuardLimits {
  /** Bytes one storage binding may hold. */
  readonly maxStorageBufferBindingSize: number
  /** Storage buffers one shader may bind (inputs + the output). */
  readonly maxStorageBuffersPerShaderStage: number
}

/** Installs the guards described at the top of this file on a freshly made backend. */
export function guardWebgpuBackend(backend: WebgpuBackendLike, device: DeviceLike, limits: GuardLimits, adapterName: string): void {
  const maxBinding = limits.maxStorageBufferBindingSize
  let pending: string | undefined
  device.onuncapturederror = (event) => {
    pending ??= event.error?.message?.split('\n')[0] ?? 'unknown error'
  }
  void device.lost?.then((info) => {
    pending ??= `the GPU device was lost${info.message ? ` (${info.message})` : ''}`
  })
  const run = backend.runWebGPUProgram.bind(backend)
  backend.runWebGPUProgram = (program, inputs, outputDtype, ...rest) => {
    if (inputs.length + 1 > limits.maxStorageBuffersPerShaderStage) {
      throw new RangeError(`a kernel with ${inputs.length} inputs binds more storage buffers than ${adapterName} allows (${limits.maxStorageBuffersPerShaderStage})`)
    }
    const tensors = [...inputs.map((t) => ({ shape: t.shape, dtype: t.dtype })), { shape: program.outputShape, dtype: outputDtype }]
    for (const t of tensors) {
      const bytes = bytesOf(t.shape, t.dtype)
      if (bytes > maxBinding) {
        throw new RangeError(`a tensor of shape [${t.shape.join(', ')}] (${Math.round(bytes / 1e6)} MB) exceeds the largest storage binding of ${adapterName} ` +
          `(${Math.round(maxBinding / 1e6)} MB); the batch must be computed in smaller passes`)
      }
    }
    return run(program, inputs, outputDtype, ...rest)
  }
  const readSync = backend.readSync.bind(backend)
  backend.readSync = (dataId) => {
    const data = backend.tensorMap.get(dataId)
    // Values already on the CPU are returned as they are; only GPU memory cannot be read synchronously.
    if (data !== undefined && data.values == null && data.dtype !== 'string') {
      throw new Error('a synchronous read (dataSync, arraySync) of a tensor on the WebGPU backend: Node has no synchronous GPU read; use await data() / array()')
    }
    return readSync(dataId)
  }
  const read = backend.read.bind(backend)
  backend.read = async (dataId) => {
    const values = await read(dataId)
    if (pending !== undefined) {
      const message = pending
      pending = undefined
      throw new Error(`WebGPU on ${adapterName} reported an error: ${message}`)
    }
    return values
  }
}

/** The effects of {@link activateWebgpu}; tests inject fakes. */
export interface WebgpuActivationHost {
  importModule: (specifier: string) => Promise<unknown>
  loadDawn: () => Promise<DawnModule>
  /** Makes `name` the active tfjs backend; false when it cannot initialise. */
  activate: (name: string) => Promise<boolean>
}

/**
 * Makes tfjs's 'webgpu' backend run on `adapter` and activates it; resolves to null on success or
 * to the reason it could not. A second call for the same adapter only re-activates the backend.
 */
export async function activateWebgpu(adapter: WebgpuAdapter, host: WebgpuActivationHost): Promise<string | null> {
  if (active !== undefined && active.adapter.name === adapter.name && active.adapter.dawnBackend === adapter.dawnBackend && tf.findBackend('webgpu') !== null) {
    return (await host.activate('webgpu')) ? null : 'the WebGPU backend did not initialise'
  }
  // tfjs's package registers its own 'webgpu' start-up when navigator.gpu exists at import time;
  // it is imported first, so that it does not, and its kernels are registered all the same.
  let mod: { WebGPUBackend: new (device: unknown, adapterInfo: unknown) => tf.KernelBackend }
  try {
    mod = (await host.importModule(TFJS_WEBGPU_MODULE)) as typeof mod
  } catch (error) {
    const e = error as { message?: unknown }
    return `${TFJS_WEBGPU_MODULE} failed to load: ${typeof e.message === 'string' ? e.message.split('\n')[0] : String(error)}`
  }
  let gpuAdapter: AdapterLike | null
  let gpu
  try {
    const dawn = await host.loadDawn()
    gpu = dawnInstance(dawn, adapter.dawnBackend)
    gpuAdapter = await gpu.requestAdapter({ ...adapter.request })
  } catch (error) {
    return `Dawn failed to open ${adapter.name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
  }
  if (gpuAdapter === null) return `Dawn no longer offers ${adapter.name}`
  const limits = adapterLimits(gpuAdapter)
  let device: DeviceLike
  try {
    device = (await gpuAdapter.requestDevice({ requiredLimits: limits })) as DeviceLike
  } catch (error) {
    return `${adapter.name} refused a device: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`
  }
  // WebGPUBackend checks navigator.gpu (Node 21+ has a navigator without gpu; Node 20 none).
  const g = globalThis as { navigator?: { gpu?: unknown } }
  if (g.navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true })
  if (g.navigator !== undefined) g.navigator.gpu = gpu
  const maxBinding = limits.maxStorageBufferBindingSize ?? adapter.maxStorageBufferBindingSize
  let backend: tf.KernelBackend
  try {
    backend = new mod.WebGPUBackend(device, gpuAdapter.info)
  } catch (error) {
    return `tfjs's WebGPU backend could not start on ${adapter.name}: ${error instanceof Error ? error.message : String(error)}`
  }
  const maxBuffers = limits.maxStorageBuffersPerShaderStage ?? adapter.maxStorageBuffersPerShaderStage
  guardWebgpuBackend(backend as unknown as WebgpuBackendLike, device, { maxStorageBufferBindingSize: maxBinding, maxStorageBuffersPerShaderStage: maxBuffers }, adapter.name)
  registerWebgpuTrainingKernels()
  if (tf.findBackend('webgpu') !== null || tf.engine().registryFactory.webgpu !== undefined) tf.removeBackend('webgpu')
  // Priority 0: never picked by tfjs on its own, only by name.
  tf.registerBackend('webgpu', () => backend, 0)
  active = { adapter, device: adapterDevice(adapter), maxStorageBufferBindingSize: maxBinding, maxBufferSize: limits.maxBufferSize ?? adapter.maxBufferSize }
  if (!(await host.activate('webgpu'))) {
    active = undefined
    return 'the WebGPU backend did not initialise'
  }
  return null
}

/** The default effects: this process's modules and tfjs. */
export function defaultWebgpuActivationHost(activate: (name: string) => Promise<boolean>): WebgpuActivationHost {
  return { importModule: (s) => import(s), loadDawn: () => loadDawn(), activate }
}
