/**
 * A whole experiment through the store on the synthetic demo data with short windows: results
 * for every protocol/method/fraction, checkpoints per epoch, and a run stopped mid-way that,
 * resumed, ends with exactly the metrics of an uninterrupted run.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presetConfig } from '../../src/contracts/presets.js'
import type { ExperimentConfigInput, RunEvent } from '../../src/contracts/runs.js'
import { CancelledError } from '../../src/common/input-error.js'
import { selectBackend } from '../../src/model/backend.js'
import { ensureDemoDataset } from '../../src/services/demo-service.js'
import { createRunFromConfig, executeRun, listRunSummaries } from '../../src/services/run-service.js'
import { loadRunDetail as getRunDetail } from '../../src/services/run-detail.js'
import { openStore, type Store } from '../../src/store/store.js'

let dir: string

function tinyConfig(name: string): ExperimentConfigInput {
  const c = presetConfig('quick', name, [{ name: 'demo', tasks: [{ label: 'arousal', binarisation: 'midpoint' }] }])
  return {
    ...c,
    seed: 7,
    maxWindowsPerDataset: 0,
    transforms: { ...c.transforms, permutePieces: 4, warpPieces: 3 },
    pretext: { ...c.pretext, epochs: 3, batch: 16 },
    evaluation: { ...c.evaluation, folds: 2, fractions: [0.5, 1], classifier: { epochs: 3, batch: 16, learningRate: 1e-3 }, methods: ['transfer', 'baseline'] },
  }
}

async function storeWithDemo(file: string): Promise<Store> {
  const store = openStore(file)
  // 4 subjects × 4 trials × 2 s, cut into 0.5 s windows of 128 samples: 64 windows
  await ensureDemoDataset(store, 'demo', { subjects: 4, trialsPerSubject: 4, trialSeconds: 2, seed: 3 }, { preprocess: { windowSeconds: 0.5 } })
  return store
}

describe('experiment runs in the store', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-runs-'))
    await selectBackend({ override: 'wasm' })
  })
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true })
    tf.disposeVariables()
  })

  it('stores config, epochs with checkpoints and fold results; a stopped run resumes to the same metrics', async () => {
    const straight = await storeWithDemo(path.join(dir, 'a.sqlite'))
    const events: RunEvent[] = []
    const idA = createRunFromConfig(straight, tinyConfig('straight'))
    const tensorsBefore = tf.memory().numTensors
    await executeRun(straight, idA, { onEvent: (e) => events.push(e), throttleMs: 0 })
    expect(tf.memory().numTensors).toBe(tensorsBefore)
    const a = getRunDetail(straight.db, idA)!
    expect(a.state).toBe('done')
    expect(a.backend).toBe('wasm')
    expect(a.datasetHashes.demo).toMatch(/^[0-9a-f]{64}$/)
    expect(a.epochs.map((e) => e.epoch)).toEqual([0, 1, 2])
    expect(a.epochs[0]!.train).toHaveLength(7)
    // 2 protocols × 2 folds × 2 fractions × (transfer + baseline)
    expect(a.folds).toHaveLength(16)
    expect(a.results).toHaveLength(8)
    for (const r of a.results) {
      expect(r.accuracy.mean).toBeGreaterThanOrEqual(0)
      expect(r.confusion.flat().reduce((x, y) => x + y, 0)).toBe(64)
    }
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(3)
    expect(events.filter((e) => e.type === 'fold')).toHaveLength(16)
    expect(events.some((e) => e.type === 'progress' && e.total === 3 + 16)).toBe(true)
    // only the newest checkpoint keeps its optimizer state
    const sizes = straight.db.prepare<[number], { epoch: number; n: number }>('SELECT epoch, length(weights) AS n FROM run_epochs WHERE run_id = ? ORDER BY epoch').all(idA)
    expect(sizes[2]!.n).toBeGreaterThan(2.5 * sizes[1]!.n)
    expect(sizes[0]!.n).toBe(sizes[1]!.n)

    const stopped = await storeWithDemo(path.join(dir, 'b.sqlite'))
    const idB = createRunFromConfig(stopped, tinyConfig('stopped'))
    const controller = new AbortController()
    await expect(executeRun(stopped, idB, {
      signal: controller.signal,
      onEvent: (e) => {
        // stop in the middle of the evaluation, after a few folds were stored
        if (e.type === 'fold' && e.fold.fold === 1) controller.abort()
        if (e.type === 'epoch' && e.epoch.epoch === 1) controller.abort()
      },
    })).rejects.toBeInstanceOf(CancelledError)
    expect(listRunSummaries(stopped.db).find((r) => r.id === idB)!.state).toBe('interrupted')
    expect(getRunDetail(stopped.db, idB)!.epochs).toHaveLength(2)
    await executeRun(stopped, idB)
    const b = getRunDetail(stopped.db, idB)!
    expect(b.state).toBe('done')
    const metrics = (d: typeof a) => ({ epochs: d.epochs.map((e) => ({ ...e, seconds: 0 })), results: d.results })
    expect(metrics(b)).toEqual(metrics(a))
    straight.close()
    stopped.close()
  }, 300_000)

  it('refuses a config naming a dataset that is not in the store, in one sentence', async () => {
    const store = await storeWithDemo(path.join(dir, 'c.sqlite'))
    const config = tinyConfig('bad')
    expect(() => createRunFromConfig(store, { ...config, datasets: [{ name: 'nope', tasks: [{ label: 'arousal' }] }] })).toThrow('There is no dataset named "nope" in the store; import it first')
    expect(() => createRunFromConfig(store, { ...config, pretext: { ...config.pretext, epochs: 0 } })).toThrow(/^Invalid experiment config: .*the number of pretext epochs must be at least 1/)
    store.close()
  })
})
