// @vitest-environment happy-dom
// The tuning store over a scripted transport: the dataset and window asked for (else the first),
// one request after a burst of changes, an older answer dropped, a refusal kept as its sentence.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { DatasetSummary } from '@contracts/datasets.js'
import { useTransport } from '../api/client.js'
import { scriptedTransport, type Scripted } from '../api/scripted-transport.test-util.js'
import { PAPER_PRESET, TUNE_DEBOUNCE_MS, useTuneStore } from './tune.js'

const dataset = (name: string, windows: number): DatasetSummary => ({
  name, kind: 'csv', createdAt: '2026-11-22T01:00:00.000Z', sourcePath: `/data/${name}`, subjects: 2, recordings: 4,
  windows, excluded: 0, fs: 256, windowSamples: 2560, overlapPercent: 0, contentHash: 'h',
})
const NAMES = ['original', 'noise', 'scale', 'negate', 'flip', 'permute', 'time-warp']

let scripted: Scripted
beforeEach(() => {
  scripted = scriptedTransport({
    'datasets:list': () => [dataset('lab', 12), dataset('field', 30)],
    'transforms:preview': (input) => {
      const params = input.params as Record<string, number>
      if (input.seed === 13) throw new Error('Window 0 of "lab" could not be read; the store may be damaged.')
      return { fs: 256, names: NAMES, variants: NAMES.map(() => new Float32Array(4)), params, seed: input.seed }
    },
    'windows:page': (input) => ({ total: 12, windows: [{ index: input.offset, subject: 's1', trial: 't1', startS: 0, labels: {}, quality: 'ok', excluded: false }] }),
  })
  useTransport(scripted.transport)
  setActivePinia(createPinia())
})
const previews = (): Record<string, unknown>[] => scripted.calls.filter((c) => c.channel === 'transforms:preview').map((c) => c.input)

describe('tune store', () => {
  it('opens the dataset and window asked for, else the first dataset, with the paper preset', async () => {
    const s = useTuneStore()
    await s.init({ dataset: 'field', index: 40 })
    expect([s.dataset, s.windowCount, s.index, s.params]).toEqual(['field', 30, 29, PAPER_PRESET])
    setActivePinia(createPinia())
    const fresh = useTuneStore()
    await fresh.init({ dataset: 'gone', index: 3 })
    expect([fresh.dataset, fresh.index]).toEqual(['lab', 0])
  })

  it('asks once after a burst of changes, with the newest values, and says what it drew', async () => {
    vi.useFakeTimers()
    try {
      const s = useTuneStore()
      await s.init()
      await vi.advanceTimersByTimeAsync(TUNE_DEBOUNCE_MS + 10)
      const before = previews().length
      s.params = { ...s.params, noiseSnrDb: 10 }
      s.params = { ...s.params, noiseSnrDb: 5 }
      s.seed = 42
      s.index = 3
      await nextTick()
      expect(s.loading).toBe(true)
      await vi.advanceTimersByTimeAsync(TUNE_DEBOUNCE_MS + 10)
      const burst = previews().slice(before)
      expect(burst).toHaveLength(1)
      expect(burst[0]).toMatchObject({ index: 3, seed: 42, params: { noiseSnrDb: 5 } })
      expect([s.loading, s.info?.index, s.drawn.startsWith('3 42 5 ')]).toEqual([false, 3, true])
    } finally {
      vi.useRealTimers()
    }
  })

  it('keeps a failed preview as its sentence and clears it with the next one that succeeds', async () => {
    const s = useTuneStore()
    await s.init()
    s.params = { ...s.params, noiseSnrDb: 12 }
    s.seed = 13
    await s.refresh()
    expect(s.error).toBe('Window 0 of "lab" could not be read; the store may be damaged.')
    s.seed = 14
    s.resetToPaper()
    await s.refresh()
    expect([s.error, s.preview?.params]).toEqual([null, PAPER_PRESET])
    expect(scripted.refused).toEqual([])
  })
})
