import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type JobEvent } from '../../src/contracts/api.js'
import { createJobHost, forkJobProcess, type JobHost } from '../../src/jobs/job-host.js'
import { createRunQueue } from '../../src/jobs/run-queue.js'
import { createApiRouter, type ApiRouter } from '../../src/services/api-router.js'
import { openStore, type Store } from '../../src/store/store.js'
import { ROOT, SHARED_DATA, ensureBuilt } from '../cli/cli-helpers.js'

const WORKER = path.join(ROOT, 'out/src/jobs/import-worker.js')

describe('API router over a real store and import jobs in their own processes', () => {
  let dir: string
  let store: Store
  let router: ApiRouter
  let jobs: JobHost
  const events: JobEvent[] = []
  const waiters: Array<() => void> = []

  beforeAll(() => {
    ensureBuilt()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-api-'))
    const dbPath = path.join(dir, 'store.sqlite')
    store = openStore(dbPath)
    jobs = createJobHost(dbPath, forkJobProcess, (event) => {
      events.push(event)
      waiters.splice(0).forEach((wake) => wake())
    }, WORKER)
    router = createApiRouter({ store, jobs, runs: createRunQueue(dbPath, forkJobProcess, () => undefined) })
  })
  afterAll(() => {
    store.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  async function finalEvent(jobId: string): Promise<JobEvent> {
    for (;;) {
      const found = events.find((e) => e.jobId === jobId && e.type !== 'progress')
      if (found !== undefined) return found
      await new Promise<void>((resolve) => waiters.push(resolve))
    }
  }

  it('rejects unknown channels and invalid input with one sentence, without throwing', async () => {
    expect(await router.handle('shell:exec', {})).toEqual({ ok: false, error: 'Unknown request "shell:exec".' })
    const bad = await router.handle('windows:page', { name: 'x', limit: -1 })
    expect(bad.ok).toBe(false)
    // The app's words: no channel name, no CLI option.
    if (!bad.ok) expect(bad.error).toBe('The number of windows asked for must be between 1 and 100000; fix it and try again.')
    const extra = await router.handle('datasets:list', { sql: 'drop table windows' })
    expect(extra.ok).toBe(false)
    const missing = await router.handle('datasets:get', { name: 'nope' })
    expect(missing).toMatchObject({ ok: false })
  })

  it('imports in a child process, streams progress, and serves the result', async () => {
    const started = await router.handle('datasets:import', { kind: 'wfdb', path: path.join(SHARED_DATA, 'wfdb/mitdb_100'), name: 'mit' })
    expect(started.ok).toBe(true)
    const { jobId } = (started as { value: { jobId: string } }).value
    const final = await finalEvent(jobId)
    expect(final.type).toBe('done')
    if (final.type === 'done') expect(final.report.windows).toBe(180)
    expect(events.some((e) => e.jobId === jobId && e.type === 'progress')).toBe(true)

    const list = await router.handle('datasets:list', {})
    expect(list.ok && (list.value as Array<{ name: string }>).map((d) => d.name)).toEqual(['mit'])
    const samples = await router.handle('windows:samples', { name: 'mit', index: 3 })
    expect(samples.ok && (samples.value as Float32Array).length).toBe(2560)
    const page = await router.handle('windows:page', { name: 'mit', offset: 178, limit: 5 })
    expect(page.ok && (page.value as { windows: unknown[] }).windows).toHaveLength(2)
  })

  it('reports a failed import as a failed event with the reader sentence, leaving nothing behind', async () => {
    const started = await router.handle('datasets:import', { kind: 'csv', path: path.join(SHARED_DATA, 'wfdb/mitdb_100/100.hea'), name: 'broken', fs: 360 })
    const { jobId } = (started as { value: { jobId: string } }).value
    const final = await finalEvent(jobId)
    expect(final.type).toBe('failed')
    if (final.type === 'failed') {
      expect(final.cancelled).toBe(false)
      expect(final.message.split('\n')).toHaveLength(1)
    }
    const list = await router.handle('datasets:list', {})
    expect(list.ok && (list.value as Array<{ name: string }>).map((d) => d.name)).toEqual(['mit'])
  })

  it('says why an import failed in the app\'s words, not the command line\'s', async () => {
    fs.writeFileSync(path.join(dir, 'no-rate.csv'), 'ECG\n1\n2\n3\n')
    const started = await router.handle('datasets:import', { kind: 'csv', path: path.join(dir, 'no-rate.csv'), name: 'no-rate' })
    const final = await finalEvent((started as { value: { jobId: string } }).value.jobId)
    expect(final.type === 'failed' && final.message).toMatch(/the sampling rate is not stated in the file; enter the rate in “Sampling rate \(Hz\)”/)
    expect(final.type === 'failed' && final.message).not.toMatch(/--fs|ecg-ssl/)
  })
})
