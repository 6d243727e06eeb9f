// The running import (or demo build): started as a job in its own process, its progress events,
// cancel, and how it ended: the report with the label balance, a failure sentence or cancelled.
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { JobRef } from '@contracts/api.js'
import type { LabelBalance } from '@contracts/datasets.js'
import type { ImportProgress, ImportReport, ImportRequest } from '@contracts/import.js'
import { call, onEvent } from '../api/client.js'
import { useAsync } from '../composables/use-async.js'
import { useDatasetsStore } from './datasets.js'

export const useImportJobStore = defineStore('import-job', () => {
  const jobId = ref<string | null>(null)
  const progress = shallowRef<ImportProgress | null>(null)
  const startedAt = ref<number | null>(null)
  const cancelling = ref(false)
  const failure = ref<string | null>(null)
  const cancelled = ref(false)
  const datasets = useDatasetsStore()
  const report = shallowRef<ImportReport | null>(null)
  /** The new dataset's label balance; its failure is a note under the report, not the job's failure. */
  const balance = useAsync<LabelBalance[] | null>(null)

  function begin(job: JobRef): void {
    jobId.value = job.jobId
    progress.value = null
    startedAt.value = Date.now()
  }

  /** Starts an import; false (with the sentence in `failure`) when the request is refused. */
  async function start(request: ImportRequest): Promise<boolean> {
    failure.value = null
    cancelled.value = false
    report.value = null
    balance.value.value = null
    try {
      begin(await call('datasets:import', request))
      return true
    } catch (e) {
      failure.value = (e as Error).message
      return false
    }
  }

  /**
   * Builds and imports the synthetic demo dataset (src/demo) as a job like any import. Answers the
   * dataset's name and whether a job started (none when a dataset of that name is already there),
   * or null (with the sentence in `failure`) when refused.
   */
  async function startDemo(): Promise<{ dataset: string; started: boolean } | null> {
    failure.value = null
    cancelled.value = false
    report.value = null
    try {
      const started = await call('demo:start', {})
      if (started.jobId !== null) begin({ jobId: started.jobId })
      return { dataset: started.dataset, started: started.jobId !== null }
    } catch (e) {
      failure.value = (e as Error).message
      return null
    }
  }

  /** Asks the running import to stop; the job answers with a "cancelled" event. */
  async function cancel(): Promise<void> {
    if (jobId.value === null) return
    cancelling.value = true
    try {
      await call('jobs:cancel', { jobId: jobId.value })
    } catch (e) {
      failure.value = (e as Error).message
      cancelling.value = false
    }
  }

  async function loadBalance(done: ImportReport): Promise<void> {
    forgetBalance()
    if (done.labelNames.length > 0) await balance.run(() => call('datasets:label-balance', { name: done.dataset }))
  }

  function forgetBalance(): void {
    balance.abandon()
    balance.value.value = null
    balance.error.value = null
  }

  onEvent('jobs:event', (event) => {
    if (event.jobId !== jobId.value) return
    if (event.type === 'progress') {
      progress.value = event.progress
      return
    }
    cancelling.value = false
    if (event.type === 'done') {
      report.value = event.report
      void loadBalance(event.report)
      // every view reads the new dataset from the one shared list
      void datasets.refresh()
    } else {
      cancelled.value = event.cancelled
      failure.value = event.cancelled ? null : event.message
    }
    // Last: whoever watches jobId sees how the job ended.
    jobId.value = null
  })

  /** Forgets the last job (a new wizard). */
  function reset(): void {
    failure.value = null
    cancelled.value = false
    report.value = null
    forgetBalance()
    progress.value = null
  }

  return {
    jobId, progress, startedAt, cancelling, failure, cancelled, report, balance: balance.value, balanceNote: balance.error,
    start, startDemo, cancel, reset,
  }
})
