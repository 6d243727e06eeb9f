// The run the Results view compares the selected one with: its changed settings and metric deltas
// are drawn from the detail read here.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { RunDetail } from '@contracts/runs.js'
import { call } from '../api/client.js'
import { useAsync } from '../composables/use-async.js'

export const useRunCompareStore = defineStore('run-compare', () => {
  const compareId = ref<number | null>(null)
  const other = useAsync<RunDetail | null>(null)

  /** Picks the run to compare with (null stops comparing); one that cannot be read compares with nothing. */
  async function compareWith(id: number | null): Promise<void> {
    compareId.value = id
    const ok = await other.run(async () => (id === null ? null : call('runs:get', { id })))
    if (!ok && compareId.value === id) other.value.value = null
  }

  /** Reads the compared run again. */
  async function reload(): Promise<void> {
    if (compareId.value !== null) await compareWith(compareId.value)
  }

  return { compareId, compare: other.value, error: other.error, compareWith, reload }
})
