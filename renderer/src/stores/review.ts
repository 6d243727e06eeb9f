// Window review: one dataset's windows under the annotator's filters, read a page at a time, with
// the window shown (review-navigation.ts), its flags and their history (review-flags.ts) and the
// whole-recording overview (review-overview.ts). The place (dataset, filters, window) survives a
// reload and a rename of its dataset; the overview's zoom lives here, so it survives a visit to
// another view.
import { defineStore, storeToRefs } from 'pinia'
import { computed, markRaw, ref } from 'vue'
import type { WindowInfo } from '@contracts/datasets.js'
import type { WindowDetail } from '@contracts/review.js'
import { call } from '../api/client.js'
import { sentenceOf } from '../composables/use-async.js'
import { usePagedList } from '../composables/use-paged-list.js'
import { usePromiseCache } from '../composables/use-promise-cache.js'
import { useDatasetsStore } from './datasets.js'
import { useWindowFlags } from './review-flags.js'
import { useReviewNavigation } from './review-navigation.js'
import { useRecordingOverview } from './review-overview.js'
import { emptyFilters, filterQuery, useReviewPlaceStore, type ReviewFilters, type ReviewPlace } from './review-place.js'

export { ANNOTATOR_KEY } from './review-flags.js'
export { OVERVIEW_POINTS } from './review-overview.js'
export { PLACE_KEY, type ReviewFilters, type ReviewPlace } from './review-place.js'
/** Windows fetched per page of the filtered list. */
export const PAGE_SIZE = 200
/** Window details kept in memory (current, neighbours, recently seen). */
const DETAIL_CACHE = 24

export const useReviewStore = defineStore('review', () => {
  const datasetsStore = useDatasetsStore()
  /** The shared dataset list (the datasets store owns it). */
  const datasets = computed(() => datasetsStore.datasets)
  const dataset = ref<string | null>(null)
  const labelNames = ref<string[]>([])
  const subjects = ref<string[]>([])
  const filters = ref<ReviewFilters>(emptyFilters())
  /** The filters the list was last read with (the form's may be edited but not yet applied). */
  let applied = emptyFilters()
  // Kept by its own store, which a rename on the datasets page updates.
  const { place } = storeToRefs(useReviewPlaceStore())
  const error = ref<string | null>(null)
  const loading = ref(false)
  const fail = (e: unknown): void => void (error.value = sentenceOf(e))

  const list = usePagedList<WindowInfo>(PAGE_SIZE)
  // details by dataset index, which every dataset numbers from 0: cleared when the dataset changes
  const details = usePromiseCache<number, WindowDetail>(DETAIL_CACHE, (index) => call('windows:detail', { name: dataset.value!, index }).then((w) => markRaw(w)))
  const nav = useReviewNavigation({
    dataset, list, details, fail,
    shown: (name, position, d) => void (place.value = { dataset: name, filters: applied, position, index: d.info.index }),
    side: async (d, isLatest) => {
      await flags.showHistory(d.info.index, isLatest)
      await overview.follow(d.recordingId)
    },
    windowAt: (recordingId, timeS) => call('windows:at-time', { name: dataset.value!, recordingId, timeS, ...filterQuery(applied) }),
  })
  const flags = useWindowFlags({ dataset, current: nav.current, position: nav.position, list, details, error })
  const overview = useRecordingOverview(dataset, nav.current, fail)

  /**
   * Loads the dataset list and, unless a window is already shown (coming back from another view),
   * opens the dataset chosen in this session or else the last one, at its remembered place
   * (filters and window); a dataset that is gone gives way to the first one. A dataset renamed
   * while another view was open is no longer in the list under the name shown: it is opened again
   * under its new name, at the place (which followed the rename).
   */
  async function init(): Promise<void> {
    if (!(await datasetsStore.refresh())) {
      error.value = datasetsStore.error
      return
    }
    const shownNow = datasets.value.some((d) => d.name === dataset.value)
    if (nav.current.value !== null && shownNow) return
    const saved = place.value
    const wantedName = (shownNow ? dataset.value : null) ?? saved?.dataset
    const target = datasets.value.find((d) => d.name === wantedName) ?? datasets.value[0]
    if (target !== undefined) await openDataset(target.name, saved?.dataset === target.name ? saved : undefined)
  }

  /** Opens a dataset with cleared filters at its first window, or at a remembered place. */
  async function openDataset(name: string, at?: ReviewPlace): Promise<void> {
    dataset.value = name
    filters.value = at === undefined ? emptyFilters() : { ...at.filters }
    error.value = null
    details.clear()
    overview.clear()
    try {
      const [detail, recs] = await Promise.all([call('datasets:get', { name }), call('recordings:list', { name })])
      labelNames.value = detail.labelNames
      subjects.value = detail.perSubject.map((s) => s.subject)
      overview.setRecordings(recs)
    } catch (e) {
      return fail(e)
    }
    await applyFilters(at)
  }

  /**
   * Re-reads the filtered list with the current filters and shows its first window, or the
   * remembered window `at` (found again by its index near its old position when the list moved).
   */
  async function applyFilters(at?: ReviewPlace): Promise<void> {
    if (dataset.value === null) return
    const name = dataset.value
    applied = { ...filters.value }
    const query = filterQuery(applied)
    place.value = { dataset: name, filters: applied, position: 0, index: -1 }
    list.reset(async (after, limit) => {
      const r = await call('windows:page', { name, offset: 0, limit, ...query, ...(after === undefined ? {} : { afterIndex: after.index }) })
      return { items: r.windows, total: r.total }
    })
    nav.current.value = null
    flags.history.value = []
    error.value = null
    loading.value = true
    try {
      await list.page(0)
    } catch (e) {
      fail(e)
      return
    } finally {
      loading.value = false
    }
    if (list.total.value > 0) await nav.goTo(at === undefined ? 0 : await nav.positionOf(at))
  }

  return {
    datasets, dataset, labelNames, subjects, recordings: overview.recordings, filters, total: list.total, position: nav.position, current: nav.current,
    history: flags.history, overview: overview.overview, annotator: flags.annotator, error, loading, lastMoveMs: nav.lastMoveMs, pageSize: list.pageSize,
    currentRecording: overview.currentRecording, needsAnnotator: flags.needsAnnotator,
    init, openDataset, applyFilters, goTo: nav.goTo, next: nav.next, previous: nav.previous, flag: flags.flag, setAnnotator: flags.setAnnotator,
    zoomOverview: overview.zoom, jumpToTime: nav.jumpToTime,
  }
})
