// The live progress of running experiments: the latest `progress` event of each run, kept until
// its final state arrives. The stored summary says the same more slowly (read at each refresh).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { UnitProgress } from '@contracts/progress.js'
import type { RunEvent, RunSummary } from '@contracts/runs.js'

/** The latest progress a running experiment reported. */
export interface LiveProgress {
  readonly phase: string
  readonly done: number
  readonly total: number
  readonly etaSeconds: number | null
  readonly message: string
  /** Date.now() when it arrived. */
  readonly at: number
}

/** A run's progress, from its live event or its stored summary (one definition: contracts/progress.ts). */
export function runProgress(run: RunSummary, live: LiveProgress | undefined): UnitProgress {
  return live ?? run.progress
}

export const useRunProgressStore = defineStore('run-progress', () => {
  const live = ref<Record<number, LiveProgress>>({})

  /** Keeps a run's latest progress event. */
  function report(event: Extract<RunEvent, { type: 'progress' }>): void {
    live.value = { ...live.value, [event.runId]: { phase: event.phase, done: event.done, total: event.total, etaSeconds: event.etaSeconds, message: event.message, at: Date.now() } }
  }

  /** Forgets a run's live progress (it stopped: its stored summary holds the truth). */
  function clear(runId: number): void {
    if (!(runId in live.value)) return
    const { [runId]: _ended, ...rest } = live.value
    live.value = rest
  }

  return { live, report, clear }
})
