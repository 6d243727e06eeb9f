// @vitest-environment happy-dom
// The runs store: what each action says, "stopping…" from Cancel until the run has stopped, the
// sentence when a run ends (read back from the store), and refusals kept as their sentence.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { presetConfig } from '@contracts/presets.js'
import type { RunSummary } from '@contracts/runs.js'
import { useRunListStore } from './run-list.js'
import { useRunStoppingStore } from './run-stopping.js'
import { useRunsStore } from './runs.js'
import { runsScene, type RunsScene } from './runs-scene.test-util.js'

let scene: RunsScene
beforeEach(() => {
  scene = runsScene()
})

describe('runs store', () => {
  it('says "stopping…" from the moment Cancel is pressed until the run has stopped, with one notice at a time', async () => {
    const s = useRunsStore()
    const list = useRunListStore()
    const stopping = useRunStoppingStore()
    await s.init()
    const running = (): RunSummary => list.runs.find((r) => r.id === 2)!
    expect(stopping.isStopping(running())).toBe(false)
    const cancelling = s.cancel(2)
    // at once, before the service has even answered
    expect(stopping.isStopping(running())).toBe(true)
    expect(await cancelling).toBe(true)
    expect(s.notice).toBe('Run 2 is stopping…')
    // still running in the list until its final state arrives: still stopping
    expect([running().state, stopping.isStopping(running())]).toEqual(['running', true])
    scene.list = scene.list.map((r) => (r.id === 2 ? { ...r, state: 'interrupted' } : r))
    scene.push({ type: 'state', runId: 2, state: 'interrupted', error: null })
    expect(stopping.isStopping(running())).toBe(false)
    await vi.waitFor(() => expect(s.notice).toBe('Run 2 "live" stopped; what it completed is kept, so it can be resumed.'))
    expect(s.error).toBeNull()
  })

  it('announces a finished run from the state read back, and Cancel no longer applies though the queue still names it', async () => {
    const s = useRunsStore()
    const list = useRunListStore()
    await s.init()
    scene.list = scene.list.map((r) => (r.id === 2 ? { ...r, state: 'done' } : r))
    scene.push({ type: 'state', runId: 2, state: 'done', error: null })
    await vi.waitFor(() => expect(s.notice).toBe('Run 2 "live" is complete; its results are in Results.'))
    expect(list.queue.running).toBe(2)
    expect(list.isActive(list.runs.find((r) => r.id === 2)!)).toBe(false)
  })

  it('creates a run from a preset config and says what happened; refusals keep their sentence', async () => {
    const s = useRunsStore()
    const list = useRunListStore()
    await s.init()
    const id = await s.create(presetConfig('quick', 'try', [{ name: 'demo', tasks: [{ label: 'arousal' }] }]), true)
    expect(id).toBe(4)
    expect(s.notice).toBe('Run 4 "try" is queued; it starts when the runs before it end.')
    expect(list.runs[0]?.name).toBe('try')
    expect(await s.start(77)).toBe(false)
    expect(s.error).toBe('There is no run 77; it may have been deleted.')
    // the next fresh read of the list clears it, as the one error line always did
    await list.refresh()
    expect(s.error).toBeNull()
    expect(scene.scripted.refused).toEqual([])
  })

  it('says a resumed run continues from its last completed epoch', async () => {
    const s = useRunsStore()
    await s.init()
    expect(await s.start(3)).toBe(true)
    expect(scene.callsTo('runs:start')).toEqual([{ id: 3 }])
    expect(s.notice).toBe('Run 3 resumes from its last completed epoch.')
  })
})
