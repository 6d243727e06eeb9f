import { flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useTransport } from '../api/client.js'
import { scriptedTransport, type Scripted } from '../api/scripted-transport.test-util.js'
import { useImportStore } from './import.js'
import { useImportJobStore } from './import-job.js'
import { useImportPreviewStore } from './import-preview.js'

describe('import wizard store', () => {
  let scripted: Scripted
  beforeEach(() => {
    scripted = scriptedTransport({
      'datasets:preview-channels': (input) => ({ kind: 'wfdb', file: `${String(input.path)}/100.hea`, channels: [{ index: 0, name: 'MLII', unit: 'mV', fs: 360, sampleCount: 650000 }], chosen: { index: 0, name: 'MLII', why: 'lead II' }, problem: null }),
      'datasets:preview-signal': () => ({ subject: '100', trial: 'recording', channel: 'MLII', fs: 360, samples: new Float32Array(3600), recordings: 1, durationS: 1805 }),
    })
    useTransport(scripted.transport)
    setActivePinia(createPinia())
  })

  it('builds the import request from the choices, numbers as channel indexes', () => {
    const store = useImportStore()
    store.chooseKind('csv')
    store.choosePath('/data/study/')
    expect(store.name).toBe('study')
    store.channel = '2'
    store.fs = 250
    store.labels = ' /data/labels.csv '
    expect(store.request).toEqual({ kind: 'csv', path: '/data/study/', name: 'study', labels: '/data/labels.csv', channel: 2, fs: 250, overlapPercent: 0, keepFlagged: false })
    store.channel = 'ECG'
    expect(store.request?.channel).toBe('ECG')
  })

  it('shows the preview of the current choice and drops an answer that comes after the choice changed', async () => {
    const store = useImportStore()
    const preview = useImportPreviewStore()
    store.chooseKind('wfdb')
    store.choosePath('/data/old')
    const stale = store.loadPreview()
    store.choosePath('/data/new')
    await stale
    expect(preview.channels).toBeNull()
    expect(preview.previewLoading).toBe(false)
    await store.loadPreview()
    expect(preview.channels?.file).toBe('/data/new/100.hea')
    expect(preview.signal?.samples.length).toBe(3600)
    await flushPromises()
    expect(scripted.refused).toEqual([])
  })
})

describe('import wizard steps', () => {
  let scripted: Scripted
  beforeEach(() => {
    scripted = scriptedTransport({
      'datasets:import': () => ({ jobId: 'job-1' }),
      'datasets:label-balance': () => [],
    })
    useTransport(scripted.transport)
    setActivePinia(createPinia())
  })

  it('goes to the import step when the job starts, to the summary when it is done, back to the settings when it fails', async () => {
    const store = useImportStore()
    store.chooseKind('csv')
    store.choosePath('/data/study')
    store.step = 'options'
    await store.start()
    expect([store.step, useImportJobStore().jobId]).toEqual(['import', 'job-1'])
    scripted.emit('jobs:event', { jobId: 'job-1', type: 'failed', cancelled: false, message: 'The file "a.csv" has no column named "ecg".' })
    expect(store.step).toBe('options')
    await store.start()
    const report = { dataset: 'study', kind: 'csv', subjects: 1, recordings: 1, windows: 4, excluded: 0, skipped: [], labelNames: [], seconds: 1 }
    scripted.emit('jobs:event', { jobId: 'job-1', type: 'done', report })
    expect(store.step).toBe('summary')
    store.reset()
    expect([store.step, store.kind, useImportJobStore().report]).toEqual(['format', null, null])
  })
})
