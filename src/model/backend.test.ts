import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import {
  BackendUnavailableError,
  describeSelection,
  explainNoGpu,
  loadFailureReason,
  selectBackend,
  type BackendHost,
} from './backend.js'
import { missingFrom, parseNvidiaSmiList, probeCuda, type CudaProbe } from './cuda-probe.js'
import { buildEncoder } from './encoder.js'
import type { WebgpuAdapter, WebgpuProbe } from './webgpu-adapters.js'

const notFound = (spec: string): Error =>
  Object.assign(new Error(`Cannot find package '${spec}' imported from /app/out/src/model/backend.js`), { code: 'ERR_MODULE_NOT_FOUND' })

const adapter = (name: string, hardware: boolean, dawnBackend: WebgpuAdapter['dawnBackend'] = 'vulkan'): WebgpuAdapter => ({
  name, dawnBackend, vendor: hardware ? 'nvidia' : '', architecture: '', description: '', featureLevel: hardware ? 'core' : 'compatibility', hardware,
  maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 27, maxStorageBuffersPerShaderStage: 16,
  request: { featureLevel: hardware ? 'core' : 'compatibility', powerPreference: 'high-performance' },
})
const NO_DAWN: WebgpuProbe = { error: 'the webgpu package (Dawn\'s Node binding) is not installed', adapters: [], tried: ['vulkan', 'opengles'], skipped: [] }

/** A fake host: `installed` lists the loadable modules; activations are recorded. */
function fakeHost(
  installed: string[],
  opts: { usesGpu?: boolean; probe?: CudaProbe; webgpu?: WebgpuProbe; seconds?: Partial<Record<string, number>> } = {},
): Partial<BackendHost> & { activated: string[]; calibrated: string[] } {
  const activated: string[] = []
  const calibrated: string[] = []
  return {
    activated,
    calibrated,
    probeWebgpu: () => Promise.resolve(opts.webgpu ?? NO_DAWN),
    activateWebgpu: (a) => {
      activated.push(`webgpu:${a.name}`)
      return Promise.resolve(null)
    },
    calibrate: (choice) => {
      calibrated.push(`${choice}@${activated.at(-1) ?? ''}`)
      return Promise.resolve({ pretextSampleSeconds: opts.seconds?.[choice] ?? 1 })
    },
    importModule: (spec) => (installed.includes(spec) ? Promise.resolve({}) : Promise.reject(notFound(spec))),
    activate: (name) => {
      activated.push(name)
      return Promise.resolve(true)
    },
    nativeUsesGpu: () => opts.usesGpu ?? false,
    probeCuda: () => opts.probe ?? { gpus: null, missingLibraries: [] },
    wasmDir: () => '/app/wasm/',
    wasmInfo: () => ({ simd: true, threads: 1 }),
  }
}

