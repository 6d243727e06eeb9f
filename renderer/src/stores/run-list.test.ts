// @vitest-environment happy-dom
// The run list: runs and queue read together, what each run allows, events patched in place and
// a failed read kept as its sentence.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useTransport } from '../api/client.js'
import { scriptedTransport } from '../api/scripted-transport.test-util.js'
import { useRunListStore } from './run-list.js'
import { runsScene, type RunsScene } from './runs-scene.test-util.js'

let scene: RunsScene
beforeEach(() => {
  scene = runsScene()
})

describe('run list store', () => {
  it('reads the runs with the queue and tells which runs Cancel, Start or Resume apply to', async () => {
    const s = useRunListStore()
    await s.refresh()
    expect([s.loaded, s.runs.map((r) => r.id), s.queue.running]).toEqual([true, [3, 2, 1], 2])
    const at = (id: number) => s.runs.find((r) => r.id === id)!
    expect([s.isActive(at(2)), s.canStart(at(2))]).toEqual([true, false])
    expect([s.isActive(at(3)), s.canStart(at(3))]).toEqual([false, true])
    expect([s.isActive(at(1)), s.canStart(at(1))]).toEqual([false, false])
  })

  it('patches a listed run without reading the list, and reads it again for a run it does not know', async () => {
    const s = useRunListStore()
    await s.refresh()
    const reads = s.reads
    s.patch(3, { state: 'running' })
    expect([s.runs[0]?.state, s.reads]).toEqual(['running', reads])
    const listed = scene.callsTo('runs:list').length
    s.patch(9, { state: 'running' })
    await vi.waitFor(() => expect(scene.callsTo('runs:list').length).toBe(listed + 1))
    s.dispose()
  })

  it('keeps a failed read as its sentence', async () => {
    useTransport(scriptedTransport({ 'runs:list': () => { throw new Error('The database is locked by another program; close it and try again.') }, 'runs:queue': () => ({ running: null, queued: [] }) }).transport)
    const s = useRunListStore()
    await s.refresh()
    expect([s.loaded, s.loading, s.error]).toEqual([false, false, 'The database is locked by another program; close it and try again.'])
  })
})
