/**
 * Picks the tfjs backend that trains fastest here and says why faster ones were not used
 * (ARCHITECTURE "Training backends"): tfjs-node-gpu → tfjs-node → wasm → cpu. The native packages
 * are optional dependencies, so they are loaded with dynamic import and a missing one is a
 * reported fallback, never a crash.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { probeCuda, type CudaProbe } from './cuda-probe.js'
import { registerWasmTrainingKernels } from './kernels/register-wasm-kernels.js'
import { BACKEND_CHOICES, type BackendChoice } from './backend-choices.js'

export { BACKEND_CHOICES, type BackendChoice } from './backend-choices.js'

/** A faster backend that was not used, and why, in words for the user. */
export interface BackendFallback {
  backend: BackendChoice
  reason: string
}

/** The outcome of {@link selectBackend}. */
export interface BackendSelection {
  backend: BackendChoice
  /** tfjs's own name of the active backend ('tensorflow', 'wasm', 'cpu'). */
  tfBackend: string
  /** The device that actually runs, e.g. 'CPU (WebAssembly, SIMD, 1 thread)'. */
  device: string
  fallbacks: BackendFallback[]
}

/** The effects {@link selectBackend} needs; tests inject fakes to exercise every path without a GPU. */
export interface BackendHost {
  importModule: (specifier: string) => Promise<unknown>
  /** Makes `name` the active tfjs backend; false when it cannot initialise. */
  activate: (name: string) => Promise<boolean>
  /** Whether the native TensorFlow backend placed ops on a GPU (tfjs-node's `isUsingGpuDevice`). */
  nativeUsesGpu: () => boolean
  probeCuda: () => CudaProbe
  /** Directory holding the wasm binaries (with trailing separator), or undefined to let tfjs guess. */
  wasmDir: () => string | undefined
  /** SIMD support and thread count of the initialised wasm backend. */
  wasmInfo: () => { simd: boolean; threads: number }
}

/** The module of each backend, as installed from npm. */
export const BACKEND_MODULES: Readonly<Record<Exclude<BackendChoice, 'cpu'>, string>> = {
  gpu: '@tensorflow/tfjs-node-gpu',
  node: '@tensorflow/tfjs-node',
  wasm: '@tensorflow/tfjs-backend-wasm',
}

/** Thrown when an explicitly requested backend cannot run; the message says why. */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError'
}

/** Why loading `specifier` failed, in one line. */
export function loadFailureReason(specifier: string, error: unknown): string {
  const e = error as { code?: unknown; message?: unknown }
  const message = typeof e.message === 'string' ? e.message : String(error)
  const notFound = e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND'
  // "Cannot find package '<specifier>'" means the package itself is absent; a missing file inside
  // an installed package (typically the native binding its install script failed to fetch) is different.
  if (notFound && (message.includes(`'${specifier}'`) || message.includes(`"${specifier}"`))) {
    return `${specifier} is not installed (an optional dependency: its install downloads TensorFlow and was skipped or failed)`
  }
  return `${specifier} is installed but failed to load: ${message.split('\n')[0] ?? ''}`
}

/** Why TensorFlow found no usable GPU, from what can be seen of drivers and CUDA libraries. */
export function explainNoGpu(probe: CudaProbe): string {
  if (probe.gpus === null) return 'no NVIDIA driver found (nvidia-smi is not available)'
  if (probe.gpus.length === 0) return 'nvidia-smi lists no CUDA device'
  if (probe.missingLibraries.length > 0) {
    return `${probe.missingLibraries.join(', ')} not found: tfjs-node-gpu 4.22 needs CUDA 11.2 and cuDNN 8.1 ` +
      '(a newer CUDA alone is not used)'
  }
  return `TensorFlow did not use ${probe.gpus[0] ?? 'the GPU'}; its log lines on stderr say why`
}

const wasmDistDir = (): string | undefined => {
  try {
    // Resolved from this file so it works from out/ and from packaged apps alike.
    const pkg = createRequire(import.meta.url).resolve(`${BACKEND_MODULES.wasm}/package.json`)
    return path.join(path.dirname(pkg), 'dist') + path.sep
  } catch {
    return undefined
  }
}

