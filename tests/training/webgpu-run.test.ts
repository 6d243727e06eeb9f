/**
 * `ecg-ssl run` with `"backend": "webgpu"` as a user runs it: the run trains on WebGPU through
 * Dawn (in CI Mesa's llvmpipe through OpenGL ES, about 20× slower than WebAssembly, so the run is
 * tiny: 32 short windows, one pretext epoch at batch 2), is killed with SIGKILL once the pretext
 * epoch is stored, and `ecg-ssl resume` finishes it on WebGPU again. The run's time estimate needs
 * a calibration of the backend, cached per machine; measured at full size it would take minutes on
 * llvmpipe, so the test caches one measured on short windows first (in its own user-data folder).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presetConfig } from '../../src/contracts/presets.js'
import { selectBackend } from '../../src/model/backend.js'
import { calibrateBackend } from '../../src/model/calibration.js'
import { webgpuTestAdapter } from '../../src/model/kernels/webgpu-test-support.js'
import { appVersion } from '../../src/services/app-version.js'
import { userDataDir } from '../../src/services/app-paths.js'
import { CALIBRATION_FILE_NAME, writeCalibration } from '../../src/services/calibration-cache.js'
import { ensureDemoDataset } from '../../src/services/demo-service.js'
import { openStore } from '../../src/store/store.js'
import { samplesPerPass } from '../../src/training/passes.js'
import { ensureBuilt, spawnCli } from '../cli/cli-helpers.js'

const found = await webgpuTestAdapter()
if (found.skip !== null) console.warn(`skipping the WebGPU run test: ${found.skip}`)

let dir: string
let configFile: string
let env: Record<string, string>

describe.skipIf(found.skip !== null)('ecg-ssl run on the webgpu backend', () => {
  beforeAll(async () => {
    ensureBuilt()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-webgpu-run-'))
    const c = presetConfig('quick', 'webgpu run', [{ name: 'demo', tasks: [{ label: 'valence', binarisation: 'midpoint' }] }])
    const config = {
      ...c, seed: 4, backend: 'webgpu', maxWindowsPerDataset: 0,
      transforms: { ...c.transforms, permutePieces: 4, warpPieces: 3 },
      pretext: { ...c.pretext, epochs: 1, batch: 2 },
      evaluation: { ...c.evaluation, protocols: ['subject-kfold'], folds: 2, fractions: [1], methods: ['transfer', 'baseline'], classifier: { epochs: 2, batch: 8, learningRate: 1e-3 } },
    }
    configFile = path.join(dir, 'config.json')
    fs.writeFileSync(configFile, JSON.stringify(config))
    const store = openStore(path.join(dir, 'w.sqlite'))
    // 4 subjects × 4 trials × 1 s in 0.5 s windows of 128 samples: 32 windows
    await ensureDemoDataset(store, 'demo', { subjects: 4, trialsPerSubject: 4, trialSeconds: 1, seed: 5 }, { preprocess: { windowSeconds: 0.5 } })
    store.close()
    env = { XDG_CONFIG_HOME: path.join(dir, 'config') }
    const selection = await selectBackend({ override: 'webgpu' })
    const calibration = await calibrateBackend('webgpu', {
      appVersion: appVersion(), device: selection.device, passSize: samplesPerPass('webgpu'), windowLength: 128, sizes: [1, 2], repeats: 1,
    })
    writeCalibration(path.join(userDataDir(process.platform, env), CALIBRATION_FILE_NAME), calibration)
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('trains, is killed after its pretext epoch, and resumes to the end', async () => {
    const db = path.join(dir, 'w.sqlite')
    const started = performance.now()
    const killed = await spawnCli(['--db', db, 'run', configFile], env, (child) => {
      const timer = setInterval(() => {
        const store = openStore(db)
        const n = store.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM run_epochs').get()?.n ?? 0
        store.close()
        if (n >= 1) {
          clearInterval(timer)
          child.kill('SIGKILL')
        }
      }, 100)
      child.on('close', () => clearInterval(timer))
    })
    const killedAfter = (performance.now() - started) / 1000
    expect(killed.code, killed.stderr).not.toBe(0)
    const listed = JSON.parse((await spawnCli(['--db', db, '--json', 'runs'], env)).stdout) as { id: number; state: string; backend: string; device: string }[]
    expect(listed[0]).toMatchObject({ state: 'interrupted', backend: 'webgpu' })
    expect(listed[0]!.device).toMatch(/^(software )?GPU \(WebGPU via Dawn .+\)$/)

    const resumed = await spawnCli(['--db', db, '--json', 'resume', '1'], env)
    expect(resumed.code, resumed.stderr).toBe(0)
    const got = JSON.parse(resumed.stdout) as { run: { state: string; backend: string }; results: { accuracy: { mean: number } }[] }
    expect(got.run).toMatchObject({ state: 'done', backend: 'webgpu' })
    // transfer and baseline on one protocol and fraction
    expect(got.results).toHaveLength(2)
    for (const r of got.results) expect(r.accuracy.mean).toBeGreaterThanOrEqual(0)
    console.info(`webgpu run: killed after ${killedAfter.toFixed(1)} s (pretext epoch stored), resumed in ${((performance.now() - started) / 1000 - killedAfter).toFixed(1)} s more`)
  }, 600_000)
})
