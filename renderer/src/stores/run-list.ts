// The experiment runs as the store keeps them, with the app's run queue: read on demand, patched
// by pushed events between reads, and asked what a run allows (cancel, start or resume).
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { RunQueueState } from '@contracts/run-api.js'
import type { RunState, RunSummary } from '@contracts/runs.js'
import { call } from '../api/client.js'

/** States a run can be (re)started from. */
const STARTABLE: readonly RunState[] = ['queued', 'interrupted', 'failed', 'cancelled']

export const useRunListStore = defineStore('run-list', () => {
  const runs = ref<RunSummary[]>([])
  const queue = ref<RunQueueState>({ running: null, queued: [] })
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** Bumped by every successful read (never by a patch), for what settles on a fresh list. */
  const reads = ref(0)
  let refreshTimer: ReturnType<typeof setTimeout> | undefined

  const byId = computed(() => new Map(runs.value.map((r) => [r.id, r])))

  /** True when a run is running or waiting in the queue (Cancel applies). */
  function isActive(run: RunSummary): boolean {
    // The queue lets go of a run only when its process has exited, a moment after its final
    // state arrives: the state decides, the queue only tells a waiting run from a saved one.
    return run.state === 'running' || (run.state === 'queued' && (queue.value.running === run.id || queue.value.queued.includes(run.id)))
  }
  /** True when a run can be started or resumed (not done, not running or waiting in this app's queue). */
  function canStart(run: RunSummary): boolean {
    return STARTABLE.includes(run.state) && !isActive(run)
  }

  /** Reloads the runs and the queue; an error is kept as its sentence. */
  async function refresh(): Promise<void> {
    loading.value = true
    try {
      const [list, q] = await Promise.all([call('runs:list', {}), call('runs:queue', {})])
      runs.value = list
      queue.value = q
      loaded.value = true
      error.value = null
      reads.value++
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      loading.value = false
    }
  }

  /** One refresh shortly, however many events ask for it meanwhile. */
  function refreshSoon(): void {
    if (refreshTimer !== undefined) return
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined
      void refresh()
    }, 120)
  }

  /** Changes a listed run in place; a run not listed yet is read with the next refresh. */
  function patch(runId: number, change: Partial<RunSummary>): void {
    const at = runs.value.findIndex((r) => r.id === runId)
    if (at < 0) return refreshSoon()
    runs.value[at] = { ...runs.value[at]!, ...change }
  }

  function dispose(): void {
    if (refreshTimer !== undefined) clearTimeout(refreshTimer)
    refreshTimer = undefined
  }

  return { runs, queue, loaded, loading, error, reads, byId, isActive, canStart, refresh, refreshSoon, patch, dispose }
})
