// Results of runs: the run picked (finished or partial) with everything it recorded, an optional
// second run to compare with, the dataset kinds (to match the paper's numbers) and exports.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { RunExport } from '@contracts/run-api.js'
import type { RunDetail } from '@contracts/runs.js'
import { call, onEvent } from '../api/client.js'
import { useDatasetsStore } from './datasets.js'

export const useResultsStore = defineStore('results', () => {
  const selectedId = ref<number | null>(null)
  const detail = shallowRef<RunDetail | null>(null)
  const compareId = ref<number | null>(null)
  const compare = shallowRef<RunDetail | null>(null)
  /** Dataset name → kind ('amigos', 'swell', 'csv', …) for the published numbers. */
  const datasets = useDatasetsStore()
  const kinds = computed<Record<string, string>>(() => Object.fromEntries(datasets.datasets.map((d) => [d.name, d.kind])))
  const loading = ref(false)
  const error = ref<string | null>(null)
  const exporting = ref<string | null>(null)

  /** Refreshes the shared dataset list; without it the paper's numbers are matched by dataset name alone. */
  async function loadKinds(): Promise<void> {
    await datasets.refresh()
  }

  /** Shows one run (null clears the view). */
  async function select(id: number | null): Promise<void> {
    selectedId.value = id
    error.value = null
    if (id === null) {
      detail.value = null
      return
    }
    loading.value = true
    try {
      const [run] = await Promise.all([call('runs:get', { id }), loadKinds()])
      if (selectedId.value === id) detail.value = run
    } catch (e) {
      if (selectedId.value === id) {
        detail.value = null
        error.value = (e as Error).message
      }
    } finally {
      loading.value = false
    }
  }

  /** Reads the selected run again (a partial run gains folds while it trains). */
  async function reload(): Promise<void> {
    await select(selectedId.value)
    if (compareId.value !== null) await compareWith(compareId.value)
  }

  /** Picks the run to compare the selected one with (null stops comparing). */
  async function compareWith(id: number | null): Promise<void> {
    compareId.value = id
    if (id === null) {
      compare.value = null
      return
    }
    try {
      const run = await call('runs:get', { id })
      if (compareId.value === id) compare.value = run
    } catch (e) {
      compare.value = null
      error.value = (e as Error).message
    }
  }

  /** The selected run's results as CSV, LaTeX or the HTML report; null (with the sentence in `error`) when refused. */
  async function exportAs(format: 'csv' | 'latex' | 'html'): Promise<RunExport | null> {
    if (selectedId.value === null) return null
    exporting.value = format
    error.value = null
    try {
      return await call('runs:export', { id: selectedId.value, format })
    } catch (e) {
      error.value = (e as Error).message
      return null
    } finally {
      exporting.value = null
    }
  }

  let unsubscribe: (() => void) | undefined
  let reloadTimer: ReturnType<typeof setTimeout> | undefined
  /**
   * Keeps a partial run's results current: each fold it finishes (and its end) reads it again,
   * at most once a second.
   */
  function follow(): void {
    unsubscribe ??= onEvent('runs:event', (event) => {
      if (event.runId !== selectedId.value || (event.type !== 'fold' && event.type !== 'state') || reloadTimer !== undefined) return
      reloadTimer = setTimeout(() => {
        reloadTimer = undefined
        const id = selectedId.value
        if (id === null) return
        void call('runs:get', { id }).then((run) => {
          if (selectedId.value === id) detail.value = run
        }, () => undefined)
      }, 1000)
    })
  }
  function unfollow(): void {
    unsubscribe?.()
    unsubscribe = undefined
    if (reloadTimer !== undefined) clearTimeout(reloadTimer)
    reloadTimer = undefined
  }

  return { selectedId, detail, compareId, compare, kinds, loading, error, exporting, select, reload, compareWith, exportAs, follow, unfollow }
})
