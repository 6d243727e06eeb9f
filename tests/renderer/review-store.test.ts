// @vitest-environment happy-dom
import os from 'node:os'
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { useTransport } from '../../renderer/src/api/client.js'
import { useDatasetsStore } from '../../renderer/src/stores/datasets.js'
import { ANNOTATOR_KEY, useReviewStore } from '../../renderer/src/stores/review.js'
import { demoAdapterWith } from '../../src/demo/demo-dataset.js'
import { deleteDataset, readWindow } from '../../src/services/dataset-service.js'
import { importDataset } from '../../src/services/import-service.js'
import { findDatasetByName } from '../../src/store/datasets-repo.js'
import { DEMO, DEMO_WINDOWS, startReviewBackend, type ReviewBackend } from './review-backend.js'

let backend: ReviewBackend

beforeAll(async () => {
  backend = await startReviewBackend()
  useTransport(backend.transport)
})
afterAll(() => backend.close())
beforeEach(() => {
  localStorage.clear()
  setActivePinia(createPinia())
})

const detailCalls = (): number[] => backend.calls.filter((c) => c.channel === 'windows:detail').map((c) => (c.input as { index: number }).index)

describe('review store', () => {
  it('opens the first dataset at its first window with beats, heart rate and the recording overview', async () => {
    const s = useReviewStore()
    await s.init()
    expect(s.dataset).toBe('demo')
    expect(s.total).toBe(DEMO_WINDOWS)
    expect(s.labelNames).toEqual(['arousal', 'valence'])
    expect(s.subjects).toHaveLength(2)
    expect(s.current?.info.index).toBe(0)
    expect(s.current?.samples).toHaveLength(2560)
    expect(s.current?.rPeaks.length).toBeGreaterThan(5)
    expect(s.current?.heartRateBpm).toBeGreaterThan(40)
    await vi.waitFor(() => expect(s.overview?.recordingId).toBe(s.current?.recordingId))
    expect(s.overview?.durationS).toBe(30)
    expect(s.currentRecording?.windows).toBe(3)
  })

  it('fetches the next window ahead, so moving on needs no new request', async () => {
    const s = useReviewStore()
    await s.init()
    await vi.waitFor(() => expect(detailCalls()).toContain(1))
    const before = backend.calls.length
    await s.next()
    expect(s.position).toBe(1)
    expect(s.current?.info.index).toBe(1)
    // window 1 came from the prefetch; the only new calls are side data and further prefetches
    expect(backend.calls.slice(before).filter((c) => c.channel === 'windows:detail' && (c.input as { index: number }).index === 1)).toHaveLength(0)
    await s.previous()
    await s.previous()
    expect(s.position).toBe(0)
    await s.goTo(99)
    expect(s.position).toBe(DEMO_WINDOWS - 1)
    expect(s.lastMoveMs).not.toBeNull()
  })

  it('asks for the annotator once, keeps the name, and flags under it with history', async () => {
    const s = useReviewStore()
    await s.init()
    expect(s.needsAnnotator).toBe(true)
    await s.flag('noisy')
    expect(s.error).toMatch(/Enter your name as annotator first/)
    s.setAnnotator('  Ada Lovelace ')
    expect(localStorage.getItem(ANNOTATOR_KEY)).toBe('Ada Lovelace')
    await s.goTo(2)
    await s.flag('noisy')
    expect(s.error).toBeNull()
    expect(s.current?.info.flag).toBe('noisy')
    expect(s.history.map((e) => [e.flag, e.annotator])).toEqual([['noisy', 'Ada Lovelace']])
    expect(backend.store.db.prepare("SELECT w.flag FROM windows w WHERE w.idx = 2 AND w.dataset_id = (SELECT id FROM datasets WHERE name = 'demo')").get()).toEqual({ flag: 'noisy' })
    // a new session (new Pinia) reads the name back
    setActivePinia(createPinia())
    expect(useReviewStore().annotator).toBe('Ada Lovelace')
    expect(useReviewStore().needsAnnotator).toBe(false)
  })

  it('filters by flag, subject and label, and says when nothing matches', async () => {
    const s = useReviewStore()
    await s.init()
    s.filters.flag = 'noisy'
    await s.applyFilters()
    expect(s.total).toBe(1)
    expect(s.current?.info.index).toBe(2)
    s.filters.flag = 'unreviewed'
    await s.applyFilters()
    expect(s.total).toBe(DEMO_WINDOWS - 1)
    s.filters = { subject: s.subjects[1]!, trial: '', labelKey: 'arousal', labelValue: '', flag: '' }
    await s.applyFilters()
    expect(s.total).toBe(6)
    expect(s.current?.info.subject).toBe(s.subjects[1])
    const value = s.current!.info.labels.arousal as number
    s.filters.labelValue = String(value)
    await s.applyFilters()
    expect(s.total).toBeGreaterThan(0)
    expect(s.current?.info.labels.arousal).toBe(value)
    s.filters.trial = 'no such trial'
    await s.applyFilters()
    expect(s.total).toBe(0)
    expect(s.current).toBeNull()
  })

  it('visits every window once while flagging under the "not reviewed" filter, across pages', async () => {
    backend.store.db.prepare('UPDATE windows SET flag = NULL').run()
    localStorage.setItem(ANNOTATOR_KEY, 'Ada')
    const s = useReviewStore()
    await s.init()
    s.pageSize = 5
    s.filters.flag = 'unreviewed'
    await s.applyFilters()
    expect(s.total).toBe(DEMO_WINDOWS)
    const seen: number[] = []
    for (let k = 0; k < DEMO_WINDOWS; k++) {
      seen.push(s.current!.info.index)
      await s.flag(k % 2 === 0 ? 'good' : 'artifact')
      await s.next()
    }
    // an offset-paged list would have skipped the five windows flagged on the first page
    expect(seen).toEqual(Array.from({ length: DEMO_WINDOWS }, (_, i) => i))
    expect(s.total).toBe(DEMO_WINDOWS)
    expect(backend.store.db.prepare('SELECT COUNT(*) AS n FROM windows WHERE flag IS NULL').get()).toEqual({ n: 0 })
    await s.previous()
    expect(s.current?.info.index).toBe(DEMO_WINDOWS - 2)
  })

  it('switches datasets without showing the other dataset’s cached windows', async () => {
    await importDataset(backend.store, { kind: 'csv', path: os.tmpdir(), name: 'other' }, { adapters: { csv: demoAdapterWith({ ...DEMO, seed: 99 }) } })
    const s = useReviewStore()
    await s.init()
    await vi.waitFor(() => expect(detailCalls()).toContain(1))
    const demoFirst = Array.from(s.current!.samples.subarray(0, 50))
    await s.openDataset('other')
    expect(s.dataset).toBe('other')
    expect(s.current?.info.index).toBe(0)
    expect(Array.from(s.current!.samples.subarray(0, 50))).not.toEqual(demoFirst)
    expect(Array.from(s.current!.samples)).toEqual(Array.from(readWindow(backend.store, 'other', 0)))
    await s.next()
    expect(Array.from(s.current!.samples)).toEqual(Array.from(readWindow(backend.store, 'other', 1)))
    deleteDataset(backend.store, 'other')
  })

  it('keeps its place in a dataset renamed on the datasets page: coming back, after a reload, and when Review was not open', async () => {
    await importDataset(backend.store, { kind: 'csv', path: os.tmpdir(), name: 'mine' }, { adapters: { csv: demoAdapterWith({ ...DEMO, seed: 99 }) } })
    try {
      const s = useReviewStore()
      await s.init()
      await s.openDataset('mine')
      s.filters.subject = s.subjects[1]!
      await s.applyFilters()
      await s.next()
      const at = { dataset: 'mine-v2', subject: s.subjects[1], index: s.current!.info.index, position: 1 }
      expect(at.index).toBeGreaterThan(0)
      const where = (r: typeof s): unknown => ({ dataset: r.dataset, subject: r.filters.subject, index: r.current?.info.index, position: r.position })

      // to the dataset page, rename, back to Review (the store lives on, its window was shown)
      expect(await useDatasetsStore().rename('mine', 'mine-v2')).toBe('mine-v2')
      await s.init()
      expect(where(s)).toEqual(at)
      await s.next()
      expect(Array.from(s.current!.samples)).toEqual(Array.from(readWindow(backend.store, 'mine-v2', s.current!.info.index)))

      // a reload: a new store, the same localStorage
      setActivePinia(createPinia())
      const reloaded = useReviewStore()
      await reloaded.init()
      expect(where(reloaded)).toEqual({ ...at, index: at.index + 1, position: 2 })

      // renamed after a reload, before Review was opened again
      setActivePinia(createPinia())
      expect(await useDatasetsStore().rename('mine-v2', 'mine-v3')).toBe('mine-v3')
      const later = useReviewStore()
      await later.init()
      expect(where(later)).toEqual({ ...at, dataset: 'mine-v3', index: at.index + 1, position: 2 })
    } finally {
      for (const name of ['mine', 'mine-v2', 'mine-v3']) if (findDatasetByName(backend.store.db, name) !== undefined) deleteDataset(backend.store, name)
    }
  })

  it('zooms the overview to full resolution and jumps to the window at a clicked time', async () => {
    const s = useReviewStore()
    await s.init()
    await vi.waitFor(() => expect(s.overview).not.toBeNull())
    // 30 s at 256 Hz is 7680 samples, more than the 4000 points asked for
    expect(s.overview?.downsampled).toBe(true)
    await s.zoomOverview(10, 12)
    expect(s.overview).toMatchObject({ downsampled: false, fromS: 10, toS: 12 })
    expect(s.overview?.values).toHaveLength(512)
    await s.jumpToTime(25)
    expect(s.current?.info.startS).toBe(20)
    expect(s.position).toBe(2)
  })

  it('opens exactly the filtered window at a clicked time, where the windows of a recording are not one position apart', async () => {
    // 'noisy' keeps windows 0 and 2 of the first recording (0–10 s, 20–30 s) and 3, 4 of the second
    backend.store.db.prepare("UPDATE windows SET flag = CASE WHEN idx IN (0, 2, 3, 4) THEN 'noisy' ELSE NULL END WHERE dataset_id = (SELECT id FROM datasets WHERE name = 'demo')").run()
    const s = useReviewStore()
    await s.init()
    s.filters.flag = 'noisy'
    await s.applyFilters()
    expect([s.total, s.current?.info.index]).toEqual([4, 0])
    const recording = s.current!.recordingId
    // a step of one position per window would land two positions on: window 3, another recording
    await s.jumpToTime(25)
    expect([s.current?.info.index, s.position, s.current?.recordingId]).toEqual([2, 1, recording])
    // 12 s lies in window 1, which the filter leaves out: window 0 ends 2 s before, window 2 starts 8 s after
    await s.jumpToTime(12)
    expect([s.current?.info.index, s.position]).toEqual([0, 0])
    expect(s.error).toBeNull()
    // the last call asked with the filters applied
    expect(backend.calls.filter((c) => c.channel === 'windows:at-time').at(-1)?.input).toMatchObject({ name: 'demo', recordingId: recording, timeS: 12, flag: 'noisy' })
  })
})
