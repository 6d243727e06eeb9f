/**
 * Picks the tfjs backend that trains fastest here and says why faster ones were not used
 * (docs/ARCHITECTURE.md "Training backends"): tfjs-node-gpu when CUDA really works → WebGPU through Dawn on
 * a hardware adapter → tfjs-node → wasm → cpu. Where both a hardware WebGPU adapter and native
 * TensorFlow on the CPU can run, a short calibration decides (a small integrated GPU can be slower
 * than TensorFlow on many cores). Software WebGPU adapters (llvmpipe, SwiftShader) are used only
 * when asked for. The native packages are optional dependencies, so they are loaded with dynamic
 * import and a missing one is a reported fallback, never a crash.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { probeCuda, type CudaProbe } from './cuda-probe.js'
import { registerWasmTrainingKernels } from './kernels/register-wasm-kernels.js'
import { type BackendChoice } from './backend-choices.js'
import { calibrateBackend } from './calibration.js'
import { adapterDevice, chooseAdapter, noHardwareAdapterReason, probeWebgpu, type WebgpuAdapter, type WebgpuProbe } from './webgpu-adapters.js'
import { activateWebgpu, defaultWebgpuActivationHost, TFJS_WEBGPU_MODULE } from './webgpu-backend.js'

export { BACKEND_CHOICES, type BackendChoice } from './backend-choices.js'

/** A faster backend that was not used, and why, in words for the user. */
export interface BackendFallback {
  backend: BackendChoice
  reason: string
}

/** The outcome of {@link selectBackend}. */
export interface BackendSelection {
  backend: BackendChoice
  /** tfjs's own name of the active backend ('tensorflow', 'webgpu', 'wasm', 'cpu'). */
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
  /** The WebGPU adapters Dawn finds (loads the `webgpu` package); never throws. */
  /** `nativeOnly`: Vulkan, Metal or Direct3D 12 only (the automatic choice; see ProbeOptions). */
  probeWebgpu: (nativeOnly?: boolean) => Promise<WebgpuProbe>
  /** Runs tfjs's WebGPU backend on `adapter` and activates it: null, or why it could not. */
  activateWebgpu: (adapter: WebgpuAdapter) => Promise<string | null>
  /**
   * Seconds per pretext training sample of the active backend (`choice`'s), from a short
   * calibration: decides between a hardware WebGPU adapter and native TensorFlow on the CPU. The
   * services layer passes one that reads and writes its cache (per machine, backend and app
   * version), so the choice is measured once, not on every run. `active` is the selection being
   * timed (its device names the cached calibration; its tfjs backend sets the pass size).
   */
  calibrate: (choice: BackendChoice, active: { device: string; tfBackend: string }) => Promise<{ pretextSampleSeconds: number }>
}

