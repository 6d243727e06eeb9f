// Window review: the filtered list of windows of one dataset, the current window with its beats,
// flags with the annotator's name, the flag history, and the whole-recording overview. Details of
// the neighbouring windows are fetched ahead, so moving on shows a window without waiting. The
// place (dataset, filters, window) survives a reload; the overview's zoom lives here, so it
// survives a visit to another view.
import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import { WINDOW_FLAGS, type DatasetSummary, type WindowFlag, type WindowFlagFilter, type WindowInfo } from '@contracts/datasets.js'
import type { FlagEvent, RecordingOverview, RecordingSummary, WindowDetail } from '@contracts/review.js'
import { call } from '../api/client.js'
import { jsonCodec, textCodec, usePersisted } from '../composables/use-persisted.js'

/** The filters an annotator can set; empty strings mean "any". */
export interface ReviewFilters {
  subject: string
  trial: string
  labelKey: string
  labelValue: string
  flag: WindowFlagFilter | ''
}

export const ANNOTATOR_KEY = 'ecg-ssl.annotator'
/** Where review was: dataset, filters, position in the filtered list and that window's index. */
export const PLACE_KEY = 'ecg-ssl.review.place'

export interface ReviewPlace {
  dataset: string
  filters: ReviewFilters
  position: number
  /** The dataset index of the window at `position` (-1 when the list was empty). */
  index: number
}
/** Windows fetched per page of the filtered list. */
export const PAGE_SIZE = 200
/** Window details kept in memory (current, neighbours, recently seen). */
const DETAIL_CACHE = 24
/** Points the overview asks for: enough for a sharp line on a wide screen, cheap to draw. */
export const OVERVIEW_POINTS = 4000

function emptyFilters(): ReviewFilters {
  return { subject: '', trial: '', labelKey: '', labelValue: '', flag: '' }
}

const FLAG_FILTERS: readonly string[] = ['', 'unreviewed', ...WINDOW_FLAGS]

function isFilters(v: unknown): v is ReviewFilters {
  if (typeof v !== 'object' || v === null) return false
  const f = v as Record<string, unknown>
  return ['subject', 'trial', 'labelKey', 'labelValue'].every((k) => typeof f[k] === 'string') && typeof f.flag === 'string' && FLAG_FILTERS.includes(f.flag)
}

function isPlace(v: unknown): v is ReviewPlace | null {
  if (v === null) return true
  if (typeof v !== 'object') return false
  const p = v as Record<string, unknown>
  return typeof p.dataset === 'string' && isFilters(p.filters) && Number.isInteger(p.position) && (p.position as number) >= 0 && Number.isInteger(p.index)
}

