// @vitest-environment happy-dom
// The runs store over a transport that checks every input against the real contract: pushed
// events (progress, epoch, state), the live curve growing in place, and the resume offer.
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { useTransport } from '../../renderer/src/api/client.js'
import { scriptedTransport, type Scripted } from '../../renderer/src/api/scripted-transport.test-util.js'
import { epochOf, summary } from '../../renderer/src/components/results/run-fixture.test-util.js'
import { useRunsStore } from '../../renderer/src/stores/runs.js'
import { presetConfig } from '../../src/contracts/presets.js'
import { ExperimentConfig, type RunDetail, type RunEvent, type RunSummary } from '../../src/contracts/runs.js'

let list: RunSummary[]
let queue: { running: number | null; queued: number[] }
let stored: Map<number, RunDetail>
let scripted: Scripted

const detailOf = (run: RunSummary, epochs: number): RunDetail => ({
  ...run, config: ExperimentConfig.parse(presetConfig('quick', run.name, [{ name: 'demo', tasks: [{ label: 'arousal' }] }])),
  datasetHashes: {}, pretextModels: [], epochs: Array.from({ length: epochs }, (_, e) => epochOf(e)), folds: [], results: [],
})
const push = (event: RunEvent): void => scripted.emit('runs:event', event)
const callsTo = (channel: string): unknown[] => scripted.calls.filter((c) => c.channel === channel).map((c) => c.input)

beforeEach(() => {
  localStorage.clear()
  list = [summary(3, 'interrupted', 4, 10, 'overnight'), summary(2, 'running', 2, 10, 'live'), summary(1, 'done', 10, 10, 'old')]
  queue = { running: 2, queued: [] }
  stored = new Map(list.map((r) => [r.id, detailOf(r, r.id === 2 ? 1 : 0)]))
  scripted = scriptedTransport({
    'runs:list': () => list,
    'runs:queue': () => queue,
    'runs:cancel': () => ({ cancelled: true }),
    'runs:get': (input) => stored.get(input.id as number),
    'runs:start': (input) => {
      if (!list.some((r) => r.id === input.id)) throw new Error(`There is no run ${String(input.id)}; it may have been deleted.`)
      list = list.map((r) => (r.id === input.id ? { ...r, state: 'queued' } : r))
      queue = { running: 2, queued: [input.id as number] }
      return queue
    },
    'runs:create': (input) => {
      const config = ExperimentConfig.parse(input.config) // the service parses it too
      list = [{ ...summary(4, 'queued', 0, 10, config.name) }, ...list]
      return { runId: 4, queued: input.start as boolean }
    },
  })
  useTransport(scripted.transport)
  setActivePinia(createPinia())
})

