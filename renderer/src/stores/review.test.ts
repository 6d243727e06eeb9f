// @vitest-environment happy-dom
// What the review store itself assembles from its parts, over a scripted transport that checks
// every request against the contract: which dataset it opens and where (the first, the remembered
// place after a reload, nothing new when coming back), the filters a list is read with (later
// pages too), the window's side data, the time jump the backend finds, and each failure
// as its sentence. The same store over the real router and a real store: tests/renderer/review-store.test.ts.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { DatasetSummary, WindowInfo } from '@contracts/datasets.js'
import { useTransport } from '../api/client.js'
import { scriptedTransport, type Scripted } from '../api/scripted-transport.test-util.js'
import { PLACE_KEY, useReviewStore } from './review.js'

const FS = 256
const SAMPLES = 2560

/** 'lab': 8 windows cut with 50 % overlap, S01 (recording 1, windows 0–3) and S02 (recording 2, 4–7); 'field': 3 windows of F1. */
const DATASETS: Record<string, { overlapPercent: number; subjects: string[]; windows: number }> = {
  lab: { overlapPercent: 50, subjects: ['S01', 'S02'], windows: 8 },
  field: { overlapPercent: 0, subjects: ['F1'], windows: 3 },
}
const summary = (name: string): DatasetSummary => ({
  name, kind: 'csv', createdAt: '2026-12-01T00:00:00.000Z', sourcePath: `/data/${name}`, subjects: DATASETS[name]!.subjects.length, recordings: DATASETS[name]!.subjects.length,
  windows: DATASETS[name]!.windows, excluded: 0, fs: FS, windowSamples: SAMPLES, overlapPercent: DATASETS[name]!.overlapPercent, contentHash: name,
})
const perRecording = 4
const info = (name: string, index: number): WindowInfo => {
  const r = Math.floor(index / perRecording)
  const hopS = (SAMPLES / FS) * (1 - DATASETS[name]!.overlapPercent / 100)
  return { index, subject: DATASETS[name]!.subjects[r]!, trial: '1', startS: (index % perRecording) * hopS, labels: { arousal: index % 2 }, quality: 'ok', excluded: false }
}
const recordingOf = (name: string, index: number): number => (name === 'lab' ? 1 : 3) + Math.floor(index / perRecording)

let scripted: Scripted
/** Channels that answer with a refusal, and its sentence. */
let refusing: Record<string, string>
beforeEach(() => {
  localStorage.clear()
  refusing = {}
  const refuse = (channel: string): void => {
    if (refusing[channel] !== undefined) throw new Error(refusing[channel])
  }
  scripted = scriptedTransport({
    'datasets:list': () => {
      refuse('datasets:list')
      return Object.keys(DATASETS).map(summary)
    },
    'datasets:get': (q) => {
      refuse('datasets:get')
      const name = String(q.name)
      return { ...summary(name), labelNames: ['arousal'], perSubject: DATASETS[name]!.subjects.map((subject) => ({ subject })) }
    },
    'recordings:list': (q) => DATASETS[String(q.name)]!.subjects.map((subject, r) => ({
      id: recordingOf(String(q.name), r * perRecording), subject, trial: '1', channel: 'ecg', durationS: 25, windows: perRecording, excluded: 0, firstIndex: r * perRecording,
    })),
    'windows:page': (q) => {
      refuse('windows:page')
      const name = String(q.name)
      const after = q.afterIndex === undefined ? -1 : Number(q.afterIndex)
      const match = Array.from({ length: DATASETS[name]!.windows }, (_, i) => info(name, i)).filter((w) => w.index > after && (q.subject === undefined || w.subject === q.subject))
      return { dataset: name, total: match.length, offset: 0, limit: q.limit, windows: match.slice(0, Number(q.limit)) }
    },
    'windows:detail': (q) => {
      const name = String(q.name)
      const index = Number(q.index)
      return { info: info(name, index), recordingId: recordingOf(name, index), fs: FS, samples: new Float32Array(SAMPLES), rPeaks: [], heartRateBpm: null, beats: { uncertain: [], minBpm: null, maxBpm: null, warning: null } }
    },
    'windows:flag-history': () => [],
    // the list's window of the recording that starts last at or before the time (the backend's own choice is tested in tests/review)
    'windows:at-time': (q) => {
      refuse('windows:at-time')
      const name = String(q.name)
      const list = Array.from({ length: DATASETS[name]!.windows }, (_, i) => info(name, i)).filter((w) => q.subject === undefined || w.subject === q.subject)
      const index = list.filter((w) => recordingOf(name, w.index) === q.recordingId && w.startS <= Number(q.timeS)).at(-1)!.index
      return { index, position: list.findIndex((w) => w.index === index) }
    },
    'recordings:overview': (q) => ({ recordingId: q.recordingId, fs: FS, fromS: 0, toS: 25, durationS: 25, downsampled: true, times: Float32Array.of(0, 25), values: Float32Array.of(0, 0) }),
  })
  useTransport(scripted.transport)
  setActivePinia(createPinia())
})

const inputs = (channel: string): Array<Record<string, unknown>> => scripted.calls.filter((c) => c.channel === channel).map((c) => c.input)
const where = (s: ReturnType<typeof useReviewStore>): unknown => ({ dataset: s.dataset, subject: s.filters.subject, position: s.position, index: s.current?.info.index })

