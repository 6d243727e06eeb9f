/**
 * The WebGPU adapters Dawn's Node binding (the npm package `webgpu`, prebuilt `dawn.node`) finds
 * on this machine, described for the backend choice and `ecg-ssl doctor`: name, Dawn backend,
 * vendor, hardware or software, and the limits that bound a training pass.
 *
 * dawn.node looks at one Dawn backend per instance (by default the platform's own: Vulkan on
 * Linux, Direct3D 12 on Windows, Metal on macOS), so each backend worth trying gets its own
 * instance. OpenGL ES only offers adapters in WebGPU's compatibility feature level; on Linux it
 * reaches the GPU (or Mesa's llvmpipe) through EGL without a display when EGL_PLATFORM is
 * `surfaceless`, which is set here when unset.
 */
import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { missingFrom } from './cuda-probe.js'

/** Dawn backends dawn.node accepts in its `backend=` option. */
export type DawnBackend = 'vulkan' | 'opengles' | 'opengl' | 'd3d12' | 'd3d11' | 'metal'

/** The Dawn backends tried on each platform, best first. */
export const DAWN_BACKENDS: Readonly<Partial<Record<NodeJS.Platform, readonly DawnBackend[]>>> = {
  linux: ['vulkan', 'opengles'],
  win32: ['d3d12', 'vulkan'],
  darwin: ['metal'],
}

/** How each Dawn backend is named for the user. */
export const DAWN_BACKEND_LABELS: Readonly<Record<DawnBackend, string>> = {
  vulkan: 'Vulkan', opengles: 'OpenGL ES', opengl: 'OpenGL', d3d12: 'Direct3D 12', d3d11: 'Direct3D 11', metal: 'Metal',
}

/**
 * The system libraries Dawn opens for a backend on Linux. Without them Dawn only prints a warning
 * and finds nothing, so a backend whose library is absent is not tried (and the reason is kept).
 */
export const DAWN_LINUX_LIBRARIES: Readonly<Partial<Record<DawnBackend, readonly string[]>>> = {
  vulkan: ['libvulkan.so.1'],
  opengles: ['libEGL.so.1', 'libGLESv2.so.2'],
}

/** The libraries of {@link DAWN_LINUX_LIBRARIES} missing for `backend` here (none off Linux). */
export function missingDawnLibraries(backend: DawnBackend, platform: NodeJS.Platform = process.platform): string[] {
  const names = platform === 'linux' ? DAWN_LINUX_LIBRARIES[backend] : undefined
  if (names === undefined) return []
  const dirs = (process.env.LD_LIBRARY_PATH ?? '').split(path.delimiter).filter((d) => d !== '')
  return missingFrom(names, linkerCache(), dirs)
}

let cache: string | undefined
const linkerCache = (): string => {
  if (cache !== undefined) return cache
  for (const file of ['/sbin/ldconfig', 'ldconfig']) {
    try {
      cache = execFileSync(file, ['-p'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] })
      return cache
    } catch {
      // try the next
    }
  }
  cache = ''
  return cache
}

/** The npm package of Dawn's Node binding. */
export const DAWN_MODULE = 'webgpu'

/** One adapter as the user and the backend choice see it. */
export interface WebgpuAdapter {
  /** The adapter's name (Dawn's device string, else its description). */
  readonly name: string
  readonly dawnBackend: DawnBackend
  readonly vendor: string
  readonly architecture: string
  readonly description: string
  /** 'core' WebGPU, or the 'compatibility' feature level (OpenGL ES, older GPUs). */
  readonly featureLevel: 'core' | 'compatibility'
  /** False for CPU renderers (Mesa llvmpipe / lavapipe / softpipe, SwiftShader, WARP) and fallback adapters. */
  readonly hardware: boolean
  /** Largest buffer (bytes). */
  readonly maxBufferSize: number
  /** Largest storage binding (bytes): the largest tensor one kernel can read or write. */
  readonly maxStorageBufferBindingSize: number
  /** Storage buffers one shader may bind (compatibility adapters may allow few). */
  readonly maxStorageBuffersPerShaderStage: number
  /** How to ask Dawn for this adapter again. */
  readonly request: { readonly featureLevel: 'core' | 'compatibility'; readonly powerPreference?: 'high-performance' | 'low-power'; readonly forceFallbackAdapter?: boolean }
}

