import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { LATEST_SCHEMA_VERSION } from '../store/migrations/index.js'
import type { WebgpuAdapter, WebgpuProbe } from '../model/webgpu-adapters.js'
import { openStore } from '../store/store.js'
import { formatDoctorReport, formatDuration, gpuAdvice, inspectStore, runDoctor } from './doctor.js'

let dir: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-doctor-'))
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const NO_DRIVER = { gpus: null, missingLibraries: ['libcudart.so.11.0', 'libcublas.so.11', 'libcudnn.so.8'] }

describe('gpuAdvice', () => {
  it('says what to install when there is no driver, no CUDA 11.2 / cuDNN 8.1, or no package', () => {
    expect(gpuAdvice(NO_DRIVER, false, false, 'linux')).toBe(
      'No NVIDIA driver found (nvidia-smi is not available), so training runs on the CPU. To train on an NVIDIA GPU, install its driver, CUDA 11.2 and cuDNN 8.1, then run npm install @tensorflow/tfjs-node-gpu.')
    const cuda12 = gpuAdvice({ gpus: ['NVIDIA GeForce RTX 4090'], missingLibraries: ['libcudart.so.11.0', 'libcudnn.so.8'] }, true, false, 'linux')
    expect(cuda12).toContain('Found NVIDIA GeForce RTX 4090, but libcudart.so.11.0, libcudnn.so.8 are missing, so training runs on the CPU.')
    expect(cuda12).toContain('needs exactly CUDA 11.2 and cuDNN 8.1')
    expect(cuda12).toContain('LD_LIBRARY_PATH')
    expect(gpuAdvice({ gpus: ['T4'], missingLibraries: ['cudnn64_8.dll'] }, true, false, 'win32')).toContain('is missing')
    expect(gpuAdvice({ gpus: ['T4'], missingLibraries: [] }, false, false, 'linux')).toContain('Run npm install @tensorflow/tfjs-node-gpu.')
    expect(gpuAdvice({ gpus: ['T4'], missingLibraries: [] }, true, true, 'linux')).toBe('Training runs on the GPU (T4).')
    expect(gpuAdvice({ gpus: [], missingLibraries: [] }, true, false, 'linux')).toBe('nvidia-smi lists no CUDA device, so training runs on the CPU.')
    expect(gpuAdvice(NO_DRIVER, false, false, 'linux', 'GPU (WebGPU via Dawn Vulkan: AMD Radeon RX 7600)')).toBe(
      'No NVIDIA driver found (nvidia-smi is not available), so CUDA is not used; training runs on GPU (WebGPU via Dawn Vulkan: AMD Radeon RX 7600) instead. ' +
      'To train on an NVIDIA GPU, install its driver, CUDA 11.2 and cuDNN 8.1, then run npm install @tensorflow/tfjs-node-gpu.')
  })
})

describe('formatDuration', () => {
  it('reads naturally from seconds to days', () => {
    expect([formatDuration(42), formatDuration(720), formatDuration(3 * 3600), formatDuration(10 * 86400)]).toEqual(['42 s', '12 min', '3.0 h', '10.0 days'])
  })
})

