// "Stopping…": a running run whose Cancel was pressed, from that moment until its final state
// arrives or a fresh read of the list no longer shows it running (the trainer takes a few
// seconds to store its state and exit).
import { defineStore } from 'pinia'
import { ref, watch } from 'vue'
import type { RunSummary } from '@contracts/runs.js'
import { useRunListStore } from './run-list.js'

export const useRunStoppingStore = defineStore('run-stopping', () => {
  const list = useRunListStore()
  const stopping = ref<ReadonlySet<number>>(new Set())

  function set(runId: number, on: boolean): void {
    if (stopping.value.has(runId) === on) return
    const next = new Set(stopping.value)
    if (on) next.add(runId)
    else next.delete(runId)
    stopping.value = next
  }

  /** True from the moment Cancel is pressed on a running run until it has stopped. */
  function isStopping(run: RunSummary): boolean {
    return stopping.value.has(run.id) && run.state === 'running'
  }

  // A fresh read of the list (never a patch) settles the runs that are no longer running.
  watch(() => list.reads, () => {
    for (const id of stopping.value) if (list.byId.get(id)?.state !== 'running') set(id, false)
  }, { flush: 'sync' })

  return { stopping, isStopping, set }
})
