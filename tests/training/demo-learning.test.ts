/**
 * Issue 9 §5: the demo shows the paper's two claims on the synthetic data — transfer from the
 * self-supervised encoder well above chance in every cell, and ahead of the fully supervised
 * baseline when labels are scarce — with the encoder learning from unlabelled recordings only
 * (a pretext-only dataset). This is a smaller, faster version of `ecg-ssl demo` (the same
 * generator and demo config, fewer subjects, 2 s windows, one pretext epoch, 30 classifier and 2
 * end-to-end epochs of the demo's batch 8); it pins its numbers for the fixed seed, so a change
 * that moves them is seen. The demo's own numbers are in the README.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chanceAccuracy } from '../../src/contracts/chance.js'
import { selectBackend } from '../../src/model/backend.js'
import { demoConfig, ensureDemoDatasets, type DemoSetup } from '../../src/services/demo-service.js'
import { createRunFromConfig, executeRun } from '../../src/services/run-service.js'
import { loadRunDetail as getRunDetail } from '../../src/services/run-detail.js'
import { openStore } from '../../src/store/store.js'

let dir: string

const SMALL: DemoSetup = {
  labelled: { subjects: 8, trialsPerSubject: 4, trialSeconds: 8 },
  unlabeled: { subjects: 8, trialsPerSubject: 4, trialSeconds: 8 },
  windowSeconds: 2,
}

/**
 * Accuracy (3 decimals) per task / protocol / method / fraction, for seed 1 (2026-12-07, the wasm
 * FFT convolutions with float32 WebAssembly transforms; any change to the kernels' rounding moves
 * these numbers, which is what pinning them is for). With 2 s windows and one pretext epoch this
 * version is weaker than the demo (README): transfer is above chance in every cell (0.594 or more)
 * but reaches 0.7 with all the labels, and the baseline's 2 end-to-end epochs learn little (0.703
 * at best); the gap at 10 % of the labels is the demo's.
 */
const PINNED: Record<string, number> = {
  'arousal window-kfold transfer 0.1': 0.875,
  'arousal window-kfold transfer 1': 0.898,
  'arousal window-kfold baseline 0.1': 0.5,
  'arousal window-kfold baseline 1': 0.523,
  'arousal subject-kfold transfer 0.1': 0.703,
  'arousal subject-kfold transfer 1': 0.789,
  'arousal subject-kfold baseline 0.1': 0.5,
  'arousal subject-kfold baseline 1': 0.703,
  'valence window-kfold transfer 0.1': 0.68,
  'valence window-kfold transfer 1': 0.75,
  'valence window-kfold baseline 0.1': 0.5,
  'valence window-kfold baseline 1': 0.453,
  'valence subject-kfold transfer 0.1': 0.594,
  'valence subject-kfold transfer 1': 0.711,
  'valence subject-kfold baseline 0.1': 0.492,
  'valence subject-kfold baseline 1': 0.5,
}

describe('the demo shows what self-supervision buys', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-learn-'))
    await selectBackend({ override: 'wasm' })
  })
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true })
    tf.disposeVariables()
  })

  it('transfer above chance everywhere and ahead of the baseline with 10 % of the labels; numbers pinned', async () => {
    const store = openStore(path.join(dir, 'db.sqlite'))
    await ensureDemoDatasets(store, 'demo', 1, {}, SMALL)
    const base = demoConfig('demo', 1)
    const id = createRunFromConfig(store, {
      ...base,
      backend: 'wasm',
      pretext: { ...base.pretext, epochs: 1 },
      evaluation: { ...base.evaluation, classifier: { ...base.evaluation.classifier, epochs: 30 }, endToEnd: { ...base.evaluation.endToEnd!, epochs: 2 } },
    })
    await executeRun(store, id, { calibrationFile: null })
    const run = getRunDetail(store.db, id)!
    store.close()
    // the encoder learned from the unlabelled recordings only
    expect(run.pretextModels.map((m) => m.datasets.map((d) => d.name))).toEqual([['demo-unlabeled']])
    const got = Object.fromEntries(run.results.map((r) => [`${r.task} ${r.protocol} ${r.method} ${r.fraction}`, Number(r.accuracy.mean.toFixed(3))]))
    console.log(JSON.stringify(got))
    expect(run.results).toHaveLength(16)
    for (const r of run.results) expect(chanceAccuracy(r)).toBeCloseTo(0.5, 1)
    // transfer above chance in every cell, and ≥ 0.65 in every cell with all the labels
    const transfer = run.results.filter((r) => r.method === 'transfer')
    for (const r of transfer) expect(r.accuracy.mean, `${r.task} ${r.protocol} ${r.fraction}`).toBeGreaterThan(chanceAccuracy(r))
    for (const r of transfer.filter((t) => t.fraction === 1)) expect(r.accuracy.mean, `${r.task} ${r.protocol}`).toBeGreaterThanOrEqual(0.65)
    const mean = (method: string): number => {
      const xs = run.results.filter((r) => r.method === method && r.fraction === 0.1).map((r) => r.accuracy.mean)
      return xs.reduce((a, b) => a + b, 0) / xs.length
    }
    expect(mean('transfer')).toBeGreaterThanOrEqual(mean('baseline') + 0.05)
    expect(got).toEqual(PINNED)
  }, 900_000)
})
