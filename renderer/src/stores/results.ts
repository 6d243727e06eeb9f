// The Results view's run: the one picked (finished or partial) with everything it recorded, kept
// current while a partial run gains folds, and the dataset kinds (to match the paper's numbers).
// The run to compare with (run-compare.ts) and the exports (results-export.ts) are stores of their own.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { runDatasetKinds } from '@contracts/published.js'
import type { RunDetail } from '@contracts/runs.js'
import { call, onEvent } from '../api/client.js'
import { useAsync } from '../composables/use-async.js'
import { useDatasetsStore } from './datasets.js'

export const useResultsStore = defineStore('results', () => {
  const selectedId = ref<number | null>(null)
  const run = useAsync<RunDetail | null>(null)
  /**
   * The run's dataset name → kind ('amigos', 'swell', 'csv', …) for the published numbers, from the
   * one dataset list; a dataset deleted since the run is 'unknown', so no paper number is matched on
   * its name (runDatasetKinds: the rule of the export and `ecg-ssl report` too).
   */
  const datasets = useDatasetsStore()
  const kinds = computed<Record<string, string>>(() => {
    const now = new Map(datasets.datasets.map((d) => [d.name, d.kind]))
    return runDatasetKinds(run.value.value?.config.datasets ?? [], (name) => now.get(name))
  })

  /** Shows one run (null clears the view); a run that cannot be read leaves the view empty with the sentence. */
  async function select(id: number | null): Promise<void> {
    selectedId.value = id
    const ok = await run.run(async () => (id === null ? null : (await Promise.all([call('runs:get', { id }), datasets.refresh()]))[0]))
    if (!ok && selectedId.value === id) run.value.value = null
  }

  /** Reads the selected run again (a partial run gains folds while it trains). */
  async function reload(): Promise<void> {
    await select(selectedId.value)
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
        void call('runs:get', { id }).then((detail) => {
          if (selectedId.value === id) run.value.value = detail
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

  return { selectedId, detail: run.value, loading: run.loading, error: run.error, kinds, select, reload, follow, unfollow }
})
