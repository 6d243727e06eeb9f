// The scene of the run stores' tests: three runs (3 interrupted, 2 training, 1 done) behind a
// transport that checks every input against the real contract, with the service's answers for
// list, queue, get, start, cancel and create, and events pushed as the trainer would.
import { createPinia, setActivePinia } from 'pinia'
import { presetConfig } from '@contracts/presets.js'
import type { RunQueueState } from '@contracts/run-api.js'
import { ExperimentConfig, type RunDetail, type RunEvent, type RunSummary } from '@contracts/runs.js'
import { useTransport } from '../api/client.js'
import { scriptedTransport, type Scripted } from '../api/scripted-transport.test-util.js'
import { epochOf, summary } from '../components/results/run-fixture.test-util.js'

export interface RunsScene {
  list: RunSummary[]
  queue: RunQueueState
  stored: Map<number, RunDetail>
  readonly scripted: Scripted
  push(event: RunEvent): void
  callsTo(channel: string): unknown[]
}

export const detailOf = (run: RunSummary, epochs: number): RunDetail => ({
  ...run, config: ExperimentConfig.parse(presetConfig('quick', run.name, [{ name: 'demo', tasks: [{ label: 'arousal' }] }])),
  datasetHashes: {}, pretextModels: [], epochs: Array.from({ length: epochs }, (_, e) => epochOf(e)), folds: [], results: [],
})

/** A fresh scene, installed as the transport, with a fresh Pinia and empty localStorage. */
export function runsScene(): RunsScene {
  localStorage.clear()
  const list = [summary(3, 'interrupted', 4, 10, 'overnight'), summary(2, 'running', 2, 10, 'live'), summary(1, 'done', 10, 10, 'old')]
  const scene: Omit<RunsScene, 'scripted'> & { scripted?: Scripted } = {
    list,
    queue: { running: 2, queued: [] },
    stored: new Map(list.map((r) => [r.id, detailOf(r, r.id === 2 ? 1 : 0)])),
    push: (event) => scripted.emit('runs:event', event),
    callsTo: (channel) => scripted.calls.filter((c) => c.channel === channel).map((c) => c.input),
  }
  const scripted = scriptedTransport({
    'runs:list': () => scene.list,
    'runs:queue': () => scene.queue,
    'runs:cancel': () => ({ cancelled: true }),
    'runs:get': (input) => scene.stored.get(input.id as number),
    'runs:start': (input) => {
      if (!scene.list.some((r) => r.id === input.id)) throw new Error(`There is no run ${String(input.id)}; it may have been deleted.`)
      scene.list = scene.list.map((r) => (r.id === input.id ? { ...r, state: 'queued' } : r))
      scene.queue = { running: 2, queued: [input.id as number] }
      return scene.queue
    },
    'runs:create': (input) => {
      const config = ExperimentConfig.parse(input.config) // the service parses it too
      scene.list = [{ ...summary(4, 'queued', 0, 10, config.name) }, ...scene.list]
      return { runId: 4, queued: input.start as boolean }
    },
  })
  useTransport(scripted.transport)
  setActivePinia(createPinia())
  return Object.assign(scene, { scripted })
}