/** The module of each backend, as installed from npm. */
export const BACKEND_MODULES: Readonly<Record<Exclude<BackendChoice, 'cpu'>, string>> = {
  gpu: '@tensorflow/tfjs-node-gpu',
  webgpu: TFJS_WEBGPU_MODULE,
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

/** Calibrations made in this process, by backend (each takes seconds). */
const calibrations = new Map<BackendChoice, Promise<{ pretextSampleSeconds: number }>>()

const activateByName = async (name: string): Promise<boolean> => {
  const ok = await tf.setBackend(name)
  if (ok) await tf.ready()
  // The cpu backend greets Node users once with advice to install tfjs-node; the selection report
  // already says which backend runs and why, so silence the banner (a private flag of tfjs 4).
  const cpu = tf.findBackend('cpu') as { firstUse?: boolean } | null
  if (cpu !== null && 'firstUse' in cpu) cpu.firstUse = false
  return ok
}

/** The real host: this process's tfjs. */
export const defaultBackendHost: BackendHost = {
  importModule: (specifier) => import(specifier),
  activate: activateByName,
  nativeUsesGpu: () => (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true,
  probeCuda,
  wasmDir: wasmDistDir,
  wasmInfo: () => ({
    simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? getWasmThreads() : 1,
  }),
  probeWebgpu: (nativeOnly) => probeWebgpu({ nativeOnly: nativeOnly === true }),
  activateWebgpu: (adapter) => activateWebgpu(adapter, defaultWebgpuActivationHost(activateByName)),
  calibrate: (choice) => {
    let c = calibrations.get(choice)
    if (c === undefined) {
      c = calibrateBackend(choice)
      calibrations.set(choice, c)
    }
    return c
  },
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

/**
 * WebGPU through Dawn: the first hardware adapter, or when `explicit` the first adapter of any kind
 * (a software one runs, slowly, where the user asked for it).
 */
async function tryWebgpu(host: BackendHost, explicit: boolean): Promise<Attempt> {
  // The automatic choice takes hardware adapters only, which the native GPU APIs find.
  const probe = await host.probeWebgpu(!explicit)
  const adapter = chooseAdapter(probe.adapters, explicit)
  if (adapter === undefined) return { ok: false, reason: noHardwareAdapterReason(probe) }
  const failure = await host.activateWebgpu(adapter)
  if (failure !== null) return { ok: false, reason: failure }
  return { ok: true, selection: { backend: 'webgpu', tfBackend: 'webgpu', device: adapterDevice(adapter) } }
}

function attempt(choice: BackendChoice, host: BackendHost, explicit: boolean): Promise<Attempt> {
  if (choice === 'gpu' || choice === 'node') return tryNative(choice, host, explicit)
  if (choice === 'webgpu') return tryWebgpu(host, explicit)
  return choice === 'wasm' ? tryWasm(host) : tryCpu(host)
}

const msPerSample = (seconds: number): string => `${(seconds * 1000).toPrecision(3)} ms`

/**
 * Hardware WebGPU or native TensorFlow on the CPU, whichever trains the pretext network faster
 * here (both are loaded and calibrated in turn); the winner is left active.
 */
async function fasterOf(
  webgpu: Extract<Attempt, { ok: true }>, native: Extract<Attempt, { ok: true }>, host: BackendHost,
): Promise<{ winner: Extract<Attempt, { ok: true }>; loser: BackendFallback }> {
  const time = async (a: Extract<Attempt, { ok: true }>): Promise<number> => {
    if (!(await host.activate(a.selection.tfBackend))) return Infinity
    return (await host.calibrate(a.selection.backend, a.selection)).pretextSampleSeconds
  }
  const tWebgpu = await time(webgpu)
  const tNative = await time(native)
  const webgpuWins = tWebgpu <= tNative
  const winner = webgpuWins ? webgpu : native
  await host.activate(winner.selection.tfBackend)
  const loser: BackendFallback = webgpuWins
    ? { backend: 'node', reason: `${webgpu.selection.device} trained faster in a short calibration (${msPerSample(tWebgpu)} per sample against ${msPerSample(tNative)} on the CPU)` }
    : { backend: 'webgpu', reason: `${webgpu.selection.device} trained slower than native TensorFlow on the CPU in a short calibration (${msPerSample(tWebgpu)} per sample against ${msPerSample(tNative)})` }
  return { winner, loser }
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
  const done = (a: Extract<Attempt, { ok: true }>): BackendSelection => ({ ...a.selection, fallbacks })

  // 1. CUDA. tfjs-node-gpu without a usable GPU runs TensorFlow on the CPU: kept as the native CPU backend.
  let nativeCpu: Extract<Attempt, { ok: true }> | undefined
  const gpu = await attempt('gpu', host, false)
  if (gpu.ok && gpu.selection.backend === 'gpu') return done(gpu)
  if (gpu.ok) {
    nativeCpu = gpu
    if (gpu.note) fallbacks.push(gpu.note)
  } else fallbacks.push({ backend: 'gpu', reason: gpu.reason })

  // 2. WebGPU on a hardware adapter; against native TensorFlow on the CPU, a calibration decides.
  const webgpu = await attempt('webgpu', host, false)
  if (webgpu.ok) {
    if (nativeCpu === undefined) {
      const node = await attempt('node', host, false)
      if (node.ok) nativeCpu = node
    }
    if (nativeCpu === undefined) {
      await host.activate('webgpu')
      return done(webgpu)
    }
    const { winner, loser } = await fasterOf(webgpu, nativeCpu, host)
    fallbacks.push(loser)
    return done(winner)
  }
  fallbacks.push({ backend: 'webgpu', reason: webgpu.reason })

  // 3. Native TensorFlow on the CPU, then WebAssembly, then plain JavaScript.
  if (nativeCpu !== undefined) return done(nativeCpu)
  for (const choice of ['node', 'wasm', 'cpu'] as const) {
    const result = await attempt(choice, host, false)
    if (result.ok) {
      if (result.note) fallbacks.push(result.note)
      return done(result)
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
