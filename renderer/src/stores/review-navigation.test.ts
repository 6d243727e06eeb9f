import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import type { WindowInfo } from '@contracts/datasets.js'
import type { WindowDetail } from '@contracts/review.js'
import { usePagedList } from '../composables/use-paged-list.js'
import { usePromiseCache } from '../composables/use-promise-cache.js'
import { useReviewNavigation } from './review-navigation.js'

const info = (index: number): WindowInfo => ({ index, subject: 'S01', trial: '1', startS: index * 10, labels: {}, quality: 'ok', excluded: false })
const detailOf = (index: number): WindowDetail => ({ info: info(index), recordingId: 1, fs: 1, samples: new Float32Array(10), rPeaks: [], heartRateBpm: null, beats: { uncertain: [], minBpm: null, maxBpm: null, warning: null } })

/** Navigation over windows `indices` (in list order), details answered at once unless held back. */
function scene(indices: number[], pageSize = 4) {
  const loads: number[] = []
  const held = new Map<number, () => void>()
  const hold = new Set<number>()
  const errors: string[] = []
  const places: Array<[string, number, number]> = []
  const list = usePagedList<WindowInfo>(pageSize)
  list.reset((after, limit) => {
    const rest = indices.filter((i) => after === undefined || indices.indexOf(i) > indices.indexOf(after.index))
    return Promise.resolve({ items: rest.slice(0, limit).map(info), total: rest.length })
  })
  const details = usePromiseCache<number, WindowDetail>(24, (index) => {
    loads.push(index)
    if (index === 99) return Promise.reject(new Error('Dataset "demo" has no window 99.'))
    if (!hold.has(index)) return Promise.resolve(detailOf(index))
    return new Promise((resolve) => held.set(index, () => resolve(detailOf(index))))
  })
  const nav = useReviewNavigation({
    dataset: ref('demo'), list, details,
    fail: (e) => errors.push((e as Error).message),
    shown: (name, position, d) => places.push([name, position, d.info.index]),
    side: () => Promise.resolve(),
    // the backend's answer: window 10 + ⌊t / 10⌋, at its position in the backend's list, which no longer holds windows 20 and up
    windowAt: (_recordingId: number, timeS: number) => {
      const index = 10 + Math.floor(timeS / 10)
      if (index > 20) return Promise.reject(new Error('No window of this recording matches the filters.'))
      return Promise.resolve({ index, position: indices.filter((i) => i < 20).indexOf(index) })
    },
  })
  return { nav, list, loads, hold, held, errors, places }
}

describe('review navigation', () => {
  it('shows the window at a clamped position, remembers it, and fetches its neighbours ahead', async () => {
    const s = scene([0, 1, 2, 3, 4, 5])
    await s.list.page(0)
    await s.nav.goTo(3)
    expect([s.nav.position.value, s.nav.current.value?.info.index]).toEqual([3, 3])
    expect(s.places).toEqual([['demo', 3, 3]])
    await new Promise((r) => setTimeout(r, 0))
    expect(s.loads[0]).toBe(3)
    expect([...s.loads].sort()).toEqual([2, 3, 4, 5])
    await s.nav.goTo(40)
    expect(s.nav.position.value).toBe(5)
    expect(s.nav.lastMoveMs.value).toBeGreaterThanOrEqual(0)
  })

  it('steps on from the position last asked for, and of overlapping moves shows only the last', async () => {
    const s = scene([0, 1, 2, 3, 4, 5])
    await s.list.page(0)
    await s.nav.goTo(0)
    s.hold.add(1)
    const first = s.nav.next()
    const second = s.nav.next()
    await second
    expect(s.nav.current.value?.info.index).toBe(2)
    s.held.get(1)!()
    await first
    expect(s.nav.current.value?.info.index).toBe(2)
    await s.nav.previous()
    expect(s.nav.position.value).toBe(1)
  })

  it('says why a window could not be shown and steps on from the window still shown', async () => {
    const s = scene([0, 99, 2])
    await s.list.page(0)
    await s.nav.goTo(0)
    await s.nav.next()
    expect(s.errors).toEqual(['Dataset "demo" has no window 99.'])
    expect(s.nav.current.value?.info.index).toBe(0)
    await s.nav.previous()
    expect(s.nav.position.value).toBe(0)
  })

  it('finds a remembered window again near its old position, and jumps to a time of the recording', async () => {
    const s = scene([10, 11, 12, 13, 14, 15, 16, 17, 18], 3)
    await s.list.page(0)
    // window 17 was at position 4 before three windows left the list ahead of it; now it is at 7
    expect(await s.nav.positionOf({ position: 4, index: 17 })).toBe(7)
    expect(await s.nav.positionOf({ position: 4, index: 50 })).toBe(4)
    await s.nav.goTo(0)
    await s.nav.jumpToTime(25)
    expect([s.nav.position.value, s.nav.current.value?.info.index]).toEqual([2, 12])
    await s.nav.jumpToTime(65)
    expect([s.nav.position.value, s.nav.current.value?.info.index]).toEqual([6, 16])
    expect(s.errors).toEqual([])
  })

  it('finds the window the backend named when the list has moved since, and says why a time could not be opened', async () => {
    // windows 20 and 21 have left the backend's list since the pages were read: window 14 is fifth there, seventh here
    const s = scene([10, 11, 12, 20, 21, 13, 14, 15], 3)
    await s.list.page(0)
    await s.nav.goTo(0)
    await s.nav.jumpToTime(45)
    expect([s.nav.position.value, s.nav.current.value?.info.index]).toEqual([6, 14])
    await s.nav.jumpToTime(890)
    expect(s.errors).toEqual(['No window of this recording matches the filters.'])
    expect(s.nav.current.value?.info.index).toBe(14)
  })
})