/** What {@link probeWebgpu} found. */
export interface WebgpuProbe {
  /** Why Dawn could not be loaded at all (package missing, no build for this platform), else null. */
  readonly error: string | null
  readonly adapters: WebgpuAdapter[]
  /** The Dawn backends that were tried. */
  readonly tried: readonly DawnBackend[]
  /** Backends not tried because a system library they need is missing, with the libraries. */
  readonly skipped: ReadonlyArray<{ readonly backend: DawnBackend; readonly missing: readonly string[] }>
}

/** The parts of a WebGPU adapter this module reads (dawn.node's GPUAdapter has them all). */
export interface AdapterLike {
  readonly info: { vendor?: string; architecture?: string; device?: string; description?: string; isFallbackAdapter?: boolean }
  readonly limits: Record<string, unknown> | object
  readonly features?: ReadonlySet<string>
  readonly featureLevel?: string
  requestDevice(descriptor?: unknown): Promise<unknown>
}

/** A `navigator.gpu` of one Dawn instance. */
export interface GpuLike {
  requestAdapter(options?: Record<string, unknown>): Promise<AdapterLike | null>
}

/** The exports of the `webgpu` package. */
export interface DawnModule {
  create: (options: string[]) => GpuLike
  globals: object
}

const SOFTWARE_RENDERERS = /llvmpipe|lavapipe|softpipe|swiftshader|software rasterizer|microsoft basic render|\bwarp\b/i

/** Whether an adapter renders on the CPU (Mesa llvmpipe, lavapipe, softpipe, SwiftShader, WARP). */
export function isSoftwareAdapter(info: AdapterLike['info']): boolean {
  if (info.isFallbackAdapter === true) return true
  return SOFTWARE_RENDERERS.test([info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' '))
}

const limit = (limits: AdapterLike['limits'], name: string): number => {
  const v = (limits as Record<string, unknown>)[name]
  return typeof v === 'number' ? v : 0
}

/** Every numeric limit of `adapter` (to request all of them for the device: the defaults are far lower). */
export function adapterLimits(adapter: AdapterLike): Record<string, number> {
  const out: Record<string, number> = {}
  // dawn.node's limits are getters on the prototype: for…in sees them, Object.keys does not.
  for (const name in adapter.limits) {
    const v = (adapter.limits as Record<string, unknown>)[name]
    if (typeof v === 'number') out[name] = v
  }
  return out
}

/** The user's view of a Dawn adapter. */
export function describeAdapter(adapter: AdapterLike, dawnBackend: DawnBackend, request: WebgpuAdapter['request']): WebgpuAdapter {
  const info = adapter.info
  const text = (s: string | undefined): string => (s ?? '').trim()
  // Dawn's OpenGL names read "llvmpipe-llvm-15-0-6-256-bits-": drop the trailing dash.
  const name = (text(info.device) || text(info.description) || text(info.vendor) || 'unnamed adapter').replace(/-+$/, '')
  return {
    name, dawnBackend,
    vendor: text(info.vendor), architecture: text(info.architecture), description: text(info.description),
    featureLevel: request.featureLevel,
    hardware: !isSoftwareAdapter(info),
    maxBufferSize: limit(adapter.limits, 'maxBufferSize'),
    maxStorageBufferBindingSize: limit(adapter.limits, 'maxStorageBufferBindingSize'),
    maxStorageBuffersPerShaderStage: limit(adapter.limits, 'maxStorageBuffersPerShaderStage'),
    request,
  }
}

/** The requests tried on each instance: core first; the compatibility feature level when core finds nothing. */
const CORE_REQUESTS: readonly WebgpuAdapter['request'][] = [
  { featureLevel: 'core', powerPreference: 'high-performance' },
  { featureLevel: 'core', powerPreference: 'low-power' },
  { featureLevel: 'core', forceFallbackAdapter: true },
]
const COMPAT_REQUESTS: readonly WebgpuAdapter['request'][] = [
  { featureLevel: 'compatibility', powerPreference: 'high-performance' },
  { featureLevel: 'compatibility', powerPreference: 'low-power' },
]

