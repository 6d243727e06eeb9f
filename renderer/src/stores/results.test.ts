// @vitest-environment happy-dom
// The Results view's run: read with the dataset kinds, a missing run leaves it empty with the
// sentence, a later pick wins over a slower earlier one, and a partial run is read again as folds finish.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { DatasetSummary } from '@contracts/datasets.js'
import { useTransport } from '../api/client.js'
import { scriptedTransport, type Scripted } from '../api/scripted-transport.test-util.js'
import { finishedRun } from '../components/results/run-fixture.test-util.js'
import { useResultsStore } from './results.js'

const amigos: DatasetSummary = {
  name: 'amigos', kind: 'amigos', createdAt: '2026-11-22T01:00:00.000Z', sourcePath: '/d', subjects: 4, recordings: 8,
  windows: 96, excluded: 0, fs: 256, windowSamples: 2560, overlapPercent: 0, contentHash: 'h',
}
let scripted: Scripted
let reads: number
beforeEach(() => {
  reads = 0
  scripted = scriptedTransport({
    'datasets:list': () => [amigos],
    'datasets:get': () => ({ ...amigos, durationS: 960 }),
    'runs:get': (input) => {
      if (input.id === 999) throw new Error('There is no run 999; it may have been deleted.')
      reads++
      return { ...finishedRun(input.id as number), folds: Array.from({ length: reads }, () => finishedRun(1).folds[0]!) }
    },
  })
  useTransport(scripted.transport)
  setActivePinia(createPinia())
})

describe('results store', () => {
  it('reads the picked run with the dataset kinds; a run that does not exist leaves the view empty with its sentence', async () => {
    const s = useResultsStore()
    await s.select(1)
    expect([s.detail?.id, s.kinds, s.error, s.loading]).toEqual([1, { amigos: 'amigos' }, null, false])
    await s.select(999)
    expect([s.selectedId, s.detail, s.error]).toEqual([999, null, 'There is no run 999; it may have been deleted.'])
    await s.select(null)
    expect([s.detail, s.error]).toEqual([null, null])
    expect(scripted.refused).toEqual([])
  })

  it('reads a partial run again when one of its folds finishes, at most once a second', async () => {
    vi.useFakeTimers()
    try {
      const s = useResultsStore()
      await s.select(2)
      s.follow()
      const fold = finishedRun(2).folds[0]!
      scripted.emit('runs:event', { type: 'fold', runId: 2, fold })
      scripted.emit('runs:event', { type: 'fold', runId: 2, fold })
      scripted.emit('runs:event', { type: 'fold', runId: 7, fold })
      await vi.advanceTimersByTimeAsync(1100)
      expect(s.detail?.folds).toHaveLength(2)
      s.unfollow()
      scripted.emit('runs:event', { type: 'fold', runId: 2, fold })
      await vi.advanceTimersByTimeAsync(1100)
      expect(s.detail?.folds).toHaveLength(2)
    } finally {
      vi.useRealTimers()
    }
  })
})
