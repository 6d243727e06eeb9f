// Review's moving through the filtered list: the window shown and its position, a move to any
// position (clamped), and the details of the neighbouring windows fetched ahead, so moving on
// shows a window without waiting. Key repeats step on from the position last asked for, and of
// overlapping moves only the last one shows its window. Part of the review store (review.ts).
import { ref, shallowRef, type Ref } from 'vue'
import type { WindowInfo } from '@contracts/datasets.js'
import type { WindowDetail, WindowPlace } from '@contracts/review.js'
import type { PagedList } from '../composables/use-paged-list.js'
import type { PromiseCache } from '../composables/use-promise-cache.js'

export interface NavigationScene {
  readonly dataset: Ref<string | null>
  readonly list: PagedList<WindowInfo>
  readonly details: PromiseCache<number, WindowDetail>
  readonly fail: (e: unknown) => void
  /** The window at `position` of dataset `name` is shown (to remember the place). */
  readonly shown: (name: string, position: number, d: WindowDetail) => void
  /** After it is shown: what loads beside the window (history, overview), checking `isLatest()` before keeping it. */
  readonly side: (d: WindowDetail, isLatest: () => boolean) => Promise<void>
  /** The window of the filtered list at `timeS` of recording `recordingId` (windows:at-time). */
  readonly windowAt: (recordingId: number, timeS: number) => Promise<WindowPlace>
}

export function useReviewNavigation(scene: NavigationScene) {
  const { dataset, list, details, fail } = scene
  /** Position of the current window in the filtered list. */
  const position = ref(0)
  const current = shallowRef<WindowDetail | null>(null)
  /** Milliseconds the last move took from key press to the new window being in the store. */
  const lastMoveMs = ref<number | null>(null)
  let generation = 0
  /** The position last asked for: key repeats step on from it, not from the window still loading. */
  let wanted = 0

  /** Shows the window at `pos` of the filtered list (clamped), then fetches its neighbours ahead. */
  async function goTo(pos: number): Promise<void> {
    if (dataset.value === null || list.total.value === 0) return
    const name = dataset.value
    const target = Math.max(0, Math.min(list.total.value - 1, pos))
    wanted = target
    const started = performance.now()
    const gen = ++generation
    const isLatest = (): boolean => gen === generation
    try {
      const info = await list.at(target)
      if (info === undefined) return
      const d = await details.get(info.index)
      if (!isLatest()) return
      position.value = target
      current.value = d
      scene.shown(name, target, d)
      lastMoveMs.value = performance.now() - started
      void scene.side(d, isLatest).catch((e: unknown) => {
        if (isLatest()) fail(e)
      })
      prefetch(target)
    } catch (e) {
      if (isLatest()) {
        wanted = position.value
        fail(e)
      }
    }
  }

  function prefetch(pos: number): void {
    for (const p of [pos + 1, pos - 1, pos + 2]) {
      if (p < 0 || p >= list.total.value) continue
      list
        .at(p)
        .then((info) => (info === undefined ? undefined : details.get(info.index)))
        .catch(() => undefined)
    }
  }

  /** The position of a remembered window in the list as it is now: its old one, or where its page has it. */
  async function positionOf(at: { position: number; index: number }): Promise<number> {
    const size = list.pageSize.value
    try {
      for (const pos of [at.position, at.position - size, at.position + size]) {
        if (pos < 0) continue
        const n = Math.floor(pos / size)
        const found = (await list.page(n)).findIndex((w) => w.index === at.index)
        if (found >= 0) return n * size + found
      }
    } catch {
      // the list could not be read: goTo reports it
    }
    return at.position
  }

  /**
   * Moves to the window of the filtered list at `timeS` of the current recording: the backend finds
   * it and its position exactly (with filters, windows of a recording are not a fixed step apart in
   * the list); the position is checked against the pages read, which may have moved since.
   */
  async function jumpToTime(timeS: number): Promise<void> {
    const d = current.value
    if (d === null) return
    const gen = generation
    let place: WindowPlace
    try {
      place = await scene.windowAt(d.recordingId, timeS)
    } catch (e) {
      if (gen === generation) fail(e)
      return
    }
    if (gen !== generation) return
    await goTo(await positionOf(place))
  }

  const next = (): Promise<void> => goTo(wanted + 1)
  const previous = (): Promise<void> => goTo(wanted - 1)

  return { position, current, lastMoveMs, goTo, next, previous, positionOf, jumpToTime }
}
