import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { presetConfig } from '../contracts/presets.js'
import { CALIBRATION_FORMAT, machineKey, type BackendCalibration } from '../model/calibration.js'
import { openStore, type Store } from '../store/store.js'
import { createApiRouter, type ApiContext } from './api-router.js'
import { appVersion } from './app-version.js'
import { writeAutoBackend, writeCalibration } from './calibration-cache.js'
import { ensureDemoDataset } from './demo-service.js'
import { createEstimateHost, type CalibrateElsewhere } from './estimate-host.js'

let dir: string
let store: Store
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-est-'))
  store = openStore(path.join(dir, 'w.sqlite'))
  // the demo's pair: 'demo' and its unlabelled recordings 'demo-unlabeled'
  await ensureDemoDataset(store, 'demo', { seed: 1 })
})
afterAll(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

const cost = { fixedSeconds: 0, sampleSeconds: 0.05 }
const measured: BackendCalibration = {
  format: CALIBRATION_FORMAT, backend: 'wasm', device: 'CPU (WebAssembly, SIMD, 1 thread)', appVersion: appVersion(), machine: machineKey(), measuredAt: new Date().toISOString(),
  windowLength: 2560, passSize: 64, pretextSampleSeconds: 0.05, endToEndSampleSeconds: 0.05, embedSampleSeconds: 0.02, classifierSampleSeconds: 0.001,
  pretextPass: cost, endToEndPass: cost, forward: { fixedSeconds: 0, sampleSeconds: 0.02 }, classifierStep: { fixedSeconds: 0.002, sampleSeconds: 0.0001 }, setupSeconds: 0.01, calibrationSeconds: 3,
}
const quick = presetConfig('quick', 'q', [{ name: 'demo', tasks: [{ label: 'arousal' }, { label: 'valence' }] }])

describe('runs:estimate', () => {
  it('answers "measuring" while a child process measures the backend, then the estimate from the cache', async () => {
    const file = path.join(dir, 'a', 'calibration.json')
    let finish: () => void = () => undefined
    const calibrate = vi.fn<CalibrateElsewhere>((backend, f) => new Promise<void>((resolve) => {
      finish = () => {
        writeAutoBackend(f, appVersion(), 'wasm', measured.device)
        writeCalibration(f, measured)
        resolve()
      }
    }))
    const router = createApiRouter({ store, estimates: createEstimateHost({ file, calibrate }) } as unknown as ApiContext)
    expect(await router.handle('runs:estimate', { config: quick })).toEqual({ ok: true, value: { status: 'measuring' } })
    expect(await router.handle('runs:estimate', { config: quick })).toEqual({ ok: true, value: { status: 'measuring' } })
    expect(calibrate).toHaveBeenCalledTimes(1)
    expect(calibrate.mock.calls[0]![0]).toBe('auto')
    finish()
    await vi.waitFor(async () => expect((await router.handle('runs:estimate', { config: quick })).ok).toBe(true))
    const answer = await router.handle('runs:estimate', { config: quick })
    expect(answer).toMatchObject({ ok: true, value: { status: 'ready', estimate: { backend: 'wasm', processes: expect.any(Number) as number, calibration: 'cached' } } })
    const estimate = (answer as { value: { estimate: { seconds: number; units: { kind: string; count: number }[] } } }).value.estimate
    expect(estimate.seconds).toBeGreaterThan(0)
    expect(estimate.units.map((u) => [u.kind, u.count])).toEqual([['pretext', 2], ['embedding', 1], ['transfer', 16], ['baseline', 16]])
  })

  it('says once why the speed could not be measured, and refuses configs as sentences', async () => {
    const file = path.join(dir, 'b', 'calibration.json')
    const host = createEstimateHost({ file, calibrate: () => Promise.reject(new Error('no wasm here')) })
    const router = createApiRouter({ store, estimates: host } as unknown as ApiContext)
    expect(await router.handle('runs:estimate', { config: { ...quick, backend: 'cpu' } })).toEqual({ ok: true, value: { status: 'measuring' } })
    await new Promise((r) => setTimeout(r, 10))
    const failed = await router.handle('runs:estimate', { config: { ...quick, backend: 'cpu' } })
    expect(failed).toEqual({ ok: false, error: 'This machine\'s speed could not be measured for the cpu backend (no wasm here), so there is no time estimate.' })
    expect(await router.handle('runs:estimate', { config: { ...quick, backend: 'cpu' } })).toEqual({ ok: true, value: { status: 'measuring' } })
    const missing = await router.handle('runs:estimate', { config: { ...quick, datasets: [{ name: 'nope', tasks: [{ label: 'arousal' }] }] } })
    expect(missing).toEqual({ ok: false, error: 'There is no dataset named "nope" in the store; the datasets are demo, demo-unlabeled.' })
  })
})

describe('a run created beside its estimate', () => {
  it('records the content hashes of the datasets as its windows were read', async () => {
    const router = createApiRouter({ store } as unknown as ApiContext)
    const created = await router.handle('runs:create', { config: quick, start: false })
    if (!created.ok) throw new Error(created.error)
    const { runId } = created.value as { runId: number }
    const run = await router.handle('runs:get', { id: runId })
    const dataset = await router.handle('datasets:get', { name: 'demo' })
    if (!run.ok || !dataset.ok) throw new Error('the run or the dataset cannot be read')
    expect((run.value as { datasetHashes: Record<string, string> }).datasetHashes).toEqual({ demo: (dataset.value as { contentHash: string }).contentHash })
  })
})
