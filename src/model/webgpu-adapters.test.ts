import { describe, expect, it } from 'vitest'
import {
  adapterDevice, chooseAdapter, dawnLoadFailure, describeAdapterLine, isSoftwareAdapter, noHardwareAdapterReason, probeWebgpu,
  type AdapterLike, type DawnModule, type GpuLike,
} from './webgpu-adapters.js'
import { webgpuSamplesPerPass } from './webgpu-backend.js'

/** A fake adapter: limits as prototype getters, as dawn.node has them. */
function fakeAdapter(info: AdapterLike['info'], limits: Record<string, number>): AdapterLike {
  const proto = {}
  for (const [k, v] of Object.entries(limits)) Object.defineProperty(proto, k, { get: () => v, enumerable: true })
  return { info, limits: Object.create(proto) as object, requestDevice: () => Promise.resolve({}) }
}

const NVIDIA = fakeAdapter({ vendor: 'nvidia', architecture: 'lovelace', device: 'NVIDIA GeForce RTX 4070', description: 'NVIDIA: 550.54' },
  { maxBufferSize: 4294967296, maxStorageBufferBindingSize: 2147483644, maxStorageBuffersPerShaderStage: 10 })
const LLVMPIPE = fakeAdapter({ vendor: '', architecture: '', device: 'llvmpipe-llvm-15-0-6-256-bits-', description: 'OpenGL version OpenGL ES 3.2 Mesa 22.3.6' },
  { maxBufferSize: 2147483648, maxStorageBufferBindingSize: 134217728, maxStorageBuffersPerShaderStage: 16 })

/** A fake Dawn: per backend, the adapters its requests return. */
function fakeDawn(byBackend: Record<string, (options: Record<string, unknown>) => AdapterLike | null>): DawnModule & { created: string[][] } {
  const created: string[][] = []
  return {
    created,
    globals: {},
    create: (options) => {
      created.push(options)
      const backend = options[0]?.replace('backend=', '') ?? ''
      const gpu: GpuLike = { requestAdapter: (o = {}) => Promise.resolve(byBackend[backend]?.(o) ?? null) }
      return gpu
    },
  }
}

