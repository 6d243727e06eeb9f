import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { api, type ApiChannel } from '../contracts/api.js'
import { ImportRequest } from '../contracts/import.js'
import type { JobHost } from '../jobs/job-host.js'
import { ImportJobCommand } from '../jobs/job-protocol.js'
import type { RunQueue } from '../jobs/run-queue.js'
import { openStore, type Store } from '../store/store.js'
import { createApiRouter } from './api-router.js'
import { importDataset } from './import-service.js'

let dir: string
let store: Store
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-router-'))
  store = openStore(path.join(dir, 'w.sqlite'))
})
afterAll(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})
afterEach(() => vi.restoreAllMocks())

/** A job host that records the requests it is given. */
function recordingJobs(): JobHost & { requests: ImportRequest[] } {
  const requests: ImportRequest[] = []
  return {
    requests,
    startImport: (request) => (requests.push(request), { jobId: 'job-1' }),
    startDemo: () => ({ jobId: 'job-2' }),
    cancel: () => false,
    running: () => [],
  }
}
const runs: RunQueue = { enqueue: () => undefined, cancel: () => false, state: () => ({ running: null, queued: [] }) }

describe('validation at the edge only: an import request on its way to the import', () => {
  it('the router validates it once and hands the typed request on (name trimmed); a bad one goes no further', async () => {
    const parse = vi.spyOn(ImportRequest, 'safeParse')
    const jobs = recordingJobs()
    const router = createApiRouter({ store, jobs, runs })
    expect(await router.handle('datasets:import', { kind: 'csv', path: '/data', name: '  lab  ', fs: 250 })).toEqual({ ok: true, value: { jobId: 'job-1' } })
    expect(parse).toHaveBeenCalledTimes(1)
    expect(jobs.requests).toEqual([{ kind: 'csv', path: '/data', name: 'lab', fs: 250 }])
    const refused = await router.handle('datasets:import', { kind: 'csv', path: '/data', name: 'x', overlapPercent: 120 })
    expect(refused.ok).toBe(false)
    expect(jobs.requests).toHaveLength(1)
  })

  it('the job process trusts its host, and the import service trusts its typed input', async () => {
    const parse = vi.spyOn(ImportRequest, 'safeParse')
    const command = ImportJobCommand.parse({ type: 'start', jobId: 'job-1', dbPath: store.path, request: { kind: 'csv', path: path.join(dir, 'none'), name: 'x' } })
    expect(command.type).toBe('start')
    if (command.type !== 'start') return
    await expect(importDataset(store, command.request)).rejects.toThrow(/^There is no file or folder at /)
    expect(parse).not.toHaveBeenCalled()
  })
})

describe('validation at the edge only: the services below the router trust their typed input', () => {
  // One valid request per call whose service used to parse its input a second time.
  const valid: Partial<Record<ApiChannel, unknown>> = {
    'windows:page': { name: 'ghost' },
    'windows:flag': { name: 'ghost', index: 0, flag: 'good', annotator: 'Ada' },
    'windows:flag-history': { name: 'ghost', index: 0 },
    'windows:detail': { name: 'ghost', index: 0 },
    'recordings:overview': { name: 'ghost', recordingId: 1 },
    'transforms:preview': { name: 'ghost', index: 0 },
    'datasets:rename': { name: 'ghost', newName: 'spook' },
    'datasets:preview-channels': { kind: 'csv', path: path.join(os.tmpdir(), 'ecg-router-no-such-file.csv') },
  }
  for (const [channel, input] of Object.entries(valid)) {
    it(`${channel}: its schema is applied once, by the router`, async () => {
      const parse = vi.spyOn(api[channel as ApiChannel].input, 'safeParse')
      const router = createApiRouter({ store, jobs: recordingJobs(), runs })
      // The store has no such dataset or file: the service refuses after the check, which is all this counts.
      const answer = await router.handle(channel, input)
      expect(answer.ok).toBe(false)
      expect(parse).toHaveBeenCalledTimes(1)
    })
  }
})
