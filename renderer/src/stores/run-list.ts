// The experiment runs as the store keeps them, with the app's run queue: read on demand, patched
// by pushed events between reads, and asked what a run allows (cancel, start or resume).
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { RunQueueState } from '@contracts/run-api.js'
import type { RunState, RunSummary } from '@contracts/runs.js'
import { call } from '../api/client.js'
import { useAsync } from '../composables/use-async.js'

/** States a run can be (re)started from. */
const STARTABLE: readonly RunState[] = ['queued', 'interrupted', 'failed', 'cancelled']

export const useRunListStore = defineStore('run-list', () => {
  const listing = useAsync<RunSummary[]>([])
  const runs = listing.value
  const queue = ref<RunQueueState>({ running: null, queued: [] })
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
    const ok = await listing.run(async () => {
      const [list, q] = await Promise.all([call('runs:list', {}), call('runs:queue', {})])
      queue.value = q
      return list
    })
    if (ok) reads.value++
  }

  /** One refresh shortly, however many events ask for it meanwhile. */
  function refreshSoon(): void {
    if (refreshTimer !== undefined) return
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined
      void refresh()
    }, 120)
  }

  /** Changes a listed run; a run not listed yet is read with the next refresh. */
  function patch(runId: number, change: Partial<RunSummary>): void {
    if (!runs.value.some((r) => r.id === runId)) return refreshSoon()
    runs.value = runs.value.map((r) => (r.id === runId ? { ...r, ...change } : r))
  }

  function dispose(): void {
    if (refreshTimer !== undefined) clearTimeout(refreshTimer)
    refreshTimer = undefined
  }

  return { runs, queue, loaded: listing.loaded, loading: listing.loading, error: listing.error, reads, byId, isActive, canStart, refresh, refreshSoon, patch, dispose }
})