describe('runs store', () => {
  it('loads runs and the queue, and follows the running run\u2019s stored epochs', async () => {
    const s = useRunsStore()
    await s.init()
    expect(s.runs.map((r) => r.id)).toEqual([3, 2, 1])
    expect(s.curves?.runId).toBe(2)
    expect(s.curves?.epochs.map((e) => e.epoch)).toEqual([0])
    expect(scripted.refused).toEqual([])
  })

  it('appends epoch events to the same series in place, without reloading the run', async () => {
    const s = useRunsStore()
    await s.init()
    const series = s.curves!
    const array = series.epochs
    const version = s.curveVersion
    push({ type: 'epoch', runId: 2, epoch: epochOf(1) })
    push({ type: 'epoch', runId: 2, epoch: epochOf(2) })
    expect(s.curves).toBe(series)
    expect(s.curves!.epochs).toBe(array)
    expect(array.map((e) => e.epoch)).toEqual([0, 1, 2])
    expect(s.curveVersion).toBe(version + 2)
    expect(callsTo('runs:get')).toHaveLength(1)
    // another run's epoch does not land in this series while the user watches run 2
    await s.watch(2)
    push({ type: 'epoch', runId: 9, epoch: epochOf(0) })
    expect(s.curves!.runId).toBe(2)
  })

  it('keeps progress per run with its ETA, and reads the stored state back when a run ends', async () => {
    const s = useRunsStore()
    await s.init()
    push({ type: 'progress', runId: 2, phase: 'pretext full', done: 2.5, total: 10, etaSeconds: 90, message: 'pretext (full) epoch 3/3, step 2/4' })
    expect(s.live[2]).toMatchObject({ done: 2.5, total: 10, etaSeconds: 90, message: 'pretext (full) epoch 3/3, step 2/4' })
    const listsBefore = callsTo('runs:list').length
    // The stored state is read back after the final state arrives.
    list = list.map((r) => (r.id === 2 ? { ...r, state: 'interrupted' } : r))
    queue = { running: null, queued: [] }
    push({ type: 'state', runId: 2, state: 'interrupted', error: null })
    expect(s.live[2]).toBeUndefined()
    expect(s.runs.find((r) => r.id === 2)?.state).toBe('interrupted')
    await vi.waitFor(() => expect(callsTo('runs:list').length).toBe(listsBefore + 1))
    await vi.waitFor(() => expect(s.runs.find((r) => r.id === 2)?.state).toBe('interrupted'))
    expect(s.notice).toBe('Run 2 "live" stopped; what it completed is kept, so it can be resumed.')
  })

  it('says "stopping…" from the moment Cancel is pressed until the run has stopped, with one notice at a time', async () => {
    const s = useRunsStore()
    await s.init()
    const running = (): RunSummary => s.runs.find((r) => r.id === 2)!
    expect(s.isStopping(running())).toBe(false)
    const cancelling = s.cancel(2)
    // at once, before the service has even answered
    expect(s.isStopping(running())).toBe(true)
    expect(await cancelling).toBe(true)
    expect(s.notice).toBe('Run 2 is stopping…')
    // still running in the list until its final state arrives: still stopping
    expect([running().state, s.isStopping(running())]).toEqual(['running', true])
    list = list.map((r) => (r.id === 2 ? { ...r, state: 'interrupted' } : r))
    push({ type: 'state', runId: 2, state: 'interrupted', error: null })
    expect(s.isStopping(running())).toBe(false)
    await vi.waitFor(() => expect(s.notice).toBe('Run 2 "live" stopped; what it completed is kept, so it can be resumed.'))
    expect(s.error).toBeNull()
  })

  it('treats a run as finished when its final state arrives, before the queue lets go of it', async () => {
    const s = useRunsStore()
    await s.init()
    const running = s.runs.find((r) => r.id === 2)!
    expect([s.isActive(running), s.canStart(running)]).toEqual([true, false])
    list = list.map((r) => (r.id === 2 ? { ...r, state: 'done' } : r))
    push({ type: 'state', runId: 2, state: 'done', error: null })
    await vi.waitFor(() => expect(s.notice).toBe('Run 2 "live" is complete; its results are in Results.'))
    // the queue still names run 2 (its process is exiting), yet Cancel no longer applies
    expect(s.queue.running).toBe(2)
    const done = s.runs.find((r) => r.id === 2)!
    expect([done.state, s.isActive(done), s.canStart(done)]).toEqual(['done', false, false])
    const interrupted = s.runs.find((r) => r.id === 3)!
    expect([s.isActive(interrupted), s.canStart(interrupted)]).toEqual([false, true])
  })

  it('follows a newly training run when the user has not picked one', async () => {
    queue = { running: null, queued: [] }
    const s = useRunsStore()
    await s.init()
    expect(s.curves).toBeNull()
    stored.set(3, detailOf(list[0]!, 2))
    push({ type: 'epoch', runId: 3, epoch: epochOf(2) })
    await vi.waitFor(() => expect(s.curves?.epochs.map((e) => e.epoch)).toEqual([0, 1, 2]))
    expect(s.curves?.runId).toBe(3)
  })

  it('offers interrupted runs for resume until resumed or dismissed (remembered)', async () => {
    list.push(summary(5, 'interrupted', 1, 10, 'second'))
    const s = useRunsStore()
    await s.init()
    expect(s.resumeOffers.map((r) => r.id)).toEqual([3, 5])
    expect(await s.start(3)).toBe(true)
    expect(callsTo('runs:start')).toEqual([{ id: 3 }])
    expect(s.notice).toBe('Run 3 resumes from its last completed epoch.')
    expect(s.resumeOffers.map((r) => r.id)).toEqual([5])
    s.dismiss(5)
    expect(s.resumeOffers).toEqual([])
    setActivePinia(createPinia())
    const again = useRunsStore()
    await again.init()
    expect(again.resumeOffers).toEqual([])
    expect(JSON.parse(localStorage.getItem('ecg-ssl.dismissed-resume') ?? '[]')).toEqual([3, 5])
  })

  it('creates a run from a preset config and says what happened; refusals keep their sentence', async () => {
    const s = useRunsStore()
    await s.init()
    const id = await s.create(presetConfig('quick', 'try', [{ name: 'demo', tasks: [{ label: 'arousal' }] }]), true)
    expect(id).toBe(4)
    expect(s.notice).toBe('Run 4 "try" is queued; it starts when the runs before it end.')
    expect(s.runs[0]?.name).toBe('try')
    expect(await s.start(77)).toBe(false)
    expect(s.error).toBe('There is no run 77; it may have been deleted.')
    expect(scripted.refused).toEqual([])
  })
})
