// Review's flags: the annotator's name (kept on this computer), setting or clearing the current
// window's flag under it, and the window's flag history. Part of the review store (review.ts).
import { computed, markRaw, ref, type Ref, type ShallowRef } from 'vue'
import type { WindowFlag, WindowInfo } from '@contracts/datasets.js'
import type { FlagEvent, WindowDetail } from '@contracts/review.js'
import { call } from '../api/client.js'
import { sentenceOf } from '../composables/use-async.js'
import { textCodec, usePersisted } from '../composables/use-persisted.js'
import type { PagedList } from '../composables/use-paged-list.js'
import type { PromiseCache } from '../composables/use-promise-cache.js'

export const ANNOTATOR_KEY = 'ecg-ssl.annotator'
export const ANNOTATOR_MISSING = 'Enter your name as annotator first; it is kept with every flag you set.'

export interface FlagScene {
  readonly dataset: Ref<string | null>
  readonly current: ShallowRef<WindowDetail | null>
  readonly position: Ref<number>
  readonly list: PagedList<WindowInfo>
  readonly details: PromiseCache<number, WindowDetail>
  readonly error: Ref<string | null>
}

export function useWindowFlags(scene: FlagScene) {
  const { dataset, current, position, list, details, error } = scene
  const annotator = usePersisted(ANNOTATOR_KEY, '', textCodec)
  const needsAnnotator = computed(() => annotator.value.trim() === '')
  const history = ref<FlagEvent[]>([])

  /** Reads the flag history of window `index`, kept only while `stillShown()` (the annotator may have moved on). */
  async function showHistory(index: number, stillShown: () => boolean): Promise<void> {
    const h = await call('windows:flag-history', { name: dataset.value!, index })
    if (stillShown()) history.value = h
  }

  /** Remembers the annotator's name (kept across sessions on this computer). */
  function setAnnotator(name: string): void {
    annotator.value = name.trim()
  }

  /** Sets (or clears, with null) the current window's flag under the annotator's name. */
  async function flag(value: WindowFlag | null): Promise<void> {
    const d = current.value
    if (d === null || dataset.value === null) return
    if (needsAnnotator.value) {
      error.value = ANNOTATOR_MISSING
      return
    }
    try {
      const info = await call('windows:flag', { name: dataset.value, index: d.info.index, flag: value, annotator: annotator.value })
      const updated = markRaw({ ...d, info })
      details.set(info.index, updated)
      // The page keeps the window at its position even when it no longer matches a flag filter,
      // so moving on never skips a window the annotator has not seen.
      const cachedPage = list.cached(position.value)
      if (cachedPage !== undefined) {
        const items = await cachedPage
        const at = items.findIndex((w) => w.index === info.index)
        if (at >= 0) items[at] = info
      }
      if (current.value?.info.index === info.index) current.value = updated
      await showHistory(info.index, () => current.value?.info.index === info.index)
      error.value = null
    } catch (e) {
      error.value = sentenceOf(e)
    }
  }

  return { annotator, needsAnnotator, history, showHistory, setAnnotator, flag }
}
