// @vitest-environment happy-dom
// The import job: progress from its events, cancel, the report with its label balance, a refused
// start and the demo that is already there.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ImportRequest } from '@contracts/import.js'
import { useTransport } from '../api/client.js'
import { scriptedTransport, type Scripted } from '../api/scripted-transport.test-util.js'
import { useDatasetsStore } from './datasets.js'
import { useImportJobStore } from './import-job.js'

const request: ImportRequest = { kind: 'csv', path: '/data/study', name: 'study', overlapPercent: 0, keepFlagged: false }
let scripted: Scripted
let demoThere: boolean
beforeEach(() => {
  demoThere = false
  scripted = scriptedTransport({
    'datasets:import': (input) => {
      if (input.name === 'taken') throw new Error('A dataset named "taken" already exists; choose another name.')
      return { jobId: 'job-1' }
    },
    'jobs:cancel': () => ({ cancelled: true }),
    'datasets:label-balance': (input) => {
      if (input.name === 'unreadable') throw new Error('The labels of "unreadable" could not be counted.')
      return [{ label: 'arousal', low: 3, high: 1, missing: 0, threshold: 5, rule: 'dataset mean' }]
    },
    'demo:start': () => ({ dataset: 'demo', jobId: demoThere ? null : 'job-demo' }),
    'datasets:list': () => (scripted.calls.some((c) => c.channel === 'datasets:import') ? [{ name: 'study' }] : []),
  })
  useTransport(scripted.transport)
  setActivePinia(createPinia())
})

describe('import job store', () => {
  it('follows its job\u2019s progress and ends with the report and the label balance', async () => {
    const s = useImportJobStore()
    expect(await s.start(request)).toBe(true)
    expect(s.jobId).toBe('job-1')
    scripted.emit('jobs:event', { jobId: 'other', type: 'progress', progress: { phase: 'reading', done: 9, total: 9, unit: 'files' } })
    expect(s.progress).toBeNull()
    scripted.emit('jobs:event', { jobId: 'job-1', type: 'progress', progress: { phase: 'reading', done: 1, total: 4, unit: 'files' } })
    expect(s.progress).toMatchObject({ done: 1, total: 4 })
    scripted.emit('jobs:event', { jobId: 'job-1', type: 'done', report: { dataset: 'study', labelNames: ['arousal'] } })
    expect([s.jobId, s.report?.dataset]).toEqual([null, 'study'])
    await vi.waitFor(() => expect(s.balance).toHaveLength(1))
    // the shared dataset list has the new dataset for every view
    await vi.waitFor(() => expect(useDatasetsStore().datasets.map((d) => d.name)).toEqual(['study']))
  })

  it('keeps a label balance that cannot be counted as a note beside the report, and asks none without labels', async () => {
    const s = useImportJobStore()
    await s.start(request)
    scripted.emit('jobs:event', { jobId: 'job-1', type: 'done', report: { dataset: 'unreadable', labelNames: ['arousal'] } })
    await vi.waitFor(() => expect(s.balanceNote).toBe('The labels of "unreadable" could not be counted.'))
    expect([s.report?.dataset, s.balance, s.failure]).toEqual(['unreadable', null, null])
    await s.start(request)
    scripted.emit('jobs:event', { jobId: 'job-1', type: 'done', report: { dataset: 'study', labelNames: [] } })
    expect([s.balance, s.balanceNote]).toEqual([null, null])
    expect(scripted.calls.filter((c) => c.channel === 'datasets:label-balance')).toHaveLength(1)
  })

  it('asks the job to stop and says it was cancelled; a refused start keeps its sentence', async () => {
    const s = useImportJobStore()
    await s.start(request)
    await s.cancel()
    expect(s.cancelling).toBe(true)
    expect(scripted.calls.filter((c) => c.channel === 'jobs:cancel').map((c) => c.input)).toEqual([{ jobId: 'job-1' }])
    scripted.emit('jobs:event', { jobId: 'job-1', type: 'failed', cancelled: true, message: 'cancelled' })
    expect([s.jobId, s.cancelling, s.cancelled, s.failure]).toEqual([null, false, true, null])
    expect(await s.start({ ...request, name: 'taken' })).toBe(false)
    expect(s.failure).toBe('A dataset named "taken" already exists; choose another name.')
  })

  it('builds the demo as a job, or says it is already there', async () => {
    const s = useImportJobStore()
    expect(await s.startDemo()).toEqual({ dataset: 'demo', started: true })
    expect(s.jobId).toBe('job-demo')
    setActivePinia(createPinia())
    demoThere = true
    const again = useImportJobStore()
    expect(await again.startDemo()).toEqual({ dataset: 'demo', started: false })
    expect(again.jobId).toBeNull()
    expect(scripted.refused).toEqual([])
  })
})
