// The imported datasets: the one list every view reads (review, tuning, experiments, results and
// the import wizard all refresh it here rather than fetching their own), each dataset's duration
// for the datasets page, one dataset's page (detail and label balance), rename and delete.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { DatasetDetail, DatasetSummary, LabelBalance } from '@contracts/datasets.js'
import { call } from '../api/client.js'
import { sentenceOf, useAsync } from '../composables/use-async.js'
import { useReviewPlaceStore } from './review-place.js'

export interface DatasetRow extends DatasetSummary {
  /** Seconds of imported signal, when the detail could be read. */
  readonly durationS: number | null
}

export const useDatasetsStore = defineStore('datasets', () => {
  const list = useAsync<DatasetSummary[]>([])
  /** Seconds of signal by dataset name, from each detail (only the datasets page asks for them). */
  const durations = shallowRef<ReadonlyMap<string, number>>(new Map())
  const datasets = computed<DatasetRow[]>(() => list.value.value.map((d) => ({ ...d, durationS: durations.value.get(d.name) ?? null })))
  const deleting = ref<string | null>(null)
  /** The dataset whose page is open, with its label balance. */
  const detail = shallowRef<DatasetDetail | null>(null)
  const balance = shallowRef<LabelBalance[] | null>(null)
  const detailError = ref<string | null>(null)
  const renaming = useAsync<string | null>(null)

  /** Reloads the list; false when it could not be read (the sentence in `error`). */
  function refresh(): Promise<boolean> {
    return list.run(() => call('datasets:list', {}))
  }

  /** Reloads the list with each dataset's duration (the datasets page), in one loading state. */
  function refreshWithDurations(): Promise<boolean> {
    return list.run(async () => {
      const found = await call('datasets:list', {})
      // Durations live in the detail; a handful of datasets makes one call each affordable.
      const details = await Promise.all(found.map((d) => call('datasets:get', { name: d.name }).catch(() => null)))
      durations.value = new Map(found.flatMap((d, i) => (details[i] == null ? [] : [[d.name, details[i].durationS] as const])))
      return found
    })
  }

  /** Deletes one dataset and its windows; false (with the sentence in `error`) when refused. */
  async function remove(name: string): Promise<boolean> {
    deleting.value = name
    list.error.value = null
    try {
      await call('datasets:delete', { name })
      list.value.value = list.value.value.filter((d) => d.name !== name)
      return true
    } catch (e) {
      list.error.value = sentenceOf(e)
      return false
    } finally {
      deleting.value = null
    }
  }

  /** Opens one dataset's page: its detail, then its label balance. */
  async function open(name: string): Promise<void> {
    detailError.value = null
    renaming.error.value = null
    if (detail.value?.name !== name) {
      detail.value = null
      balance.value = null
    }
    try {
      const found = await call('datasets:get', { name })
      detail.value = found
      balance.value = found.labelNames.length === 0 ? [] : await call('datasets:label-balance', { name })
    } catch (e) {
      detailError.value = sentenceOf(e)
    }
  }

  /** Renames a dataset; resolves to the new name, or null (with the sentence in `renameError`). */
  async function rename(name: string, newName: string): Promise<string | null> {
    const ok = await renaming.run(async () => (await call('datasets:rename', { name, newName })).dataset)
    const renamed = renaming.value.value
    if (!ok || renamed === null) return null
    list.value.value = list.value.value.map((d) => (d.name === name ? { ...d, name: renamed } : d))
    const seconds = durations.value.get(name)
    if (seconds !== undefined) durations.value = new Map([...durations.value].filter(([n]) => n !== name).concat([[renamed, seconds]]))
    if (detail.value?.name === name) detail.value = { ...detail.value, name: renamed }
    // Review's remembered place names the dataset (it has no other id): it follows, so Review comes back there.
    useReviewPlaceStore().followRename(name, renamed)
    return renamed
  }

  return {
    datasets, loading: list.loading, loaded: list.loaded, error: list.error, deleting, detail, balance, detailError,
    renaming: renaming.loading, renameError: renaming.error, refresh, refreshWithDurations, remove, open, rename,
  }
})
