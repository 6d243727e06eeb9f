// The per-task pretext curves of the run being watched: its stored epochs, then those that arrive
// as `epoch` events. Until the user picks a run, the curves follow whichever run is training.
import { defineStore } from 'pinia'
import { markRaw, ref, shallowRef } from 'vue'
import type { PretextEpoch } from '@contracts/runs.js'
import { call } from '../api/client.js'
import { useAsync } from '../composables/use-async.js'

/** The epochs of the watched run, kept out of deep reactivity (the chart appends from it). */
export interface CurveSeries {
  readonly runId: number
  /** Every epoch received so far, in arrival order (all variants). */
  readonly epochs: PretextEpoch[]
}

export const useRunCurvesStore = defineStore('run-curves', () => {
  const curves = shallowRef<CurveSeries | null>(null)
  /** Bumped on every appended epoch so charts can draw only what is new. */
  const curveVersion = ref(0)
  /** Reading the watched run's stored epochs; its error is why they could not be read, as a sentence. */
  const reading = useAsync<void>(undefined)
  /** Until the user picks a run to watch, the curves follow whichever run is training. */
  let follow = true

  async function load(runId: number): Promise<void> {
    const series: CurveSeries = markRaw({ runId, epochs: [] })
    curves.value = series
    await reading.run(async () => {
      const detail = await call('runs:get', { id: runId })
      if (curves.value !== series) return
      // Events that arrived while the detail was read are newer than it: keep them after it.
      const seen = new Set(detail.epochs.map((e) => `${e.variant}/${e.epoch}`))
      const arrived = series.epochs.filter((e) => !seen.has(`${e.variant}/${e.epoch}`))
      curves.value = markRaw({ runId, epochs: [...detail.epochs, ...arrived] })
      curveVersion.value++
    })
  }

  /** Shows the curves of one run the user picked: its stored epochs now, then those that arrive. */
  async function watch(runId: number): Promise<void> {
    follow = false
    await load(runId)
  }

  /** Shows a run that started training, unless the user picked one to watch. */
  async function followRun(runId: number): Promise<void> {
    if (follow) await load(runId)
  }

  /** Shows a run when nothing is shown yet (the one training when the app opens). */
  async function showFirst(runId: number): Promise<void> {
    if (curves.value === null) await load(runId)
  }

  /** Appends one epoch that arrived; a run starting to train is followed unless the user picked another. */
  function append(runId: number, epoch: PretextEpoch): void {
    if (follow && curves.value?.runId !== runId) void load(runId)
    const series = curves.value
    if (series !== null && series.runId === runId) {
      series.epochs.push(epoch)
      curveVersion.value++
    }
  }

  /** Stops showing a run that no longer exists. */
  function forget(runId: number): void {
    if (curves.value?.runId === runId) curves.value = null
  }

  return { curves, curveVersion, error: reading.error, watch, followRun, showFirst, append, forget }
})
