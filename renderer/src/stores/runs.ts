// Experiment runs: the list with live progress, the queue, create / start / cancel / delete, the
// per-task pretext curves of the run being watched (appended as `epoch` events arrive) and the
// resume offer for runs an earlier session left interrupted.
import { defineStore } from 'pinia'
import { computed, markRaw, ref, shallowRef } from 'vue'
import type { RunEstimateReply } from '@contracts/estimate.js'
import type { UnitProgress } from '@contracts/progress.js'
import type { RunQueueState, TaskBalance, TaskBalanceRequest } from '@contracts/run-api.js'
import type { ExperimentConfigInput, PretextEpoch, RunEvent, RunState, RunSummary } from '@contracts/runs.js'
import { call, onEvent } from '../api/client.js'

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

/** The epochs of the watched run, kept out of deep reactivity (the chart appends from it). */
export interface CurveSeries {
  readonly runId: number
  /** Every epoch received so far, in arrival order (all variants). */
  readonly epochs: PretextEpoch[]
}

const DISMISSED_KEY = 'ecg-ssl.dismissed-resume'
/** States a run can be (re)started from. */
const STARTABLE: readonly RunState[] = ['queued', 'interrupted', 'failed', 'cancelled']

function readDismissed(): Set<number> {
  try {
    const raw = globalThis.localStorage?.getItem(DISMISSED_KEY)
    const parsed: unknown = raw == null ? [] : JSON.parse(raw)
    return new Set(Array.isArray(parsed) ? parsed.filter((v): v is number => typeof v === 'number') : [])
  } catch {
    return new Set()
  }
}

/** A run's progress, from its live event or its stored summary (one definition: contracts/progress.ts). */
export function runProgress(run: RunSummary, live: LiveProgress | undefined): UnitProgress {
  return live ?? run.progress
}

