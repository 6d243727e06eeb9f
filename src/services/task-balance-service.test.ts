import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore, type Store } from '../store/store.js'
import { createApiRouter } from './api-router.js'
import { ensureDemoDataset } from './demo-service.js'
import { taskBalance } from './task-balance-service.js'

let dir: string
let store: Store

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-balance-'))
  store = openStore(path.join(dir, 's.sqlite'))
  await ensureDemoDataset(store, 'demo', { subjects: 4, trialsPerSubject: 4, trialSeconds: 2, seed: 3 }, { preprocess: { windowSeconds: 0.5 } })
})
afterAll(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('task balance before a run', () => {
  it('counts every trainable window into the classes training would use, per threshold', () => {
    const mean = taskBalance(store, { dataset: 'demo', label: 'arousal', binarisation: 'dataset-mean' })
    expect(mean.classes.map((c) => c.name)).toEqual(['low', 'high'])
    expect(mean.classes.reduce((n, c) => n + c.windows, 0) + mean.missing).toBe(64)
    expect(mean.description).toMatch(/^arousal high when > [\d.]+ \(dataset mean\)/)
    const raw = taskBalance(store, { dataset: 'demo', label: 'arousal', binarisation: 'raw-scores' })
    expect(raw.classes.length).toBeGreaterThan(2)
    expect(raw.classes.reduce((n, c) => n + c.windows, 0)).toBe(mean.classes.reduce((n, c) => n + c.windows, 0))
  })

  it('answers through the API, and a missing label with one sentence', async () => {
    const router = createApiRouter({ store } as never)
    const ok = await router.handle('runs:task-balance', { dataset: 'demo', label: 'valence', binarisation: 'midpoint' })
    expect(ok.ok).toBe(true)
    const missing = await router.handle('runs:task-balance', { dataset: 'demo', label: 'stress', binarisation: 'dataset-mean' })
    expect(missing).toMatchObject({ ok: false })
    expect(JSON.stringify(missing)).toContain('The dataset has no label \\"stress\\"')
  })
})
