// @vitest-environment happy-dom
// The run compared with: read on pick, cleared with null, a missing run compares with nothing.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useTransport } from '../api/client.js'
import { scriptedTransport } from '../api/scripted-transport.test-util.js'
import { finishedRun } from '../components/results/run-fixture.test-util.js'
import { useRunCompareStore } from './run-compare.js'

beforeEach(() => {
  useTransport(scriptedTransport({
    'runs:get': (input) => {
      if (input.id === 999) throw new Error('There is no run 999; it may have been deleted.')
      return finishedRun(input.id as number)
    },
  }).transport)
  setActivePinia(createPinia())
})

describe('run compare store', () => {
  it('reads the run to compare with, stops comparing on null, and keeps the sentence for a missing run', async () => {
    const s = useRunCompareStore()
    await s.compareWith(2)
    expect([s.compareId, s.compare?.id, s.error]).toEqual([2, 2, null])
    await s.compareWith(999)
    expect([s.compare, s.error]).toEqual([null, 'There is no run 999; it may have been deleted.'])
    await s.compareWith(null)
    expect([s.compareId, s.compare, s.error]).toEqual([null, null, null])
  })
})
