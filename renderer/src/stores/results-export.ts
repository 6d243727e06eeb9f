// A run's results exported as CSV, LaTeX or the HTML report (the file's name, type and text; the
// view saves it).
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { RunExport } from '@contracts/run-api.js'
import { call } from '../api/client.js'
import { useAsync } from '../composables/use-async.js'

export type ExportFormat = 'csv' | 'latex' | 'html'

export const useResultsExportStore = defineStore('results-export', () => {
  const file = useAsync<RunExport | null>(null)
  /** The format being exported, null when none is. */
  const exporting = ref<ExportFormat | null>(null)

  /** The run's results in `format`; null (with the sentence in `error`) when refused. */
  async function exportAs(id: number, format: ExportFormat): Promise<RunExport | null> {
    exporting.value = format
    try {
      return (await file.run(() => call('runs:export', { id, format }))) ? file.value.value : null
    } finally {
      exporting.value = null
    }
  }

  return { exporting, error: file.error, exportAs }
})
