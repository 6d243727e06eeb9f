/**
 * Settings that cannot give meaningful results are refused before anything is stored (issue 10
 * §4), in the app's words through the API and in the command line's words by `ecg-ssl run`: the
 * demo's 4 windows spread over its subjects (what used to run to "done" and report 0.000 ± 0.000).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presetConfig } from '../../src/contracts/presets.js'
import { forkJobProcess } from '../../src/jobs/job-host.js'
import { createRunQueue } from '../../src/jobs/run-queue.js'
import { createApiRouter } from '../../src/services/api-router.js'
import { ensureDemoDataset } from '../../src/services/demo-service.js'
import { createEstimateHost } from '../../src/services/estimate-host.js'
import { listRuns } from '../../src/store/runs-repo.js'
import { openStore, type Store } from '../../src/store/store.js'
import { ensureBuilt, expectOneErrorLine, runCli } from './cli-helpers.js'

let dir: string
let dbPath: string
let store: Store
const config = { ...presetConfig('quick', 'four windows', [{ name: 'demo', tasks: [{ label: 'arousal', binarisation: 'midpoint' }] }]), maxWindowsPerDataset: 4 }

describe('a plan that cannot give meaningful results', () => {
  beforeAll(async () => {
    ensureBuilt()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-meaningless-'))
    dbPath = path.join(dir, 'store.sqlite')
    store = openStore(dbPath)
    await ensureDemoDataset(store, 'demo', { subjects: 8, trialsPerSubject: 2, trialSeconds: 4, seed: 2 }, { preprocess: { windowSeconds: 2 } })
  }, 120_000)
  afterAll(() => {
    store.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('is refused by the app in its words — at the estimate beside the Run button and at Queue — and nothing is stored', async () => {
    const router = createApiRouter({ store, jobs: undefined as never, runs: createRunQueue(dbPath, forkJobProcess, () => undefined), estimates: createEstimateHost({ file: path.join(dir, 'calibration.json'), calibrate: () => new Promise(() => undefined) }) })
    const estimate = await router.handle('runs:estimate', { config })
    const created = await router.handle('runs:create', { config, start: false })
    for (const reply of [estimate, created]) {
      expect(reply.ok).toBe(false)
      if (reply.ok) continue
      expect(reply.error).toMatch(/“Folds”|“Windows per dataset”/)
      expect(reply.error).toContain('(now 4)')
      expect(reply.error).not.toMatch(/evaluation\.folds|maxWindowsPerDataset|--/)
    }
    expect(listRuns(store.db)).toEqual([])
  })

  it('is refused by ecg-ssl run in its words, with nothing stored', async () => {
    const file = path.join(dir, 'config.json')
    fs.writeFileSync(file, JSON.stringify(config))
    const r = await runCli(['--db', dbPath, 'run', file])
    const line = expectOneErrorLine(r)
    expect(line).toMatch(/evaluation\.folds in the config|maxWindowsPerDataset in the config/)
    expect(line).toContain('(now 4)')
    expect(line).not.toContain('“')
    expect(listRuns(store.db)).toEqual([])
  })
})
