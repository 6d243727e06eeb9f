// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { useTransport } from '../../renderer/src/api/client.js'
import { PAPER_PRESET, useTuneStore } from '../../renderer/src/stores/tune.js'
import { DEFAULT_TRANSFORM_PARAMS } from '../../src/transforms/transforms.js'
import { startReviewBackend, type ReviewBackend } from './review-backend.js'

let backend: ReviewBackend

beforeAll(async () => {
  backend = await startReviewBackend()
  useTransport(backend.transport)
})
afterAll(() => backend.close())
beforeEach(() => setActivePinia(createPinia()))

const previews = (): { params: Record<string, number>; seed: number; index: number }[] =>
  backend.calls.filter((c) => c.channel === 'transforms:preview').map((c) => c.input as { params: Record<string, number>; seed: number; index: number })

describe('tune store', () => {
  it('starts from the paper preset, the same values training uses by default', () => {
    expect(PAPER_PRESET).toEqual(DEFAULT_TRANSFORM_PARAMS)
    expect(useTuneStore().params).toEqual(PAPER_PRESET)
  })

  it('shows the seven variants of the first window of the first dataset', async () => {
    const s = useTuneStore()
    await s.init()
    await vi.waitFor(() => expect(s.preview).not.toBeNull())
    expect(s.preview?.names).toEqual(['original', 'noise', 'scale', 'negate', 'flip', 'permute', 'time-warp'])
    expect(s.preview?.variants).toHaveLength(7)
    expect(s.windowCount).toBe(12)
  })

  it('redraws once after a burst of changes (debounced), with the newest values', async () => {
    const s = useTuneStore()
    await s.init()
    await vi.waitFor(() => expect(s.preview).not.toBeNull())
    const before = previews().length
    s.params = { ...s.params, noiseSnrDb: 10 }
    s.params = { ...s.params, noiseSnrDb: 5 }
    s.params = { ...s.params, permutePieces: 4 }
    s.seed = 42
    s.index = 3
    await vi.waitFor(() => expect(s.preview?.params.permutePieces).toBe(4))
    const burst = previews().slice(before)
    expect(burst).toHaveLength(1)
    expect(burst[0]).toMatchObject({ index: 3, seed: 42, params: { noiseSnrDb: 5, permutePieces: 4 } })
    expect(s.preview?.params).toMatchObject({ noiseSnrDb: 5, permutePieces: 4, scaleFactor: 1.1 })
  })

  it('resets to the paper preset and shows a refused value as the server’s sentence', async () => {
    const s = useTuneStore()
    await s.init()
    s.params = { ...s.params, warpPieces: 0 }
    await vi.waitFor(() => expect(s.error).toMatch(/time-warp pieces must be between 2 and 256/))
    s.resetToPaper()
    expect(s.params).toEqual(PAPER_PRESET)
    await vi.waitFor(() => expect(s.error).toBeNull())
    expect(s.preview?.params).toEqual(DEFAULT_TRANSFORM_PARAMS)
  })

  it('gives a new seed on request, which changes the random variants', async () => {
    const s = useTuneStore()
    await s.init()
    await vi.waitFor(() => expect(s.preview).not.toBeNull())
    const noise = Array.from(s.preview!.variants[1]!)
    s.seed = 1234
    await vi.waitFor(() => expect(Array.from(s.preview!.variants[1]!)).not.toEqual(noise))
    s.shuffleSeed()
    expect(Number.isInteger(s.seed)).toBe(true)
  })
})
