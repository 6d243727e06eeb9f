/**
 * The queue's last resort after a cancel (issue 10 §4): a trainer that has not stopped by itself
 * RUN_CANCEL_GRACE_MS after the cancel is ended, and the run is reported interrupted once, without
 * the "stopped unexpectedly" sentence; a trainer that stops by itself is left alone.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunEvent } from '../contracts/runs.js'
import type { JobCommand } from './job-protocol.js'
import type { SpawnJobProcess } from './job-host.js'
import { createRunQueue, RUN_CANCEL_GRACE_MS } from './run-queue.js'

/** A trainer process stand-in that records commands and exits only when killed or told to. */
function fakeTrainer(): { spawn: SpawnJobProcess; commands: JobCommand[]; kills: () => number; say: (m: unknown) => void; exit: (code: number | null) => void } {
  const commands: JobCommand[] = []
  let kills = 0
  let onMessage: (m: unknown) => void = () => undefined
  let onExit: (code: number | null) => void = () => undefined
  const spawn: SpawnJobProcess = (_file, message, exit) => {
    onMessage = message
    onExit = exit
    return {
      send: (c) => commands.push(c),
      kill: () => {
        kills++
        onExit(null)
      },
    }
  }
  return { spawn, commands, kills: () => kills, say: (m) => onMessage(m), exit: (code) => onExit(code) }
}

describe('run queue cancel', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('ends a trainer stuck in a long computation after the grace, reporting it interrupted once', () => {
    const t = fakeTrainer()
    const events: RunEvent[] = []
    const queue = createRunQueue('db', t.spawn, (e) => events.push(e), 'worker.js')
    queue.enqueue(3)
    t.say({ type: 'state', runId: 3, state: 'running', error: null })
    expect(queue.cancel(3)).toBe(true)
    expect(t.commands.map((c) => c.type)).toEqual(['start-run', 'cancel'])
    vi.advanceTimersByTime(RUN_CANCEL_GRACE_MS - 1)
    expect(t.kills()).toBe(0)
    vi.advanceTimersByTime(1)
    expect(t.kills()).toBe(1)
    expect(events.filter((e) => e.type === 'state' && e.state !== 'running')).toEqual([{ type: 'state', runId: 3, state: 'interrupted', error: null }])
    expect(queue.state()).toEqual({ running: null, queued: [] })
  })

  it('leaves a trainer that stops by itself alone', () => {
    const t = fakeTrainer()
    const events: RunEvent[] = []
    const queue = createRunQueue('db', t.spawn, (e) => events.push(e), 'worker.js')
    queue.enqueue(4)
    queue.cancel(4)
    t.say({ type: 'state', runId: 4, state: 'interrupted', error: null })
    t.exit(0)
    vi.advanceTimersByTime(RUN_CANCEL_GRACE_MS * 2)
    expect(t.kills()).toBe(0)
    expect(events.filter((e) => e.type === 'state')).toEqual([{ type: 'state', runId: 4, state: 'interrupted', error: null }])
  })
})