export const useRunsStore = defineStore('runs', () => {
  const runs = ref<RunSummary[]>([])
  const queue = ref<RunQueueState>({ running: null, queued: [] })
  const loaded = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)
  /** What the last action did, as a sentence for a status line. */
  const notice = ref<string | null>(null)
  const busy = ref<number | 'create' | null>(null)
  const live = ref<Record<number, LiveProgress>>({})
  const curves = shallowRef<CurveSeries | null>(null)
  /** Bumped on every appended epoch so charts can draw only what is new. */
  const curveVersion = ref(0)
  const dismissed = ref<Set<number>>(readDismissed())
  let unsubscribe: (() => void) | undefined
  /** Until the user picks a run to watch, the curves follow whichever run is training. */
  let follow = true
  let refreshTimer: ReturnType<typeof setTimeout> | undefined
  /** Runs whose final state arrived, to be announced from the stored state at the next refresh. */
  const ended = new Set<number>()
  /**
   * Runs the user stopped in this session: not offered for resume in a banner beside the notice
   * that says they stopped (one banner per cancel); the list keeps their Resume button.
   */
  const stoppedHere = ref<ReadonlySet<number>>(new Set())
  /** Running runs asked to stop whose final state has not arrived yet: "stopping…", no actions. */
  const stopping = ref<ReadonlySet<number>>(new Set())
  function setStopping(runId: number, on: boolean): void {
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

  const byId = computed(() => new Map(runs.value.map((r) => [r.id, r])))
  /** Interrupted runs not yet dismissed: offered for resume at start-up. */
  const resumeOffers = computed(() => runs.value.filter((r) => r.state === 'interrupted' && !dismissed.value.has(r.id) && !stoppedHere.value.has(r.id) && queue.value.running !== r.id && !queue.value.queued.includes(r.id)))

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
      for (const id of stopping.value) if (list.find((r) => r.id === id)?.state !== 'running') setStopping(id, false)
      loaded.value = true
      error.value = null
      for (const id of ended) {
        const run = list.find((r) => r.id === id)
        if (run !== undefined && run.state !== 'running') notice.value = endNotice(id, run.state)
      }
      ended.clear()
    } catch (e) {
      error.value = (e as Error).message
    } finally {
      loading.value = false
    }
  }

  function refreshSoon(): void {
    if (refreshTimer !== undefined) return
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined
      void refresh()
    }, 120)
  }

  function patch(runId: number, change: Partial<RunSummary>): void {
    const at = runs.value.findIndex((r) => r.id === runId)
    if (at < 0) return refreshSoon()
    runs.value[at] = { ...runs.value[at]!, ...change }
  }

  function endNotice(runId: number, state: RunState): string | null {
    const name = `Run ${runId}${byId.value.get(runId) === undefined ? '' : ` "${byId.value.get(runId)!.name}"`}`
    if (state === 'done') return `${name} is complete; its results are in Results.`
    if (state === 'interrupted' || state === 'cancelled') return `${name} stopped; what it completed is kept, so it can be resumed.`
    if (state === 'failed') return `${name} failed; the reason is beside it in the list.`
    return null
  }

  /** Applies one pushed event (exported for tests through the store). */
  function handle(event: RunEvent): void {
    switch (event.type) {
      case 'progress':
        live.value = { ...live.value, [event.runId]: { phase: event.phase, done: event.done, total: event.total, etaSeconds: event.etaSeconds, message: event.message, at: Date.now() } }
        if (byId.value.get(event.runId)?.state !== 'running') patch(event.runId, { state: 'running' })
        break
      case 'epoch': {
        // The training run's curves are what the user wants to see unless they picked another.
        if (follow && curves.value?.runId !== event.runId) void load(event.runId)
        const series = curves.value
        if (series !== null && series.runId === event.runId) {
          series.epochs.push(event.epoch)
          curveVersion.value++
        }
        break
      }
      case 'fold':
        break
      case 'state':
        patch(event.runId, { state: event.state, error: event.error })
        if (event.state !== 'running') {
          setStopping(event.runId, false)
          const { [event.runId]: _ended, ...rest } = live.value
          live.value = rest
          // Said once the stored state is read back: a cancelled run arrives as "interrupted" then
          // "failed" on the wire, and the store's word is the one to repeat.
          ended.add(event.runId)
          // Again once the trainer process has exited and the queue has moved on.
          setTimeout(refreshSoon, 1500)
        }
        // The store holds the truth (a cancelled run is stored as interrupted): read it back.
        refreshSoon()
        break
    }
  }

  /** Shows the curves of one run the user picked: its stored epochs now, then those that arrive. */
  async function watch(runId: number): Promise<void> {
    follow = false
    await load(runId)
  }

  async function load(runId: number): Promise<void> {
    const series: CurveSeries = markRaw({ runId, epochs: [] })
    curves.value = series
    try {
      const detail = await call('runs:get', { id: runId })
      if (curves.value !== series) return
      // Events that arrived while the detail was read are newer than it: keep them after it.
      const seen = new Set(detail.epochs.map((e) => `${e.variant}/${e.epoch}`))
      const arrived = series.epochs.filter((e) => !seen.has(`${e.variant}/${e.epoch}`))
      curves.value = markRaw({ runId, epochs: [...detail.epochs, ...arrived] })
      curveVersion.value++
    } catch (e) {
      error.value = (e as Error).message
    }
  }

  /** Subscribes to run events and loads the list (idempotent: the shell and views both call it). */
  async function init(): Promise<void> {
    unsubscribe ??= onEvent('runs:event', handle)
    if (!loaded.value) await refresh()
    if (curves.value === null && queue.value.running !== null) await load(queue.value.running)
  }

  async function act<T>(key: number | 'create', action: () => Promise<T>, success: (value: T) => string | null): Promise<T | null> {
    busy.value = key
    error.value = null
    notice.value = null
    try {
      const value = await action()
      notice.value = success(value)
      await refresh()
      return value
    } catch (e) {
      error.value = (e as Error).message
      return null
    } finally {
      busy.value = null
    }
  }

  /** Creates a run from a config; queued at once unless `start` is false. Returns its id or null. */
  async function create(config: ExperimentConfigInput, start: boolean): Promise<number | null> {
    const created = await act('create', () => call('runs:create', { config, start }), (c) => `Run ${c.runId} "${config.name}" is ${c.queued ? 'queued' : 'saved'}.`)
    // Said after the refresh, which tells whether it started at once or waits its turn.
    if (created !== null) {
      const name = `Run ${created.runId} "${config.name}"`
      notice.value = !created.queued ? `${name} is saved; start it from the list when you are ready.`
        : queue.value.running === created.runId ? `${name} is training now; its curves appear as epochs finish.`
          : `${name} is queued; it starts when the runs before it end.`
    }
    if (created !== null && queue.value.running === created.runId && follow) await load(created.runId)
    return created?.runId ?? null
  }

  /** Starts, or resumes from its last completed epoch, a run. */
  async function start(id: number): Promise<boolean> {
    const resuming = byId.value.get(id)?.state !== 'queued'
    const ok = (await act(id, () => call('runs:start', { id }), () => (resuming ? `Run ${id} resumes from its last completed epoch.` : `Run ${id} is queued.`))) !== null
    if (ok) dismiss(id)
    return ok
  }

  /** Stops a running run (it keeps what it completed) or takes a waiting one out of the queue. */
  async function cancel(id: number): Promise<boolean> {
    // Said at once: the trainer takes a few seconds to store its state and exit.
    const wasRunning = byId.value.get(id)?.state === 'running'
    if (wasRunning) setStopping(id, true)
    stoppedHere.value = new Set([...stoppedHere.value, id])
    const r = await act(id, () => call('runs:cancel', { id }), (c) =>
      c.cancelled ? (wasRunning ? `Run ${id} is stopping…` : `Run ${id} is taken out of the queue.`) : `Run ${id} was not running or queued.`)
    if (r?.cancelled !== true) setStopping(id, false)
    return r?.cancelled ?? false
  }

  /** Deletes a run and everything it recorded. */
  async function remove(id: number): Promise<boolean> {
    const r = await act(id, () => call('runs:delete', { id }), () => `Run ${id} is deleted.`)
    if (r?.deleted === true && curves.value?.runId === id) curves.value = null
    return r?.deleted ?? false
  }

  /** Stops offering a run for resume (remembered on this computer). */
  function dismiss(id: number): void {
    if (dismissed.value.has(id)) return
    dismissed.value = new Set([...dismissed.value, id])
    try {
      globalThis.localStorage?.setItem(DISMISSED_KEY, JSON.stringify([...dismissed.value]))
    } catch {
      // Storage full or blocked: the offer just comes back next time.
    }
  }

  /** How long a run of a draft config would take here, or that the machine's speed is being measured. */
  async function estimate(config: ExperimentConfigInput): Promise<RunEstimateReply> {
    return call('runs:estimate', { config })
  }

  /** The classes a task would have on a dataset with a threshold, counted over its windows. */
  async function taskBalance(request: TaskBalanceRequest): Promise<TaskBalance> {
    return call('runs:task-balance', request)
  }

  /** The label names of a dataset (the tasks an experiment can learn on it). */
  async function labelsOf(name: string): Promise<string[]> {
    const detail = await call('datasets:get', { name })
    return detail.labelNames
  }

  function dispose(): void {
    unsubscribe?.()
    unsubscribe = undefined
    if (refreshTimer !== undefined) clearTimeout(refreshTimer)
    refreshTimer = undefined
  }

  return {
    runs, queue, loaded, loading, error, notice, busy, live, curves, curveVersion, resumeOffers, stopping,
    canStart, isActive, isStopping, refresh, handle, watch, init, create, start, cancel, remove, dismiss, labelsOf, estimate, taskBalance, dispose,
  }
})
