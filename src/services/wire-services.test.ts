import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobCommand } from '../jobs/job-protocol.js'
import type { SpawnJobProcess } from '../jobs/job-host.js'
import { openStore, type Store } from '../store/store.js'
import { wireServices, type InterfaceEvent } from './wire-services.js'

let dir: string
let store: Store
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-wire-'))
  store = openStore(path.join(dir, 'w.sqlite'))
})
afterAll(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** A job process that, once started, reports 30 progress steps and its end in one go. */
const scriptedProcess: SpawnJobProcess = (_file, onMessage, onExit) => ({
  send(command: JobCommand) {
    if (command.type === 'start') {
      for (let done = 1; done <= 30; done++) onMessage({ type: 'progress', jobId: command.jobId, progress: { phase: 'processing', done, total: 30, unit: 'steps', message: 'x' } })
      onMessage({ type: 'failed', jobId: command.jobId, message: 'no windows', cancelled: false })
      onExit(0)
    }
    if (command.type === 'start-run') {
      for (let done = 1; done <= 30; done++) onMessage({ type: 'progress', runId: command.runId, phase: 'pretext', done, total: 30, etaSeconds: null, message: 'x' })
      onMessage({ type: 'state', runId: command.runId, state: 'done', error: null })
      onExit(0)
    }
  },
  kill: () => undefined,
})

describe('wireServices: one assembly for Electron and browser mode', () => {
  it('batches every event the same way: latest progress, then the final event at once; observers see each', () => {
    const delivered: Array<[string, unknown[]]> = []
    const observed: InterfaceEvent[] = []
    const services = wireServices({
      store, dbPath: store.path, spawn: scriptedProcess, eventIntervalMs: 10_000,
      deliver: (channel, payloads) => delivered.push([channel, payloads]),
      observe: (event) => observed.push(event),
    })
    const { jobId } = services.jobs.startImport({ kind: 'csv', path: '/x', name: 'x' })
    services.runs.enqueue(7)
    expect(observed).toHaveLength(62)
    expect(delivered).toEqual([
      ['jobs:event', [
        { type: 'progress', jobId, progress: { phase: 'processing', done: 30, total: 30, unit: 'steps', message: 'x' } },
        { type: 'failed', jobId, message: 'no windows', cancelled: false },
      ]],
      ['runs:event', [
        { type: 'progress', runId: 7, phase: 'pretext', done: 30, total: 30, etaSeconds: null, message: 'x' },
        { type: 'state', runId: 7, state: 'done', error: null },
      ]],
    ])
    services.close()
  })

  it('routes the API over the same job host and run queue', async () => {
    const services = wireServices({ store, dbPath: store.path, spawn: scriptedProcess, deliver: () => undefined })
    expect(await services.router.handle('runs:queue', {})).toEqual({ ok: true, value: { running: null, queued: [] } })
    const started = await services.router.handle('datasets:import', { kind: 'csv', path: '/x', name: 'x' })
    expect(started.ok).toBe(true)
    expect(services.jobs.running()).toEqual([])
    services.close()
  })
})
