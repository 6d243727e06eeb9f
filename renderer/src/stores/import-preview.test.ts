// @vitest-environment happy-dom
// The import preview: the channels, then the first seconds of the chosen one; each failure kept
// as its own sentence; a newer request wins over an older answer.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useTransport } from '../api/client.js'
import { scriptedTransport, type Scripted } from '../api/scripted-transport.test-util.js'
import { useImportPreviewStore } from './import-preview.js'

let scripted: Scripted
/** Settles the channels of '/slow' when the test says so. */
let slow: (() => void) | undefined
beforeEach(() => {
  scripted = scriptedTransport({
    'datasets:preview-channels': (input) => {
      const found = { kind: 'csv', file: `${String(input.path)}/a.csv`, channels: [{ index: 0, name: 'ECG', unit: 'mV', fs: 256, sampleCount: 2560 }], chosen: { index: 0, name: 'ECG', why: 'the only channel' }, problem: null }
      if (input.path === '/slow') return new Promise((resolve) => (slow = () => resolve(found)))
      if (input.path === '/missing') throw new Error('There is no folder "/missing".')
      const chosen = input.path === '/nochoice' ? null : { index: 0, name: 'ECG', why: 'the only channel' }
      return { kind: 'csv', file: `${String(input.path)}/a.csv`, channels: [{ index: 0, name: 'ECG', unit: 'mV', fs: 256, sampleCount: 2560 }], chosen, problem: chosen === null ? 'No channel looks like an ECG.' : null }
    },
    'datasets:preview-signal': (input) => {
      if (input.labels !== undefined) throw new Error('The labels file has no row for subject "s1".')
      return { subject: 's1', trial: 't', channel: 'ECG', fs: 256, samples: new Float32Array(2560), recordings: 1, durationS: 10 }
    },
  })
  useTransport(scripted.transport)
  setActivePinia(createPinia())
})

describe('import preview store', () => {
  it('shows the channels and the first seconds; a signal that fails keeps the channels and its own sentence', async () => {
    const s = useImportPreviewStore()
    await s.load({ kind: 'csv', path: '/data' }, undefined)
    expect([s.channels?.file, s.signal?.samples.length, s.previewLoading]).toEqual(['/data/a.csv', 2560, false])
    await s.load({ kind: 'csv', path: '/data' }, '/data/labels.csv')
    expect([s.channels?.file, s.signal, s.signalError]).toEqual(['/data/a.csv', null, 'The labels file has no row for subject "s1".'])
    await s.load({ kind: 'csv', path: '/nochoice' }, undefined)
    expect([s.channels?.problem, s.signal, s.signalError]).toEqual(['No channel looks like an ECG.', null, null])
    await s.load({ kind: 'csv', path: '/missing' }, undefined)
    expect([s.channels, s.previewError]).toEqual([null, 'There is no folder "/missing".'])
    s.reset()
    expect(s.previewError).toBeNull()
    expect(scripted.refused).toEqual([])
  })

  it('goes on to the seconds of the newest request only, when an older one\u2019s channels come after it', async () => {
    const s = useImportPreviewStore()
    const older = s.load({ kind: 'csv', path: '/slow' }, undefined)
    await s.load({ kind: 'csv', path: '/data' }, undefined)
    slow!()
    await older
    expect([s.channels?.file, s.signal?.samples.length, s.previewLoading]).toEqual(['/data/a.csv', 2560, false])
    expect(scripted.calls.filter((c) => c.channel === 'datasets:preview-signal').map((c) => c.input.path)).toEqual(['/data'])
  })

  it('drops an answer to a request that was abandoned', async () => {
    const s = useImportPreviewStore()
    const stale = s.load({ kind: 'csv', path: '/old' }, undefined)
    s.clear()
    await stale
    expect([s.channels, s.previewLoading]).toEqual([null, false])
  })
})