/** Loads `webgpu` and makes WebGPU's globals (GPUBufferUsage, …) available, as tfjs expects them. */
export async function loadDawn(importModule: (specifier: string) => Promise<unknown> = (s) => import(s)): Promise<DawnModule> {
  // Mesa's EGL needs no display with this; it must be set before Dawn first opens EGL.
  if (process.platform === 'linux' && process.env.EGL_PLATFORM === undefined) process.env.EGL_PLATFORM = 'surfaceless'
  const mod = (await importModule(DAWN_MODULE)) as DawnModule
  Object.assign(globalThis, mod.globals)
  return mod
}

const instances = new WeakMap<DawnModule, Map<DawnBackend, GpuLike>>()

/** One Dawn instance per backend for the whole process (an instance is kept as long as the GPU is used). */
export function dawnInstance(dawn: DawnModule, backend: DawnBackend): GpuLike {
  let byBackend = instances.get(dawn)
  if (byBackend === undefined) {
    byBackend = new Map()
    instances.set(dawn, byBackend)
  }
  let gpu = byBackend.get(backend)
  if (gpu === undefined) {
    gpu = dawn.create([`backend=${backend}`])
    byBackend.set(backend, gpu)
  }
  return gpu
}

/** Options of {@link probeWebgpu}; tests inject a fake Dawn. */
export interface ProbeOptions {
  readonly platform?: NodeJS.Platform
  readonly loadDawn?: () => Promise<DawnModule>
  /** The system libraries a backend needs that are missing; default {@link missingDawnLibraries}. */
  readonly missingLibraries?: (backend: DawnBackend) => string[]
  /**
   * Only the platform's native GPU APIs (Vulkan, Metal, Direct3D 12), not OpenGL (ES): what the
   * automatic choice needs. On Linux, OpenGL ES through EGL is nearly always Mesa's software
   * llvmpipe (never chosen automatically; real GPUs are found through Vulkan), and probing it makes
   * Mesa print limit warnings on stderr.
   */
  readonly nativeOnly?: boolean
}