export const useReviewStore = defineStore('review', () => {
  const datasets = ref<DatasetSummary[]>([])
  const dataset = ref<string | null>(null)
  const labelNames = ref<string[]>([])
  const subjects = ref<string[]>([])
  const recordings = shallowRef<RecordingSummary[]>([])
  const filters = ref<ReviewFilters>(emptyFilters())
  const total = ref(0)
  /** Position of the current window in the filtered list. */
  const position = ref(0)
  const current = shallowRef<WindowDetail | null>(null)
  const history = ref<FlagEvent[]>([])
  const overview = shallowRef<RecordingOverview | null>(null)
  const annotator = usePersisted(ANNOTATOR_KEY, '', textCodec)
  const place = usePersisted<ReviewPlace | null>(PLACE_KEY, null, jsonCodec(isPlace))
  const error = ref<string | null>(null)
  const loading = ref(false)
  /** Milliseconds the last move took from key press to the new window being in the store. */
  const lastMoveMs = ref<number | null>(null)
  /** Windows per page of the filtered list (PAGE_SIZE; tests make it small). */
  const pageSize = ref(PAGE_SIZE)

  // Window infos of the filtered list, by page number; details by dataset index (LRU by insertion).
  const pages = new Map<number, Promise<WindowInfo[]>>()
  const details = new Map<number, Promise<WindowDetail>>()
  let generation = 0
  /** Bumped whenever the list is re-read, so pages of an older list cannot set its total. */
  let listId = 0
  /** The position last asked for: key repeats step on from it, not from the window still loading. */
  let wanted = 0
  /** The filters the list was last read with (the form's may be edited but not yet applied). */
  let applied = emptyFilters()

  const currentRecording = computed(() => recordings.value.find((r) => r.id === current.value?.recordingId) ?? null)
  const needsAnnotator = computed(() => annotator.value.trim() === '')

  function fail(e: unknown): void {
    error.value = (e as Error).message
  }

  /**
   * Loads the dataset list and, unless a window is already shown (coming back from another view),
   * opens the dataset chosen in this session or else the last one, at its remembered place
   * (filters and window); a dataset that is gone gives way to the first one.
   */
  async function init(): Promise<void> {
    try {
      datasets.value = await call('datasets:list', {})
      if (current.value !== null) return
      const saved = place.value
      const wantedName = dataset.value ?? saved?.dataset
      const target = datasets.value.find((d) => d.name === wantedName) ?? datasets.value[0]
      if (target !== undefined) await openDataset(target.name, saved?.dataset === target.name ? saved : undefined)
    } catch (e) {
      fail(e)
    }
  }

  /** Opens a dataset with cleared filters at its first window, or at a remembered place. */
  async function openDataset(name: string, at?: ReviewPlace): Promise<void> {
    dataset.value = name
    filters.value = at === undefined ? emptyFilters() : { ...at.filters }
    error.value = null
    // details are cached by window index, which every dataset numbers from 0
    details.clear()
    overview.value = null
    try {
      const [detail, recs] = await Promise.all([call('datasets:get', { name }), call('recordings:list', { name })])
      labelNames.value = detail.labelNames
      subjects.value = detail.perSubject.map((s) => s.subject)
      recordings.value = markRaw(recs)
    } catch (e) {
      fail(e)
      return
    }
    await applyFilters(at)
  }

  function query(): { subject?: string; trial?: string; labelKey?: string; labelValue?: number | string; flag?: WindowFlagFilter } {
    const f = filters.value
    const value = f.labelValue.trim()
    return {
      ...(f.subject === '' ? {} : { subject: f.subject }),
      ...(f.trial.trim() === '' ? {} : { trial: f.trial.trim() }),
      ...(f.labelKey === '' ? {} : { labelKey: f.labelKey }),
      // a label filter value that reads as a number matches numeric labels (e.g. arousal 7)
      ...(f.labelKey === '' || value === '' ? {} : { labelValue: Number.isFinite(Number(value)) ? Number(value) : value }),
      ...(f.flag === '' ? {} : { flag: f.flag }),
    }
  }

  /**
   * Page n of the filtered list. Pages after the first continue after the last window of the page
   * before (a cursor, not an offset): while the annotator flags windows under an "unreviewed"
   * filter the matching set shrinks, and an offset would skip as many windows as were flagged.
   */
  function page(n: number): Promise<WindowInfo[]> {
    let p = pages.get(n)
    if (p === undefined) {
      const name = dataset.value!
      const size = pageSize.value
      const id = listId
      p = (async () => {
        let afterIndex: number | undefined
        if (n > 0) {
          const before = await page(n - 1)
          if (before.length < size) return []
          afterIndex = before[before.length - 1]!.index
        }
        const r = await call('windows:page', { name, offset: 0, limit: size, ...query(), ...(afterIndex === undefined ? {} : { afterIndex }) })
        // the list as first seen up to this page, plus what matches after it now
        if (id === listId) total.value = n * size + r.total
        return r.windows
      })()
      p.catch(() => pages.delete(n))
      pages.set(n, p)
    }
    return p
  }

  async function infoAt(pos: number): Promise<WindowInfo | undefined> {
    const list = await page(Math.floor(pos / pageSize.value))
    return list[pos % pageSize.value]
  }

  function detail(index: number): Promise<WindowDetail> {
    let d = details.get(index)
    if (d === undefined) {
      d = call('windows:detail', { name: dataset.value!, index }).then((w) => markRaw(w))
      d.catch(() => details.delete(index))
      details.set(index, d)
      while (details.size > DETAIL_CACHE) details.delete(details.keys().next().value!)
    }
    return d
  }

  /**
   * Re-reads the filtered list with the current filters and shows its first window, or the
   * remembered window `at` (found again by its index near its old position when the list moved).
   */
  async function applyFilters(at?: ReviewPlace): Promise<void> {
    if (dataset.value === null) return
    applied = { ...filters.value }
    place.value = { dataset: dataset.value, filters: applied, position: 0, index: -1 }
    listId++
    pages.clear()
    total.value = 0
    current.value = null
    history.value = []
    error.value = null
    loading.value = true
    try {
      await page(0)
    } catch (e) {
      fail(e)
      loading.value = false
      return
    }
    loading.value = false
    if (total.value > 0) await goTo(at === undefined ? 0 : await positionOf(at))
  }

  /** The position of the remembered window in the list as it is now: its old one, or where its page has it. */
  async function positionOf(at: ReviewPlace): Promise<number> {
    try {
      for (const pos of [at.position, at.position - pageSize.value, at.position + pageSize.value]) {
        if (pos < 0) continue
        const n = Math.floor(pos / pageSize.value)
        const found = (await page(n)).findIndex((w) => w.index === at.index)
        if (found >= 0) return n * pageSize.value + found
      }
    } catch {
      // the list could not be read: goTo reports it
    }
    return at.position
  }

  /** Shows the window at `pos` of the filtered list (clamped), then fetches its neighbours ahead. */
  async function goTo(pos: number): Promise<void> {
    if (dataset.value === null || total.value === 0) return
    const name = dataset.value
    const target = Math.max(0, Math.min(total.value - 1, pos))
    wanted = target
    const started = performance.now()
    const gen = ++generation
    try {
      const info = await infoAt(target)
      if (info === undefined) return
      const d = await detail(info.index)
      if (gen !== generation) return
      position.value = target
      current.value = d
      place.value = { dataset: name, filters: applied, position: target, index: d.info.index }
      lastMoveMs.value = performance.now() - started
      void loadSide(d, gen)
      prefetch(target)
    } catch (e) {
      if (gen === generation) {
        wanted = position.value
        fail(e)
      }
    }
  }

  /** History and (when the recording changed) the overview, after the window is already shown. */
  async function loadSide(d: WindowDetail, gen: number): Promise<void> {
    try {
      const h = await call('windows:flag-history', { name: dataset.value!, index: d.info.index })
      if (gen === generation) history.value = h
      if (overview.value?.recordingId !== d.recordingId) await loadOverview(d.recordingId)
    } catch (e) {
      if (gen === generation) fail(e)
    }
  }

  function prefetch(pos: number): void {
    for (const p of [pos + 1, pos - 1, pos + 2]) {
      if (p < 0 || p >= total.value) continue
      infoAt(p)
        .then((info) => (info === undefined ? undefined : detail(info.index)))
        .catch(() => undefined)
    }
  }

  /** The recording's signal between fromS and toS (whole recording by default), for the overview. */
  async function loadOverview(recordingId: number, fromS = 0, toS?: number): Promise<void> {
    const o = await call('recordings:overview', { name: dataset.value!, recordingId, fromS, ...(toS === undefined ? {} : { toS }), maxPoints: OVERVIEW_POINTS })
    overview.value = markRaw(o)
  }

  /** Zooms the overview; full resolution comes back once the span is short enough. */
  async function zoomOverview(fromS: number, toS: number): Promise<void> {
    const id = current.value?.recordingId
    if (id === undefined) return
    try {
      await loadOverview(id, Math.max(0, fromS), toS)
    } catch (e) {
      fail(e)
    }
  }

  /** Moves to the first window of the filtered list that starts at or after `timeS` of the current recording. */
  async function jumpToTime(timeS: number): Promise<void> {
    const d = current.value
    if (d === null) return
    // Windows of a recording follow each other one hop apart (the import's overlap), and in an
    // unfiltered list one position apart; with filters the step is the closest guess.
    const overlap = datasets.value.find((x) => x.name === dataset.value)?.overlapPercent ?? 0
    const hopS = (d.samples.length / d.fs) * (1 - overlap / 100)
    const delta = Math.floor((timeS - d.info.startS) / hopS)
    await goTo(position.value + delta)
  }

  const next = (): Promise<void> => goTo(wanted + 1)
  const previous = (): Promise<void> => goTo(wanted - 1)

  /** Remembers the annotator's name (kept across sessions on this computer). */
  function setAnnotator(name: string): void {
    annotator.value = name.trim()
  }

  /** Sets (or clears, with null) the current window's flag under the annotator's name. */
  async function flag(value: WindowFlag | null): Promise<void> {
    const d = current.value
    if (d === null || dataset.value === null) return
    if (needsAnnotator.value) {
      error.value = 'Enter your name as annotator first; it is kept with every flag you set.'
      return
    }
    try {
      const info = await call('windows:flag', { name: dataset.value, index: d.info.index, flag: value, annotator: annotator.value })
      const updated = markRaw({ ...d, info })
      details.set(info.index, Promise.resolve(updated))
      // The page keeps the window at its position even when it no longer matches a flag filter,
      // so moving on never skips a window the annotator has not seen.
      const cachedPage = pages.get(Math.floor(position.value / pageSize.value))
      if (cachedPage !== undefined) {
        const list = await cachedPage
        const at = list.findIndex((w) => w.index === info.index)
        if (at >= 0) list[at] = info
      }
      if (current.value?.info.index === info.index) current.value = updated
      const h = await call('windows:flag-history', { name: dataset.value, index: info.index })
      // the annotator may have moved on meanwhile; the history shown belongs to the window shown
      if (current.value?.info.index === info.index) history.value = h
      error.value = null
    } catch (e) {
      fail(e)
    }
  }

  return {
    datasets, dataset, labelNames, subjects, recordings, filters, total, position, current, history, overview, annotator, error, loading, lastMoveMs, pageSize,
    currentRecording, needsAnnotator,
    init, openDataset, applyFilters, goTo, next, previous, flag, setAnnotator, zoomOverview, jumpToTime,
  }
})
