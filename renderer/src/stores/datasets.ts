// The imported datasets: list (with each one's duration from its detail), one dataset's page
// (detail and label balance), rename and delete.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { DatasetDetail, DatasetSummary, LabelBalance } from '@contracts/datasets.js'
import { call } from '../api/client.js'

export interface DatasetRow extends DatasetSummary {
  /** Seconds of imported signal, when the detail could be read. */
  readonly durationS: number | null
}

export const useDatasetsStore = defineStore('datasets', () => {
  const datasets = ref<DatasetRow[]>([])
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref<string | null>(null)
  const deleting = ref<string | null>(null)
  /** The dataset whose page is open, with its label balance. */
  const detail = shallowRef<DatasetDetail | null>(null)
  const balance = shallowRef<LabelBalance[] | null>(null)
  const detailError = ref<string | null>(null)
  const renaming = ref(false)
  const renameError = ref<string | null>(null)

  /** Reloads the list; an error is kept as its sentence for the view. */
  async function refresh(): Promise<void> {
    loading.value = true
    error.value = null
    try {
      const list = await call('datasets:list', {})
      // Durations live in the detail; a handful of datasets makes one call each affordable.
      const details = await Promise.all(list.map((d) => call('datasets:get', { name: d.name }).catch(() => null)))
      datasets.value = list.map((d, i) => ({ ...d, durationS: details[i]?.durationS ?? null }))
      loaded.value = true
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      loading.value = false
    }
  }

  /** Deletes one dataset and its windows; false (with the sentence in `error`) when refused. */
  async function remove(name: string): Promise<boolean> {
    deleting.value = name
    error.value = null
    try {
      await call('datasets:delete', { name })
      datasets.value = datasets.value.filter((d) => d.name !== name)
      return true
    } catch (e) {
      error.value = (e as Error).message
      return false
    } finally {
      deleting.value = null
    }
  }

  /** Opens one dataset's page: its detail, then its label balance. */
  async function open(name: string): Promise<void> {
    detailError.value = null
    renameError.value = null
    if (detail.value?.name !== name) {
      detail.value = null
      balance.value = null
    }
    try {
      const found = await call('datasets:get', { name })
      detail.value = found
      balance.value = found.labelNames.length === 0 ? [] : await call('datasets:label-balance', { name })
    } catch (e) {
      detailError.value = (e as Error).message
    }
  }

  /** Renames a dataset; resolves to the new name, or null (with the sentence in `renameError`). */
  async function rename(name: string, newName: string): Promise<string | null> {
    renaming.value = true
    renameError.value = null
    try {
      const done = await call('datasets:rename', { name, newName })
      datasets.value = datasets.value.map((d) => (d.name === name ? { ...d, name: done.dataset } : d))
      if (detail.value?.name === name) detail.value = { ...detail.value, name: done.dataset }
      return done.dataset
    } catch (e) {
      renameError.value = (e as Error).message
      return null
    } finally {
      renaming.value = false
    }
  }

  return { datasets, loading, loaded, error, deleting, detail, balance, detailError, renaming, renameError, refresh, remove, open, rename }
})
