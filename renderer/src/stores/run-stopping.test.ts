// @vitest-environment happy-dom
// "Stopping…": on from Cancel while the run is still running, off when it is told off or when a
// fresh read of the list shows it stopped.
import { beforeEach, describe, expect, it } from 'vitest'
import { useRunListStore } from './run-list.js'
import { useRunStoppingStore } from './run-stopping.js'
import { runsScene, type RunsScene } from './runs-scene.test-util.js'

let scene: RunsScene
beforeEach(() => {
  scene = runsScene()
})

describe('run stopping store', () => {
  it('says stopping only of a running run, until a fresh list shows it stopped', async () => {
    const list = useRunListStore()
    const s = useRunStoppingStore()
    await list.refresh()
    const run = (id: number) => list.runs.find((r) => r.id === id)!
    s.set(2, true)
    s.set(3, true)
    expect([s.isStopping(run(2)), s.isStopping(run(3))]).toEqual([true, false])
    // a patch is not a fresh read: still stopping
    list.patch(1, { name: 'renamed' })
    await list.refresh()
    expect(s.isStopping(run(2))).toBe(true)
    scene.list = scene.list.map((r) => (r.id === 2 ? { ...r, state: 'interrupted' } : r))
    await list.refresh()
    expect([...s.stopping]).toEqual([])
  })
})
