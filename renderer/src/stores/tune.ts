// Transformation tuning: one window of a dataset and its six METHOD §3 transformations under the
// parameters being adjusted. Changes are debounced and only the newest answer is kept, so dragging
// a slider redraws smoothly without queueing stale previews.
import { defineStore } from 'pinia'
import { computed, markRaw, ref, watch } from 'vue'
import type { WindowInfo } from '@contracts/datasets.js'
import type { TransformPreview } from '@contracts/review.js'
import { DEFAULT_SEED } from '@contracts/presets.js'
import { PAPER_TRANSFORMS, TRANSFORM_PARAM_KEYS, type TransformParams } from '@contracts/transform-params.js'
import { call } from '../api/client.js'
import { useAsync } from '../composables/use-async.js'
import { useDatasetsStore } from './datasets.js'

/** The adjustable parameters (contracts/transform-params.ts). */
export type TuneParams = TransformParams

/** The paper's preset (METHOD §3), as the experiment presets hold it. */
export const PAPER_PRESET: Readonly<TuneParams> = Object.freeze({ ...PAPER_TRANSFORMS })

/** Milliseconds between the last change and the request. */
export const TUNE_DEBOUNCE_MS = 120

/** The preview shown, with what it was computed for and how long it took. */
interface Shown {
  readonly preview: TransformPreview
  readonly info: WindowInfo | null
  readonly drawn: string
  readonly ms: number
}

export const useTuneStore = defineStore('tune', () => {
  const datasetsStore = useDatasetsStore()
  /** The shared dataset list (the datasets store owns it). */
  const datasets = computed(() => datasetsStore.datasets)
  const dataset = ref<string | null>(null)
  const windowCount = ref(0)
  const index = ref(0)
  const seed = ref(DEFAULT_SEED)
  /** One y-axis for the original and its six transformations, so a ×1.1 scaling shows as taller (on by default). */
  const sharedAxis = ref(true)
  const params = ref<TuneParams>({ ...PAPER_PRESET })
  // the preview shown; of overlapping requests only the newest answer is kept
  const shown = useAsync<Shown | null>(null)
  const { error, loading } = shown
  const preview = computed(() => shown.value.value?.preview ?? null)
  /** Subject, trial, start and labels of the window shown. */
  const info = computed(() => shown.value.value?.info ?? null)
  /** Milliseconds of the last preview request. */
  const lastMs = computed(() => shown.value.value?.ms ?? null)
  /** What the preview shown was computed for ("index seed snr scale pieces warpPieces stretch"). */
  const drawn = computed(() => shown.value.value?.drawn ?? '')

  let timer: ReturnType<typeof setTimeout> | undefined

  /**
   * Loads the datasets and picks `want` (e.g. the window review was showing) when it exists,
   * else keeps the current choice, else the first dataset.
   */
  async function init(want?: { dataset: string; index: number }): Promise<void> {
    if (!(await datasetsStore.refresh())) {
      error.value = datasetsStore.error
      return
    }
    const wanted = want === undefined ? undefined : datasets.value.find((d) => d.name === want.dataset)
    if (want !== undefined && wanted !== undefined) selectDataset(wanted.name, want.index)
    else if (dataset.value === null && datasets.value[0] !== undefined) selectDataset(datasets.value[0].name)
    else if (dataset.value !== null) await refresh()
  }

  function selectDataset(name: string, at = 0): void {
    dataset.value = name
    windowCount.value = datasets.value.find((d) => d.name === name)?.windows ?? 0
    index.value = Math.max(0, Math.min(windowCount.value - 1, Math.trunc(at)))
  }

  /** Asks for the preview of the current choice now; older answers arriving later are dropped. */
  async function refresh(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    if (dataset.value === null) return
    const request = { name: dataset.value, index: index.value, seed: seed.value, params: { ...params.value } }
    await shown.run(async () => {
      const started = performance.now()
      const [p, page] = await Promise.all([
        call('transforms:preview', request),
        call('windows:page', { name: request.name, offset: request.index, limit: 1 }),
      ])
      const q = request.params
      const drawnFor = [request.index, request.seed, ...TRANSFORM_PARAM_KEYS.map((k) => q[k])].join(' ')
      return { preview: markRaw(p), info: page.windows[0] ?? null, drawn: drawnFor, ms: performance.now() - started }
    })
  }

  /** Schedules a refresh after the changes stop for TUNE_DEBOUNCE_MS; "Updating…" shows meanwhile. */
  function schedule(): void {
    loading.value = true
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(() => void refresh(), TUNE_DEBOUNCE_MS)
  }

  function resetToPaper(): void {
    params.value = { ...PAPER_PRESET }
  }

  /** A new random seed, to see other random choices under the same parameters. */
  function shuffleSeed(): void {
    seed.value = Math.floor(Math.random() * 1_000_000)
  }

  watch([dataset, index, seed, params], schedule, { deep: true })

  return { datasets, dataset, windowCount, index, seed, sharedAxis, params, preview, drawn, info, error, loading, lastMs, init, selectDataset, refresh, schedule, resetToPaper, shuffleSeed }
})