describe('WebGPU adapters', () => {
  it('tells software renderers from hardware', () => {
    expect(isSoftwareAdapter(NVIDIA.info)).toBe(false)
    expect(isSoftwareAdapter(LLVMPIPE.info)).toBe(true)
    expect(isSoftwareAdapter({ vendor: 'google', device: 'SwiftShader Device (Subzero)' })).toBe(true)
    expect(isSoftwareAdapter({ device: 'Microsoft Basic Render Driver' })).toBe(true)
    expect(isSoftwareAdapter({ device: 'AMD Radeon RX 7600', isFallbackAdapter: true })).toBe(true)
  })

  it('finds core adapters per Dawn backend, compatibility ones where core finds none, once each', async () => {
    const dawn = fakeDawn({
      vulkan: (o) => (o.featureLevel === 'core' && o.forceFallbackAdapter !== true ? NVIDIA : null),
      opengles: (o) => (o.featureLevel === 'compatibility' ? LLVMPIPE : null),
    })
    const probe = await probeWebgpu({ platform: 'linux', loadDawn: () => Promise.resolve(dawn), missingLibraries: () => [] })
    expect(probe.error).toBeNull()
    expect(probe.tried).toEqual(['vulkan', 'opengles'])
    expect(dawn.created).toEqual([['backend=vulkan'], ['backend=opengles']])
    expect(probe.adapters.map((a) => [a.name, a.dawnBackend, a.featureLevel, a.hardware])).toEqual([
      ['NVIDIA GeForce RTX 4070', 'vulkan', 'core', true],
      ['llvmpipe-llvm-15-0-6-256-bits', 'opengles', 'compatibility', false],
    ])
    const [gpu, soft] = probe.adapters
    expect(gpu?.maxStorageBufferBindingSize).toBe(2147483644)
    expect(soft?.request).toEqual({ featureLevel: 'compatibility', powerPreference: 'high-performance' })
    expect(chooseAdapter(probe.adapters, false)).toBe(gpu)
    expect(chooseAdapter([soft!], false)).toBeUndefined()
    expect(chooseAdapter([soft!], true)).toBe(soft)
    expect(adapterDevice(gpu!)).toBe('GPU (WebGPU via Dawn Vulkan: NVIDIA GeForce RTX 4070)')
    expect(adapterDevice(soft!)).toBe('software GPU (WebGPU via Dawn OpenGL ES: llvmpipe-llvm-15-0-6-256-bits)')
    expect(describeAdapterLine(gpu!)).toBe('NVIDIA GeForce RTX 4070 (Dawn Vulkan, vendor nvidia, hardware; max buffer 4.3 GB, storage binding 2.1 GB)')
    expect(describeAdapterLine(soft!)).toBe('llvmpipe-llvm-15-0-6-256-bits (Dawn OpenGL ES, software, compatibility mode; max buffer 2.1 GB, storage binding 134 MB)')
    expect(noHardwareAdapterReason({ ...probe, adapters: [soft!] })).toBe(
      'only a software adapter (llvmpipe-llvm-15-0-6-256-bits) was found: about 20× slower than WebAssembly, used only when asked')
  })

  it('says why there is no adapter or no Dawn', async () => {
    const empty = await probeWebgpu({ platform: 'win32', loadDawn: () => Promise.resolve(fakeDawn({})), missingLibraries: () => [] })
    expect(empty.tried).toEqual(['d3d12', 'vulkan'])
    expect(noHardwareAdapterReason(empty)).toBe('Dawn found no GPU adapter through Direct3D 12 or Vulkan: no GPU driver it can use')
    // Linux without the Vulkan loader: Vulkan is not tried (Dawn would only print a warning)
    const dawn = fakeDawn({})
    const noVulkan = await probeWebgpu({ platform: 'linux', loadDawn: () => Promise.resolve(dawn), missingLibraries: (b) => (b === 'vulkan' ? ['libvulkan.so.1'] : []) })
    expect(dawn.created).toEqual([['backend=opengles']])
    expect(noVulkan.skipped).toEqual([{ backend: 'vulkan', missing: ['libvulkan.so.1'] }])
    expect(noHardwareAdapterReason(noVulkan)).toBe('Dawn found no GPU adapter through OpenGL ES: no GPU driver it can use (Vulkan needs libvulkan.so.1, not installed)')
    const nothing = await probeWebgpu({ platform: 'linux', loadDawn: () => Promise.resolve(dawn), missingLibraries: (b) => (b === 'vulkan' ? ['libvulkan.so.1'] : ['libEGL.so.1']) })
    expect(noHardwareAdapterReason(nothing)).toBe('Dawn has no backend to try: Vulkan needs libvulkan.so.1, not installed; OpenGL ES needs libEGL.so.1, not installed')
    const missing = Object.assign(new Error("Cannot find package 'webgpu' imported from /app/out/src/model/webgpu-adapters.js"), { code: 'ERR_MODULE_NOT_FOUND' })
    const absent = await probeWebgpu({ platform: 'linux', loadDawn: () => Promise.reject(missing), missingLibraries: () => [] })
    expect(absent).toMatchObject({ error: "the webgpu package (Dawn's Node binding) is not installed", adapters: [] })
    expect(noHardwareAdapterReason(absent)).toBe(absent.error)
    const noBuild = Object.assign(new Error("Cannot find module '/app/node_modules/webgpu/dist/freebsd-x64/dawn.node'"), { code: 'MODULE_NOT_FOUND' })
    expect(dawnLoadFailure(noBuild, 'freebsd', 'x64')).toBe('the webgpu package has no Dawn build for freebsd x64')
    expect(dawnLoadFailure(new Error('libEGL.so.1: cannot open shared object file'))).toBe(
      "Dawn's Node binding (webgpu) failed to load: libEGL.so.1: cannot open shared object file")
  })

  it('sizes training passes to the adapter storage binding limit', () => {
    // 2560 × 32 float32 activations per sample: 327 680 bytes
    expect(webgpuSamplesPerPass(134217728)).toBe(256)
    expect(webgpuSamplesPerPass(2147483644)).toBe(256)
    expect(webgpuSamplesPerPass(32 * 1024 * 1024)).toBe(102)
    expect(webgpuSamplesPerPass(100_000)).toBe(1)
    expect(webgpuSamplesPerPass(undefined)).toBe(64)
  })
})