/** The real host: this process's tfjs. */
export const defaultBackendHost: BackendHost = {
  importModule: (specifier) => import(specifier),
  activate: async (name) => {
    const ok = await tf.setBackend(name)
    if (ok) await tf.ready()
    // The cpu backend greets Node users once with advice to install tfjs-node; the selection report
    // already says which backend runs and why, so silence the banner (a private flag of tfjs 4).
    const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null
    if (cpu !== null && 'firstUse' in cpu) cpu.firstUse = false
    return ok
  },
  nativeUsesGpu: () => (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true,
  probeCuda,
  wasmDir: wasmDistDir,
  wasmInfo: () => ({
    simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? getWasmThreads() : 1,
  }),
}

let wasmThreads: (() => number) | undefined
const getWasmThreads = (): number => wasmThreads?.() ?? 1

type Attempt = { ok: true; selection: Omit<BackendSelection, 'fallbacks'>; note?: BackendFallback } | { ok: false; reason: string }

async function tryNative(choice: 'gpu' | 'node', host: BackendHost, explicit: boolean): Promise<Attempt> {
  const specifier = BACKEND_MODULES[choice]
  try {
    await host.importModule(specifier)
  } catch (error) {
    return { ok: false, reason: loadFailureReason(specifier, error) }
  }
  if (!(await host.activate('tensorflow'))) return { ok: false, reason: `${specifier} loaded but its backend did not initialise` }
  if (choice === 'node') return { ok: true, selection: { backend: 'node', tfBackend: 'tensorflow', device: 'CPU (TensorFlow native, tfjs-node)' } }
  if (host.nativeUsesGpu()) {
    const probe = host.probeCuda()
    return { ok: true, selection: { backend: 'gpu', tfBackend: 'tensorflow', device: `GPU (CUDA${probe.gpus?.[0] ? `: ${probe.gpus[0]}` : ''})` } }
  }
  // tfjs-node-gpu without a usable GPU quietly runs TensorFlow on the CPU: as fast as tfjs-node,
  // so keep it (loading tfjs-node as well would register a second native backend) and say so.
  const reason = `${specifier} is installed but runs on the CPU: ${explainNoGpu(host.probeCuda())}`
  const device = 'CPU (TensorFlow native, tfjs-node-gpu without a usable GPU)'
  return { ok: true, selection: { backend: explicit ? 'gpu' : 'node', tfBackend: 'tensorflow', device }, note: { backend: 'gpu', reason } }
}

async function tryWasm(host: BackendHost): Promise<Attempt> {
  let mod: { setWasmPaths?: (prefix: string) => void; getThreadsCount?: () => number }
  try {
    mod = (await host.importModule(BACKEND_MODULES.wasm)) as typeof mod
  } catch (error) {
    return { ok: false, reason: loadFailureReason(BACKEND_MODULES.wasm, error) }
  }
  const dir = host.wasmDir()
  // Paths must be set before the backend first initialises; later calls would only warn.
  if (dir !== undefined && tf.findBackend('wasm') === null) mod.setWasmPaths?.(dir)
  wasmThreads = mod.getThreadsCount
  if (!(await host.activate('wasm'))) return { ok: false, reason: `the WebAssembly backend did not initialise (binaries looked for in ${dir ?? 'the default place'})` }
  // tfjs's wasm backend cannot train convolutions as shipped; add what it lacks.
  registerWasmTrainingKernels()
  const { simd, threads } = host.wasmInfo()
  const device = `CPU (WebAssembly${simd ? ', SIMD' : ''}, ${threads} thread${threads === 1 ? '' : 's'})`
  return { ok: true, selection: { backend: 'wasm', tfBackend: 'wasm', device } }
}

async function tryCpu(host: BackendHost): Promise<Attempt> {
  if (!(await host.activate('cpu'))) return { ok: false, reason: 'the plain JavaScript backend did not initialise' }
  return { ok: true, selection: { backend: 'cpu', tfBackend: 'cpu', device: 'CPU (plain JavaScript, slow for training)' } }
}

function attempt(choice: BackendChoice, host: BackendHost, explicit: boolean): Promise<Attempt> {
  if (choice === 'gpu' || choice === 'node') return tryNative(choice, host, explicit)
  return choice === 'wasm' ? tryWasm(host) : tryCpu(host)
}

/**
 * Activates a backend and reports it. Without `override`, the fastest that works wins and every
 * faster one appears in `fallbacks` with its reason; with `override`, exactly that backend is used
 * or {@link BackendUnavailableError} says why not.
 */
export async function selectBackend(
  options: { override?: BackendChoice; host?: Partial<BackendHost> } = {},
): Promise<BackendSelection> {
  const host: BackendHost = { ...defaultBackendHost, ...options.host }
  if (options.override !== undefined) {
    const result = await attempt(options.override, host, true)
    if (!result.ok) throw new BackendUnavailableError(`backend '${options.override}' is not available: ${result.reason}`)
    return { ...result.selection, fallbacks: result.note ? [result.note] : [] }
  }
  const fallbacks: BackendFallback[] = []
  for (const choice of BACKEND_CHOICES) {
    const result = await attempt(choice, host, false)
    if (result.ok) {
      if (result.note) fallbacks.push(result.note)
      return { ...result.selection, fallbacks }
    }
    fallbacks.push({ backend: choice, reason: result.reason })
  }
  throw new BackendUnavailableError(`no tfjs backend could start: ${fallbacks.map((f) => `${f.backend}: ${f.reason}`).join('; ')}`)
}

/** The selection in plain sentences, for the CLI, `doctor` and the app. */
export function describeSelection(selection: BackendSelection): string[] {
  return [
    `Backend: ${selection.backend} on ${selection.device}`,
    ...selection.fallbacks.map((f) => `Not using ${f.backend}: ${f.reason}`),
  ]
}
