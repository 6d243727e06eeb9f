// @vitest-environment happy-dom
// Live progress: the latest event per run, forgotten when the run stops; the stored summary
// answers for a run with no live event.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { summary } from '../components/results/run-fixture.test-util.js'
import { runProgress, useRunProgressStore } from './run-progress.js'

beforeEach(() => setActivePinia(createPinia()))

describe('run progress store', () => {
  it('keeps the latest progress per run with its ETA until the run is cleared', () => {
    const s = useRunProgressStore()
    s.report({ type: 'progress', runId: 2, phase: 'pretext full', done: 1, total: 10, etaSeconds: 300, message: 'pretext (full) epoch 1/3' })
    s.report({ type: 'progress', runId: 2, phase: 'pretext full', done: 2.5, total: 10, etaSeconds: 90, message: 'pretext (full) epoch 3/3, step 2/4' })
    s.report({ type: 'progress', runId: 5, phase: 'evaluation', done: 7, total: 9, etaSeconds: null, message: 'fold 1' })
    expect(s.live[2]).toMatchObject({ done: 2.5, total: 10, etaSeconds: 90, message: 'pretext (full) epoch 3/3, step 2/4' })
    expect(runProgress(summary(2, 'running', 2), s.live[2])).toMatchObject({ done: 2.5, total: 10 })
    s.clear(2)
    expect(Object.keys(s.live)).toEqual(['5'])
    expect(runProgress(summary(2, 'interrupted', 2), s.live[2])).toEqual({ done: 2, total: 10, phase: 'pretext full' })
  })
})
