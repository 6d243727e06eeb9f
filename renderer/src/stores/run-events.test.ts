// @vitest-environment happy-dom
// Run events as the trainer pushes them: progress marks a waiting run running and is kept live, a
// final state clears "stopping…" and the live progress and is announced once the list read back
// holds it (in the stored word); nothing is applied after unsubscribing.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useRunEvents } from './run-events.js'
import { useRunListStore } from './run-list.js'
import { useRunProgressStore } from './run-progress.js'
import { useRunStoppingStore } from './run-stopping.js'
import { runsScene, type RunsScene } from './runs-scene.test-util.js'

let scene: RunsScene
beforeEach(() => {
  scene = runsScene()
})

describe('run events', () => {
  it('applies progress and final states, and announces an ended run from the state read back', async () => {
    const said: Array<string | null> = []
    const events = useRunEvents((sentence) => said.push(sentence))
    const list = useRunListStore()
    const progress = useRunProgressStore()
    const stopping = useRunStoppingStore()
    await list.refresh()
    events.subscribe()
    events.subscribe()
    scene.push({ type: 'progress', runId: 3, phase: 'pretext full', done: 5, total: 10, etaSeconds: 60, message: 'epoch 1/2' })
    expect([list.byId.get(3)?.state, progress.live[3]?.done]).toEqual(['running', 5])

    stopping.set(3, true)
    // on the wire "failed"; the store says "interrupted", and its word is the one announced
    scene.list = scene.list.map((r) => (r.id === 3 ? { ...r, state: 'interrupted' } : r))
    scene.push({ type: 'state', runId: 3, state: 'failed', error: null })
    expect([stopping.isStopping(list.byId.get(3)!), progress.live[3]]).toEqual([false, undefined])
    expect(said).toEqual([])
    await vi.waitFor(() => expect(said).toEqual(['Run 3 "overnight" stopped; what it completed is kept, so it can be resumed.']))
    expect(list.byId.get(3)?.state).toBe('interrupted')

    events.unsubscribe()
    scene.push({ type: 'progress', runId: 1, phase: 'evaluation', done: 1, total: 2, etaSeconds: null, message: 'fold 1' })
    expect(progress.live[1]).toBeUndefined()
    expect(scene.scripted.refused).toEqual([])
  })
})