/** Why `webgpu` could not be loaded, in one line. */
export function dawnLoadFailure(error: unknown, platform: NodeJS.Platform = process.platform, arch: string = process.arch): string {
  const e = error as { code?: unknown; message?: unknown }
  const message = typeof e.message === 'string' ? e.message : String(error)
  if ((e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') && message.includes(`'${DAWN_MODULE}'`)) {
    return `the ${DAWN_MODULE} package (Dawn's Node binding) is not installed`
  }
  if (message.includes('dawn.node') && /Cannot find module/.test(message)) {
    return `the ${DAWN_MODULE} package has no Dawn build for ${platform} ${arch}`
  }
  return `Dawn's Node binding (${DAWN_MODULE}) failed to load: ${message.split('\n')[0] ?? ''}`
}

const cachedProbes = new Map<boolean, Promise<WebgpuProbe>>()

/**
 * Every adapter Dawn finds through the platform's backends (see {@link DAWN_BACKENDS}), in order of
 * preference. Never throws: a missing package or a failing backend is reported. The real probe is
 * made once per process.
 */
export function probeWebgpu(options: ProbeOptions = {}): Promise<WebgpuProbe> {
  const injected = options.loadDawn !== undefined || options.platform !== undefined || options.missingLibraries !== undefined
  const nativeOnly = options.nativeOnly === true
  const cached = injected ? undefined : cachedProbes.get(nativeOnly)
  if (cached !== undefined) return cached
  const platform = options.platform ?? process.platform
  const missing = options.missingLibraries ?? ((b: DawnBackend) => missingDawnLibraries(b, platform))
  const probe = runProbe(platform, options.loadDawn ?? (() => loadDawn()), missing, nativeOnly)
  if (!injected) cachedProbes.set(nativeOnly, probe)
  return probe
}

async function runProbe(platform: NodeJS.Platform, load: () => Promise<DawnModule>, missingLibraries: (backend: DawnBackend) => string[], nativeOnly: boolean): Promise<WebgpuProbe> {
  const skipped: Array<{ backend: DawnBackend; missing: string[] }> = []
  const tried: DawnBackend[] = []
  for (const backend of (DAWN_BACKENDS[platform] ?? []).filter((b) => !nativeOnly || (b !== 'opengles' && b !== 'opengl'))) {
    const missing = missingLibraries(backend)
    if (missing.length > 0) skipped.push({ backend, missing })
    else tried.push(backend)
  }
  let dawn: DawnModule
  try {
    dawn = await load()
  } catch (error) {
    return { error: dawnLoadFailure(error, platform), adapters: [], tried, skipped }
  }
  const adapters: WebgpuAdapter[] = []
  const seen = new Set<string>()
  for (const backend of tried) {
    let gpu: GpuLike
    try {
      gpu = dawnInstance(dawn, backend)
    } catch {
      continue
    }
    let found = false
    for (const requests of [CORE_REQUESTS, COMPAT_REQUESTS]) {
      if (found) break
      for (const request of requests) {
        let adapter: AdapterLike | null = null
        try {
          adapter = await gpu.requestAdapter({ ...request })
        } catch {
          adapter = null
        }
        if (adapter === null) continue
        found = true
        const described = describeAdapter(adapter, backend, request)
        const key = `${backend}\n${described.name}\n${described.description}`
        if (seen.has(key)) continue
        seen.add(key)
        adapters.push(described)
      }
    }
  }
  return { error: null, adapters, tried, skipped }
}

/** The adapter training would use: the first hardware one, else (only when asked for) the first software one. */
export function chooseAdapter(adapters: readonly WebgpuAdapter[], allowSoftware: boolean): WebgpuAdapter | undefined {
  return adapters.find((a) => a.hardware) ?? (allowSoftware ? adapters[0] : undefined)
}

/** The adapter in words, e.g. 'GPU (WebGPU via Dawn Vulkan: NVIDIA GeForce RTX 4070)'. */
export function adapterDevice(adapter: WebgpuAdapter): string {
  return `${adapter.hardware ? 'GPU' : 'software GPU'} (WebGPU via Dawn ${DAWN_BACKEND_LABELS[adapter.dawnBackend]}: ${adapter.name})`
}

/** Why `auto` found no adapter it would use, in one line for the user (no command-line flags). */
export function noHardwareAdapterReason(probe: WebgpuProbe): string {
  if (probe.error !== null) return probe.error
  const software = probe.adapters.find((a) => !a.hardware)
  if (software !== undefined) {
    return `only a software adapter (${software.name}) was found: about 20× slower than WebAssembly, used only when asked`
  }
  const tried = probe.tried.map((b) => DAWN_BACKEND_LABELS[b]).join(' or ')
  const skipped = probe.skipped.map((s) => `${DAWN_BACKEND_LABELS[s.backend]} needs ${s.missing.join(' and ')}, not installed`)
  if (tried === '' && skipped.length > 0) return `Dawn has no backend to try: ${skipped.join('; ')}`
  const found = `Dawn found no GPU adapter${tried === '' ? ' (no Dawn backend for this platform)' : ` through ${tried}`}: no GPU driver it can use`
  return skipped.length > 0 ? `${found} (${skipped.join('; ')})` : found
}

/** Bytes as "128 MB" / "2.1 GB" for the limits. */
export function formatLimit(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`
  return `${Math.round(bytes / 1e3)} kB`
}

/** One line per adapter for `doctor`: name, Dawn backend, vendor, hardware or software, limits. */
export function describeAdapterLine(adapter: WebgpuAdapter): string {
  const vendor = adapter.vendor === '' ? '' : `, vendor ${adapter.vendor}`
  const level = adapter.featureLevel === 'compatibility' ? ', compatibility mode' : ''
  return `${adapter.name} (Dawn ${DAWN_BACKEND_LABELS[adapter.dawnBackend]}${vendor}, ${adapter.hardware ? 'hardware' : 'software'}${level}; ` +
    `max buffer ${formatLimit(adapter.maxBufferSize)}, storage binding ${formatLimit(adapter.maxStorageBufferBindingSize)})`
}
