// What the trainer pushes back about runs: each run event applied to the list, the live progress,
// "stopping…" and the curves, and the sentence for a run that ended, said once its stored state
// has been read back (the runs store shows it in its one status line).
import { watch } from 'vue'
import type { RunEvent, RunState } from '@contracts/runs.js'
import { onEvent } from '../api/client.js'
import { useRunCurvesStore } from './run-curves.js'
import { useRunListStore } from './run-list.js'
import { useRunProgressStore } from './run-progress.js'
import { useRunStoppingStore } from './run-stopping.js'

export interface RunEvents {
  /** Applies one pushed event. */
  readonly handle: (event: RunEvent) => void
  /** Starts listening to run events (again after `unsubscribe`; once while listening). */
  readonly subscribe: () => void
  readonly unsubscribe: () => void
}

/** `announce` receives the sentence for each run that ended, at the first fresh read of the list after. */
export function useRunEvents(announce: (sentence: string | null) => void): RunEvents {
  const list = useRunListStore()
  const progress = useRunProgressStore()
  const curves = useRunCurvesStore()
  const stopping = useRunStoppingStore()
  let unsubscribe: (() => void) | undefined
  /** Runs whose final state arrived, to be announced from the stored state at the next refresh. */
  const ended = new Set<number>()

  function endNotice(runId: number, state: RunState): string | null {
    const run = list.byId.get(runId)
    const name = `Run ${runId}${run === undefined ? '' : ` "${run.name}"`}`
    if (state === 'done') return `${name} is complete; its results are in Results.`
    if (state === 'interrupted' || state === 'cancelled') return `${name} stopped; what it completed is kept, so it can be resumed.`
    if (state === 'failed') return `${name} failed; the reason is beside it in the list.`
    return null
  }

  // Each fresh read of the list (never a patch) announces the runs that ended since the last.
  watch(() => list.reads, () => {
    for (const id of ended) {
      const run = list.byId.get(id)
      if (run !== undefined && run.state !== 'running') announce(endNotice(id, run.state))
    }
    ended.clear()
  }, { flush: 'sync' })

  function handle(event: RunEvent): void {
    switch (event.type) {
      case 'progress':
        progress.report(event)
        if (list.byId.get(event.runId)?.state !== 'running') list.patch(event.runId, { state: 'running' })
        break
      case 'epoch':
        curves.append(event.runId, event.epoch)
        break
      case 'fold':
        break
      case 'state':
        list.patch(event.runId, { state: event.state, error: event.error })
        if (event.state !== 'running') {
          stopping.set(event.runId, false)
          progress.clear(event.runId)
          // Said once the stored state is read back: a cancelled run arrives as "interrupted" then
          // "failed" on the wire, and the store's word is the one to repeat.
          ended.add(event.runId)
          // Again once the trainer process has exited and the queue has moved on.
          setTimeout(list.refreshSoon, 1500)
        }
        // The store holds the truth (a cancelled run is stored as interrupted): read it back.
        list.refreshSoon()
        break
    }
  }

  return {
    handle,
    subscribe: () => void (unsubscribe ??= onEvent('runs:event', handle)),
    unsubscribe: () => {
      unsubscribe?.()
      unsubscribe = undefined
    },
  }
}
