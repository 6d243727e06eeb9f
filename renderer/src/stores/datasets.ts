// The imported datasets: list (with each one's duration from its detail) and delete.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { DatasetSummary } from '../../../src/contracts/datasets.js'
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

  return { datasets, loading, loaded, error, deleting, refresh, remove }
})