describe('review store', () => {
  it('opens the first dataset at its first window with its labels, subjects and recordings, the window\u2019s history and overview, and remembers the place', async () => {
    const s = useReviewStore()
    await s.init()
    expect([s.dataset, s.labelNames, s.subjects, s.recordings.length, s.total, s.current?.info.index]).toEqual(['lab', ['arousal'], ['S01', 'S02'], 2, 8, 0])
    expect(inputs('windows:detail')[0]).toEqual({ name: 'lab', index: 0 })
    await vi.waitFor(() => expect(s.overview?.recordingId).toBe(1))
    expect(inputs('windows:flag-history')).toEqual([{ name: 'lab', index: 0 }])
    expect(s.currentRecording?.id).toBe(1)
    await s.next()
    expect(JSON.parse(localStorage.getItem(PLACE_KEY)!)).toEqual({ dataset: 'lab', filters: { subject: '', trial: '', labelKey: '', labelValue: '', flag: '' }, position: 1, index: 1 })
    expect(scripted.refused).toEqual([])
  })

  it('reads later pages after the page before with the filters the list was applied with, not those edited since', async () => {
    const s = useReviewStore()
    await s.init()
    s.pageSize = 3
    s.filters.subject = 'S02'
    await s.applyFilters()
    expect([s.total, s.current?.info.index]).toEqual([4, 4])
    s.filters.subject = 'S01'
    await s.goTo(3)
    expect(s.current?.info.index).toBe(7)
    expect(inputs('windows:page').slice(-2).map((q) => [q.subject, q.afterIndex])).toEqual([['S02', undefined], ['S02', 6]])
    expect(JSON.parse(localStorage.getItem(PLACE_KEY)!)).toMatchObject({ filters: { subject: 'S02' }, position: 3, index: 7 })
    expect(scripted.refused).toEqual([])
  })

  it('comes back without reading the dataset again, reopens its place after a reload, and opens the first dataset when the place\u2019s is gone', async () => {
    const s = useReviewStore()
    await s.init()
    await s.openDataset('field')
    s.filters.subject = 'F1'
    await s.applyFilters()
    await s.goTo(2)
    // the details cache was cleared with the dataset: window 2 is field's, not lab's window 2
    expect([s.current?.recordingId, inputs('windows:detail').filter((q) => q.name === 'field').map((q) => q.index)]).toEqual([3, expect.arrayContaining([0, 2])])
    const opened = inputs('datasets:get').length
    await s.init()
    expect(inputs('datasets:get')).toHaveLength(opened)
    expect(where(s)).toEqual({ dataset: 'field', subject: 'F1', position: 2, index: 2 })

    setActivePinia(createPinia())
    const reloaded = useReviewStore()
    await reloaded.init()
    expect(where(reloaded)).toEqual({ dataset: 'field', subject: 'F1', position: 2, index: 2 })

    localStorage.setItem(PLACE_KEY, JSON.stringify({ dataset: 'deleted', filters: { subject: 'X', trial: '', labelKey: '', labelValue: '', flag: '' }, position: 5, index: 5 }))
    setActivePinia(createPinia())
    const later = useReviewStore()
    await later.init()
    expect(where(later)).toEqual({ dataset: 'lab', subject: '', position: 0, index: 0 })
    expect(scripted.refused).toEqual([])
  })

  it('opens the window the backend finds at a clicked time, asked with the filters applied, and keeps a refusal as its sentence', async () => {
    const s = useReviewStore()
    await s.init()
    s.filters.subject = 'S02'
    await s.applyFilters()
    s.filters.subject = 'S01'
    // S02's windows (recording 2) start every 5 s: 12 s is window 6, third in the list
    await s.jumpToTime(12)
    expect([s.position, s.current?.info.index]).toEqual([2, 6])
    expect(inputs('windows:at-time')).toEqual([{ name: 'lab', recordingId: 2, timeS: 12, subject: 'S02' }])
    refusing['windows:at-time'] = 'No window of this recording matches the filters; clear a filter to open its windows.'
    await s.jumpToTime(3)
    expect([s.error, s.current?.info.index]).toEqual(['No window of this recording matches the filters; clear a filter to open its windows.', 6])
  })

  it('keeps each failure as its sentence: the dataset list, a dataset, its windows', async () => {
    refusing['datasets:list'] = 'The store could not be read.'
    const s = useReviewStore()
    await s.init()
    expect([s.error, s.dataset]).toEqual(['The store could not be read.', null])

    delete refusing['datasets:list']
    refusing['datasets:get'] = 'No dataset "lab"; it may have been deleted.'
    await s.init()
    expect([s.error, s.dataset, inputs('windows:page')]).toEqual(['No dataset "lab"; it may have been deleted.', 'lab', []])

    delete refusing['datasets:get']
    refusing['windows:page'] = 'The windows of "lab" could not be read.'
    await s.openDataset('lab')
    expect([s.error, s.loading, s.total, s.current]).toEqual(['The windows of "lab" could not be read.', false, 0, null])

    delete refusing['windows:page']
    await s.applyFilters()
    expect([s.error, s.current?.info.index]).toEqual([null, 0])
    expect(scripted.refused).toEqual([])
  })
})