describe('backend selection logic (injected loaders)', () => {
  it('uses tfjs-node-gpu when TensorFlow reports a GPU device', async () => {
    const host = fakeHost(['@tensorflow/tfjs-node-gpu'], { usesGpu: true, probe: { gpus: ['NVIDIA RTX A4000'], missingLibraries: [] } })
    const s = await selectBackend({ host })
    expect(s).toEqual({ backend: 'gpu', tfBackend: 'tensorflow', device: 'GPU (CUDA: NVIDIA RTX A4000)', fallbacks: [] })
  })

  it('says so when tfjs-node-gpu quietly runs on the CPU because CUDA 11.2 is missing', async () => {
    const probe = { gpus: ['NVIDIA GeForce RTX 4090'], missingLibraries: ['libcudart.so.11.0', 'libcudnn.so.8'] }
    const host = fakeHost(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'], { usesGpu: false, probe })
    const s = await selectBackend({ host })
    expect(s.backend).toBe('node')
    expect(s.device).toMatch(/^CPU \(TensorFlow native/)
    expect(s.fallbacks).toHaveLength(2)
    expect(s.fallbacks[0]?.backend).toBe('gpu')
    expect(s.fallbacks[1]).toEqual({ backend: 'webgpu', reason: NO_DAWN.error })
    expect(s.fallbacks[0]?.reason).toMatch(/runs on the CPU: libcudart\.so\.11\.0, libcudnn\.so\.8 not found: .*CUDA 11\.2 and cuDNN 8\.1/)
    // tfjs-node is not loaded on top: one native backend is enough.
    expect(host.activated).toEqual(['tensorflow'])
  })

  it('explains a missing driver or device', () => {
    expect(explainNoGpu({ gpus: null, missingLibraries: [] })).toMatch(/no NVIDIA driver/)
    expect(explainNoGpu({ gpus: [], missingLibraries: [] })).toMatch(/lists no CUDA device/)
    expect(explainNoGpu({ gpus: ['X'], missingLibraries: [] })).toMatch(/did not use X/)
  })

  it('falls back to tfjs-node, then wasm, then cpu, with reasons', async () => {
    const node = await selectBackend({ host: fakeHost(['@tensorflow/tfjs-node']) })
    expect(node.backend).toBe('node')
    expect(node.fallbacks.map((f) => f.backend)).toEqual(['gpu', 'webgpu'])
    expect(node.fallbacks[0]?.reason).toMatch(/tfjs-node-gpu is not installed/)

    const wasm = await selectBackend({ host: fakeHost(['@tensorflow/tfjs-backend-wasm']) })
    expect(wasm.backend).toBe('wasm')
    expect(wasm.device).toBe('CPU (WebAssembly, SIMD, 1 thread)')
    expect(wasm.fallbacks.map((f) => f.backend)).toEqual(['gpu', 'webgpu', 'node'])

    const cpu = await selectBackend({ host: fakeHost([]) })
    expect(cpu.backend).toBe('cpu')
    expect(cpu.fallbacks.map((f) => f.backend)).toEqual(['gpu', 'webgpu', 'node', 'wasm'])
    expect(describeSelection(cpu)[0]).toMatch(/^Backend: cpu on CPU/)
  })

  it('tells an absent package from an installed one whose native part failed', () => {
    expect(loadFailureReason('@tensorflow/tfjs-node', notFound('@tensorflow/tfjs-node'))).toMatch(/is not installed/)
    const broken = Object.assign(new Error("Cannot find module '/x/lib/napi-v8/tfjs_binding.node'\nRequire stack: …"), { code: 'MODULE_NOT_FOUND' })
    expect(loadFailureReason('@tensorflow/tfjs-node', broken)).toBe(
      "@tensorflow/tfjs-node is installed but failed to load: Cannot find module '/x/lib/napi-v8/tfjs_binding.node'")
  })

  it('an explicit override uses exactly that backend or says why not', async () => {
    const host = fakeHost(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-wasm'], { probe: { gpus: [], missingLibraries: [] } })
    const gpu = await selectBackend({ override: 'gpu', host })
    expect(gpu.backend).toBe('gpu')
    expect(gpu.device).toMatch(/^CPU/)
    expect(gpu.fallbacks[0]?.reason).toMatch(/lists no CUDA device/)
    expect((await selectBackend({ override: 'cpu', host })).backend).toBe('cpu')
    await expect(selectBackend({ override: 'node', host })).rejects.toThrow(BackendUnavailableError)
    await expect(selectBackend({ override: 'node', host })).rejects.toThrow(/backend 'node' is not available: .*not installed/)
  })

  it('uses WebGPU on a hardware adapter before tfjs-node when it calibrates faster, and says why', async () => {
    const webgpu: WebgpuProbe = { error: null, adapters: [adapter('llvmpipe', false, 'opengles'), adapter('NVIDIA GeForce RTX 4070', true)], tried: ['vulkan', 'opengles'], skipped: [] }
    const host = fakeHost(['@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm'], { webgpu, seconds: { webgpu: 0.002, node: 0.02 } })
    const s = await selectBackend({ host })
    expect(s.backend).toBe('webgpu')
    expect(s.tfBackend).toBe('webgpu')
    expect(s.device).toBe('GPU (WebGPU via Dawn Vulkan: NVIDIA GeForce RTX 4070)')
    // each calibrated with its own backend active; the winner active at the end
    expect(host.calibrated).toEqual(['webgpu@webgpu', 'node@tensorflow'])
    expect(host.activated.at(-1)).toBe('webgpu')
    expect(s.fallbacks).toEqual([
      { backend: 'gpu', reason: expect.stringMatching(/tfjs-node-gpu is not installed/) as string },
      { backend: 'node', reason: 'GPU (WebGPU via Dawn Vulkan: NVIDIA GeForce RTX 4070) trained faster in a short calibration (2.00 ms per sample against 20.0 ms on the CPU)' },
    ])
  })

  it('keeps native TensorFlow on the CPU when a small GPU calibrates slower', async () => {
    const webgpu: WebgpuProbe = { error: null, adapters: [adapter('Intel(R) UHD Graphics 620', true)], tried: ['vulkan'], skipped: [] }
    const host = fakeHost(['@tensorflow/tfjs-node'], { webgpu, seconds: { webgpu: 0.05, node: 0.01 } })
    const s = await selectBackend({ host })
    expect(s.backend).toBe('node')
    expect(host.activated.at(-1)).toBe('tensorflow')
    expect(s.fallbacks.map((f) => f.backend)).toEqual(['gpu', 'webgpu'])
    expect(s.fallbacks[1]?.reason).toBe('GPU (WebGPU via Dawn Vulkan: Intel(R) UHD Graphics 620) trained slower than native TensorFlow on the CPU in a short calibration (50.0 ms per sample against 10.0 ms)')
  })

  it('compares WebGPU with tfjs-node-gpu running on the CPU, and uses WebGPU without calibrating when no native backend loads', async () => {
    const webgpu: WebgpuProbe = { error: null, adapters: [adapter('AMD Radeon RX 7600', true)], tried: ['vulkan'], skipped: [] }
    const cudaless = fakeHost(['@tensorflow/tfjs-node-gpu'], { webgpu, usesGpu: false, probe: { gpus: null, missingLibraries: [] }, seconds: { webgpu: 0.001, node: 0.01 } })
    const a = await selectBackend({ host: cudaless })
    expect(a.backend).toBe('webgpu')
    expect(a.fallbacks.map((f) => f.backend)).toEqual(['gpu', 'node'])
    expect(a.fallbacks[0]?.reason).toMatch(/runs on the CPU: no NVIDIA driver/)

    const alone = fakeHost(['@tensorflow/tfjs-backend-wasm'], { webgpu })
    const b = await selectBackend({ host: alone })
    expect(b.backend).toBe('webgpu')
    expect(alone.calibrated).toEqual([])
    expect(b.fallbacks.map((f) => f.backend)).toEqual(['gpu'])
  })

  it('never chooses a software adapter by itself, but uses one when asked', async () => {
    const webgpu: WebgpuProbe = { error: null, adapters: [adapter('llvmpipe-llvm-15-0-6-256-bits', false, 'opengles')], tried: ['vulkan', 'opengles'], skipped: [] }
    const host = fakeHost(['@tensorflow/tfjs-backend-wasm'], { webgpu })
    const auto = await selectBackend({ host })
    expect(auto.backend).toBe('wasm')
    expect(auto.fallbacks[1]).toEqual({
      backend: 'webgpu',
      reason: 'only a software adapter (llvmpipe-llvm-15-0-6-256-bits) was found: about 20× slower than WebAssembly, used only when asked',
    })
    expect(host.activated).not.toContain('webgpu:llvmpipe-llvm-15-0-6-256-bits')
    const asked = await selectBackend({ override: 'webgpu', host })
    expect(asked).toEqual({ backend: 'webgpu', tfBackend: 'webgpu', device: 'software GPU (WebGPU via Dawn OpenGL ES: llvmpipe-llvm-15-0-6-256-bits)', fallbacks: [] })

    const none = fakeHost([], { webgpu: { error: null, adapters: [], tried: ['vulkan', 'opengles'], skipped: [] } })
    await expect(selectBackend({ override: 'webgpu', host: none })).rejects.toThrow(
      "backend 'webgpu' is not available: Dawn found no GPU adapter through Vulkan or OpenGL ES: no GPU driver it can use")
    await expect(selectBackend({ override: 'webgpu', host: fakeHost([]) })).rejects.toThrow(/the webgpu package \(Dawn's Node binding\) is not installed/)
  })

  it('parses nvidia-smi and finds libraries', () => {
    expect(parseNvidiaSmiList('GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-1234)\nGPU 1: Tesla T4 (UUID: GPU-5)\n')).toEqual(['NVIDIA A100-SXM4-40GB', 'Tesla T4'])
    expect(parseNvidiaSmiList('No devices were found\n')).toEqual([])
    const cache = '\tlibcudart.so.12 (libc6,x86-64) => /usr/lib/libcudart.so.12\n\tlibcudnn.so.8 (libc6,x86-64) => /usr/lib/libcudnn.so.8\n'
    expect(missingFrom(['libcudart.so.11.0', 'libcudnn.so.8'], cache, [])).toEqual(['libcudart.so.11.0'])
    // The real probe never throws, with or without a GPU.
    const probe = probeCuda()
    expect(Array.isArray(probe.missingLibraries)).toBe(true)
  })
})

describe('backends in this environment', () => {
  it('reports the native packages unavailable and selects wasm, whose encoder output equals cpu', async () => {
    await tf.setBackend('cpu')
    const encoder = buildEncoder({ seed: 11 })
    const x = tf.randomNormal([2, 2560, 1], 0, 1, 'float32', 12)
    const onCpu = (encoder.model.predict(x) as tf.Tensor).dataSync().slice()

    const s = await selectBackend()
    expect(s.backend).toBe('wasm')
    expect(tf.getBackend()).toBe('wasm')
    expect(s.device).toMatch(/^CPU \(WebAssembly, SIMD, \d+ threads?\)$/)
    expect(s.fallbacks.map((f) => f.backend)).toEqual(['gpu', 'webgpu', 'node'])
    // Dawn is installed; the automatic choice probes only Vulkan here (no loader, or a software one).
    expect(s.fallbacks[1]?.reason).toMatch(/^only a software adapter \(.+\) was found|^Dawn found no GPU adapter|^Dawn has no backend to try/)
    for (const f of [s.fallbacks[0]!, s.fallbacks[2]!]) expect(f.reason).toMatch(/not installed|failed to load/)

    const onWasm = tf.tidy(() => (encoder.model.predict(x) as tf.Tensor).dataSync().slice())
    expect(onWasm).toHaveLength(onCpu.length)
    let worst = 0
    onCpu.forEach((c, i) => {
      worst = Math.max(worst, Math.abs((onWasm[i] ?? NaN) - c) / (Math.abs(c) + 1e-6))
    })
    expect(worst).toBeLessThan(1e-4)
    x.dispose()
    encoder.model.dispose()
  })
})
