import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createEventBatcher } from './event-batcher.js'

describe('event batching for the interface (Electron and browser mode)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('sends progress at most once per interval, keeping only the latest per job', () => {
    const sent: Array<[string, unknown[]]> = []
    const batcher = createEventBatcher((channel, payloads) => sent.push([channel, payloads]), 150)
    for (let i = 1; i <= 50; i++) batcher.push({ channel: 'jobs:event', payload: { job: 'a', done: i }, coalesceKey: 'a' })
    batcher.push({ channel: 'jobs:event', payload: { job: 'b', done: 1 }, coalesceKey: 'b' })
    expect(sent).toEqual([])
    vi.advanceTimersByTime(149)
    expect(sent).toEqual([])
    vi.advanceTimersByTime(1)
    expect(sent).toEqual([['jobs:event', [{ job: 'a', done: 50 }, { job: 'b', done: 1 }]]])
  })

  it('flushes a final event at once, after the progress queued before it, per channel', () => {
    const sent: Array<[string, unknown[]]> = []
    const batcher = createEventBatcher((channel, payloads) => sent.push([channel, payloads]), 150)
    batcher.push({ channel: 'jobs:event', payload: 'progress', coalesceKey: 'a' })
    batcher.push({ channel: 'runs:event', payload: 'epoch', coalesceKey: 'r' })
    batcher.push({ channel: 'jobs:event', payload: 'done', urgent: true })
    expect(sent).toEqual([['jobs:event', ['progress', 'done']], ['runs:event', ['epoch']]])
    vi.advanceTimersByTime(1000)
    expect(sent).toHaveLength(2)
  })

  it('sends what is queued on close', () => {
    const sent: unknown[] = []
    const batcher = createEventBatcher((_c, payloads) => sent.push(...payloads), 150)
    batcher.push({ channel: 'x', payload: 1 })
    batcher.close()
    expect(sent).toEqual([1])
    vi.advanceTimersByTime(1000)
    expect(sent).toEqual([1])
  })
})