describe('inspectStore', () => {
  it('reports a missing store without creating it', () => {
    const db = path.join(dir, 'sub', 'w.sqlite')
    const s = inspectStore(db)
    expect(s).toMatchObject({ path: db, exists: false, sizeBytes: 0, schemaVersion: null, latestSchemaVersion: LATEST_SCHEMA_VERSION, error: null })
    expect(s.freeDiskBytes).toBeGreaterThan(0)
    expect(fs.existsSync(path.join(dir, 'sub'))).toBe(false)
  })

  it('reads size, schema version and contents of an existing store', () => {
    const db = path.join(dir, 'w.sqlite')
    openStore(db).close()
    const s = inspectStore(db)
    expect(s).toMatchObject({ exists: true, schemaVersion: LATEST_SCHEMA_VERSION, datasets: 0, windows: 0, error: null })
    expect(s.sizeBytes).toBeGreaterThanOrEqual(fs.statSync(db).size)
    expect(s.sizeBytes).toBeGreaterThan(0)
  })

  it('says when the file is not a database', () => {
    const db = path.join(dir, 'notes.txt')
    fs.writeFileSync(db, 'not sqlite at all, just text that is long enough to have a header '.repeat(4))
    expect(inspectStore(db).error).toMatch(/^cannot read it \(/)
  })
})

describe('runDoctor', () => {
  it('returns the JSON shape with backends, GPU advice, store facts and a tiny benchmark', async () => {
    const db = path.join(dir, 'w.sqlite')
    openStore(db).close()
    const report = await runDoctor({ dbPath: db, backend: 'wasm', probe: () => NO_DRIVER, benchShape: { steps: 2, batch: 2, length: 96 } })
    expect(report.versions.app).toMatch(/^\d+\.\d+\.\d+/)
    expect(report.versions.node).toBe(process.versions.node)
    expect(report.versions.tfjs).toMatch(/^4\./)
    expect(report.machine.cpus).toBeGreaterThan(0)
    expect(report.backends.packages.map((p) => p.module)).toEqual(['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-backend-webgpu', 'webgpu', '@tensorflow/tfjs-node', '@tensorflow/tfjs-backend-wasm'])
    expect(report.backends.packages[1]?.version).toMatch(/^4\.22\./)
    expect(report.backends.packages[4]?.version).toMatch(/^4\./)
    expect(report.backends.chosen).toMatchObject({ backend: 'wasm', tfBackend: 'wasm' })
    expect(report.gpu).toMatchObject({ gpus: null, inUse: false })
    expect(report.gpu.advice).toContain('install its driver, CUDA 11.2 and cuDNN 8.1')
    expect(report.store).toMatchObject({ path: db, exists: true, schemaVersion: LATEST_SCHEMA_VERSION })
    expect(report.bench).toMatchObject({ backend: 'wasm', batch: 2, steps: 2, length: 96, epochWindows: 10_000 })
    expect(report.bench?.windowsPerS).toBeGreaterThan(0)
    // 9 000 training windows × 7 variants, per-sample time scaled from 96 to 2560 samples
    expect(report.bench?.sarkar2020EpochSeconds).toBeCloseTo((9000 * 7 * 2560) / 96 / (report.bench?.windowsPerS ?? 1), 6)
    expect(JSON.parse(JSON.stringify(report))).toEqual(report)

    const text = formatDoctorReport(report)
    expect(text).toMatch(/^✓ ECG SSL Workbench /)
    expect(text).toContain('✓ Backend: wasm on CPU (WebAssembly')
    expect(text).toContain('! No NVIDIA driver found')
    expect(text).toContain('@tensorflow/tfjs-backend-wasm 4.')
    expect(text).toMatch(/✓ Training benchmark: 2 steps of 2 windows of 96 samples on wasm at [\d.]+ windows\/s; a sarkar2020 pretext epoch over 10000 windows would take about /)
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^(✓|!| {2})/)
  })

  it('lists every WebGPU adapter with its limits and says which one training would use', async () => {
    const adapter = (name: string, hardware: boolean, dawnBackend: 'vulkan' | 'opengles'): WebgpuAdapter => ({
      name, dawnBackend, vendor: hardware ? 'amd' : '', architecture: '', description: '', featureLevel: hardware ? 'core' : 'compatibility', hardware,
      maxBufferSize: 2147483648, maxStorageBufferBindingSize: 134217728, maxStorageBuffersPerShaderStage: 16,
      request: { featureLevel: hardware ? 'core' : 'compatibility' },
    })
    const both: WebgpuProbe = { error: null, adapters: [adapter('AMD Radeon RX 7600', true, 'vulkan'), adapter('llvmpipe', false, 'opengles')], tried: ['vulkan', 'opengles'], skipped: [] }
    const report = await runDoctor({ dbPath: path.join(dir, 'none.sqlite'), bench: false, backend: 'cpu', probe: () => NO_DRIVER, host: { probeWebgpu: () => Promise.resolve(both) } })
    expect(report.webgpu).toMatchObject({ error: null, trainingAdapter: 'AMD Radeon RX 7600', usedByAuto: true })
    const text = formatDoctorReport(report)
    expect(text).toContain('✓ WebGPU adapter: AMD Radeon RX 7600 (Dawn Vulkan, vendor amd, hardware; max buffer 2.1 GB, storage binding 134 MB).')
    expect(text).toContain('! WebGPU adapter: llvmpipe (Dawn OpenGL ES, software, compatibility mode; max buffer 2.1 GB, storage binding 134 MB).')
    expect(text).toContain('✓ Training on the webgpu backend would use AMD Radeon RX 7600; the automatic choice considers it.')

    const soft: WebgpuProbe = { ...both, adapters: [adapter('llvmpipe', false, 'opengles')], skipped: [{ backend: 'vulkan', missing: ['libvulkan.so.1'] }] }
    const r2 = await runDoctor({ dbPath: path.join(dir, 'none.sqlite'), bench: false, backend: 'cpu', probe: () => NO_DRIVER, platform: 'linux', host: { probeWebgpu: () => Promise.resolve(soft) } })
    expect(r2.webgpu).toMatchObject({ trainingAdapter: 'llvmpipe', usedByAuto: false })
    expect(formatDoctorReport(r2)).toContain('! Training on the webgpu backend would use llvmpipe, a software adapter: about 20× slower than WebAssembly, used only when asked.')
    expect(formatDoctorReport(r2)).toContain('! WebGPU: Dawn\'s Vulkan backend was not tried: libvulkan.so.1 is not installed.')

    const none: WebgpuProbe = { error: null, adapters: [], tried: ['opengles'], skipped: [{ backend: 'vulkan', missing: ['libvulkan.so.1'] }] }
    const r3 = await runDoctor({ dbPath: path.join(dir, 'none.sqlite'), bench: false, backend: 'cpu', probe: () => NO_DRIVER, platform: 'linux', host: { probeWebgpu: () => Promise.resolve(none) } })
    expect(formatDoctorReport(r3)).toContain('! WebGPU: Dawn found no GPU adapter through OpenGL ES: no GPU driver it can use (Vulkan needs libvulkan.so.1, not installed). Install the GPU\'s Vulkan driver')
  })

  it('skips the benchmark with bench: false', async () => {
    const report = await runDoctor({ dbPath: path.join(dir, 'none.sqlite'), bench: false, backend: 'cpu', probe: () => NO_DRIVER })
    expect(report.bench).toBeNull()
    expect(report.store.exists).toBe(false)
    expect(formatDoctorReport(report)).toContain('does not exist yet; the first import creates it.')
    expect(formatDoctorReport(report)).toContain('! Backend: cpu on CPU (plain JavaScript')
  })
})
