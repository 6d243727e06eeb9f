// @vitest-environment happy-dom
// The watched run's curves: the running run's stored epochs, then each epoch event appended in
// place; a run the user picked stays shown; with none picked, a newly training run is followed.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { epochOf } from '../components/results/run-fixture.test-util.js'
import { useRunCurvesStore } from './run-curves.js'
import { useRunsStore } from './runs.js'
import { detailOf, runsScene, type RunsScene } from './runs-scene.test-util.js'

let scene: RunsScene
beforeEach(() => {
  scene = runsScene()
})

describe('run curves store', () => {
  it('shows the running run\u2019s stored epochs and appends epoch events to the same series in place', async () => {
    await useRunsStore().init()
    const s = useRunCurvesStore()
    const series = s.curves!
    expect([series.runId, series.epochs.map((e) => e.epoch)]).toEqual([2, [0]])
    const version = s.curveVersion
    scene.push({ type: 'epoch', runId: 2, epoch: epochOf(1) })
    scene.push({ type: 'epoch', runId: 2, epoch: epochOf(2) })
    expect(s.curves).toBe(series)
    expect(series.epochs.map((e) => e.epoch)).toEqual([0, 1, 2])
    expect(s.curveVersion).toBe(version + 2)
    expect(scene.callsTo('runs:get')).toHaveLength(1)
    // another run's epoch does not land in this series while the user watches run 2
    await s.watch(2)
    scene.push({ type: 'epoch', runId: 9, epoch: epochOf(0) })
    expect(s.curves!.runId).toBe(2)
    expect(scene.scripted.refused).toEqual([])
  })

  it('follows a newly training run when the user has not picked one', async () => {
    scene.queue = { running: null, queued: [] }
    await useRunsStore().init()
    const s = useRunCurvesStore()
    expect(s.curves).toBeNull()
    scene.stored.set(3, detailOf(scene.list[0]!, 2))
    scene.push({ type: 'epoch', runId: 3, epoch: epochOf(2) })
    await vi.waitFor(() => expect(s.curves?.epochs.map((e) => e.epoch)).toEqual([0, 1, 2]))
    expect(s.curves?.runId).toBe(3)
  })

  it('keeps the sentence when a run cannot be read, and forgets a deleted run', async () => {
    const s = useRunCurvesStore()
    await s.watch(42)
    expect(s.error).toMatch(/./)
    await s.watch(1)
    expect([s.error, s.curves?.runId]).toEqual([null, 1])
    s.forget(1)
    expect(s.curves).toBeNull()
  })
})
