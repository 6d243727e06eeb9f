import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { selectBackend, type BackendHost } from '../model/backend.js'
import { CALIBRATION_FORMAT, machineKey, type BackendCalibration } from '../model/calibration.js'
import type { WebgpuProbe } from '../model/webgpu-adapters.js'
import { appVersion } from './app-version.js'
import { writeCalibration } from './calibration-cache.js'
import { cachedCalibrationHost } from './estimate-service.js'

let dir: string
let file: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-cal-host-'))
  file = path.join(dir, 'calibration.json')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

const cost = { fixedSeconds: 0.1, sampleSeconds: 0.05 }
const cached = (backend: 'webgpu' | 'node', pretextSampleSeconds: number): BackendCalibration => ({
  format: CALIBRATION_FORMAT, backend, device: backend, appVersion: appVersion(), machine: machineKey(), measuredAt: new Date().toISOString(),
  windowLength: 2560, passSize: 64, pretextSampleSeconds, endToEndSampleSeconds: 0.05, embedSampleSeconds: 0.02, classifierSampleSeconds: 0.001,
  pretextPass: cost, endToEndPass: cost, forward: cost, classifierStep: cost, setupSeconds: 0, calibrationSeconds: 3,
})

/** A machine with a hardware WebGPU adapter and tfjs-node, where nothing really loads. */
const gpuAndNativeHost: Partial<BackendHost> = {
  importModule: (spec) => (spec === '@tensorflow/tfjs-node' ? Promise.resolve({}) : Promise.reject(Object.assign(new Error(`Cannot find package '${spec}'`), { code: 'ERR_MODULE_NOT_FOUND' }))),
  activate: () => Promise.resolve(true),
  nativeUsesGpu: () => false,
  probeCuda: () => ({ gpus: null, missingLibraries: [] }),
  probeWebgpu: () => Promise.resolve<WebgpuProbe>({
    error: null, tried: ['vulkan'], skipped: [],
    adapters: [{
      name: 'NVIDIA RTX A4000', dawnBackend: 'vulkan', vendor: 'nvidia', architecture: '', description: '', featureLevel: 'core', hardware: true,
      maxBufferSize: 2 ** 31, maxStorageBufferBindingSize: 2 ** 27, maxStorageBuffersPerShaderStage: 16,
      request: { featureLevel: 'core', powerPreference: 'high-performance' },
    }],
  }),
  activateWebgpu: () => Promise.resolve(null),
}

describe('"auto" between a hardware GPU and native TensorFlow, through the calibration cache', () => {
  it('decides from the cached calibrations of this machine and app version without measuring again', async () => {
    writeCalibration(file, cached('webgpu', 0.002))
    writeCalibration(file, cached('node', 0.02))
    const before = fs.readFileSync(file, 'utf8')
    const s = await selectBackend({ host: { ...gpuAndNativeHost, ...cachedCalibrationHost(file) } })
    expect(s.backend).toBe('webgpu')
    expect(s.fallbacks.at(-1)?.reason).toMatch(/2\.00 ms per sample against 20\.0 ms/)
    // read, not remeasured: the file is unchanged
    expect(fs.readFileSync(file, 'utf8')).toBe(before)
  })

  it('keeps native TensorFlow when the cache says the GPU was slower here', async () => {
    writeCalibration(file, cached('webgpu', 0.03))
    writeCalibration(file, cached('node', 0.01))
    const s = await selectBackend({ host: { ...gpuAndNativeHost, ...cachedCalibrationHost(file) } })
    expect(s.backend).toBe('node')
    expect(s.fallbacks.at(-1)).toEqual({ backend: 'webgpu', reason: expect.stringMatching(/trained slower than native TensorFlow/) as string })
  })
})
