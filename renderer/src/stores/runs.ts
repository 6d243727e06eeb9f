// Experiment runs and what the user does to them: create, start, cancel and delete with a sentence
// for each, in one status line that also says when a run ended (run-events.ts applies what the
// trainer pushes back).
import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { ExperimentConfigInput } from '@contracts/runs.js'
import { call } from '../api/client.js'
import { useResumeOffersStore } from './resume-offers.js'
import { useRunCurvesStore } from './run-curves.js'
import { useRunEvents } from './run-events.js'
import { useRunListStore } from './run-list.js'
import { useRunStoppingStore } from './run-stopping.js'

export const useRunsStore = defineStore('runs', () => {
  const list = useRunListStore()
  const curves = useRunCurvesStore()
  const offers = useResumeOffersStore()
  const stopping = useRunStoppingStore()
  const actionError = ref<string | null>(null)
  /** The sentence to show: what an action, the list or the curves could not do. */
  const error = computed(() => actionError.value ?? list.error ?? curves.error)
  /** What the last action did, as a sentence for a status line. */
  const notice = ref<string | null>(null)
  const busy = ref<number | 'create' | null>(null)
  const events = useRunEvents((sentence) => (notice.value = sentence))

  // A fresh read of the list (never a patch) clears what failed before, as the one error line always did.
  watch(() => list.reads, () => {
    actionError.value = null
    curves.error = null
  }, { flush: 'sync' })

  /** Subscribes to run events and loads the list (idempotent: the shell and views both call it). */
  async function init(): Promise<void> {
    events.subscribe()
    if (!list.loaded) await list.refresh()
    if (list.queue.running !== null) await curves.showFirst(list.queue.running)
  }

  async function act<T>(key: number | 'create', action: () => Promise<T>, success: (value: T) => string | null): Promise<T | null> {
    busy.value = key
    actionError.value = null
    notice.value = null
    try {
      const value = await action()
      notice.value = success(value)
      await list.refresh()
      return value
    } catch (e) {
      actionError.value = (e as Error).message
      return null
    } finally {
      busy.value = null
    }
  }

  /** Creates a run from a config; queued at once unless `start` is false. Returns its id or null. */
  async function create(config: ExperimentConfigInput, start: boolean): Promise<number | null> {
    const created = await act('create', () => call('runs:create', { config, start }), () => null)
    if (created === null) return null
    // Said after the refresh, which tells whether it started at once or waits its turn.
    const name = `Run ${created.runId} "${config.name}"`
    const training = list.queue.running === created.runId
    notice.value = !created.queued ? `${name} is saved; start it from the list when you are ready.`
      : training ? `${name} is training now; its curves appear as epochs finish.` : `${name} is queued; it starts when the runs before it end.`
    if (training) await curves.followRun(created.runId)
    return created.runId
  }

  /** Starts, or resumes from its last completed epoch, a run. */
  async function start(id: number): Promise<boolean> {
    const resuming = list.byId.get(id)?.state !== 'queued'
    const ok = (await act(id, () => call('runs:start', { id }), () => (resuming ? `Run ${id} resumes from its last completed epoch.` : `Run ${id} is queued.`))) !== null
    if (ok) offers.dismiss(id)
    return ok
  }

  /** Stops a running run (it keeps what it completed) or takes a waiting one out of the queue. */
  async function cancel(id: number): Promise<boolean> {
    // Said at once: the trainer takes a few seconds to store its state and exit.
    const wasRunning = list.byId.get(id)?.state === 'running'
    if (wasRunning) stopping.set(id, true)
    offers.stoppedByUser(id)
    const r = await act(id, () => call('runs:cancel', { id }), (c) =>
      c.cancelled ? (wasRunning ? `Run ${id} is stopping…` : `Run ${id} is taken out of the queue.`) : `Run ${id} was not running or queued.`)
    if (r?.cancelled !== true) stopping.set(id, false)
    return r?.cancelled ?? false
  }

  /** Deletes a run and everything it recorded. */
  async function remove(id: number): Promise<boolean> {
    const r = await act(id, () => call('runs:delete', { id }), () => `Run ${id} is deleted.`)
    if (r?.deleted === true) curves.forget(id)
    return r?.deleted ?? false
  }

  function dispose(): void {
    events.unsubscribe()
    list.dispose()
  }

  return { error, notice, busy, handle: events.handle, init, create, start, cancel, remove, dispose }
})
