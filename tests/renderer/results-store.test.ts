// @vitest-environment happy-dom
// The results and runs stores against the real API router over a temporary store: runs recorded
// with the runs repository come back with their results table, exports and comparison, and a run
// whose process died is offered for resume.
import { createPinia, setActivePinia } from 'pinia'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { useTransport } from '../../renderer/src/api/client.js'
import type { Transport } from '../../renderer/src/api/transport.js'
import { metricDeltas } from '../../renderer/src/components/results/results-model.js'
import { epochOf, finishedRun } from '../../renderer/src/components/results/run-fixture.test-util.js'
import { settingChanges } from '../../src/contracts/config-words.js'
import { useResultsStore } from '../../renderer/src/stores/results.js'
import { useResultsExportStore } from '../../renderer/src/stores/results-export.js'
import { useRunCompareStore } from '../../renderer/src/stores/run-compare.js'
import { useResumeOffersStore } from '../../renderer/src/stores/resume-offers.js'
import { useRunListStore } from '../../renderer/src/stores/run-list.js'
import { paperCell } from '../../src/contracts/published.js'
import type { RunDetail } from '../../src/contracts/runs.js'
import type { RunQueue } from '../../src/jobs/run-queue.js'
import { createApiRouter, type ApiContext } from '../../src/services/api-router.js'
import { claimRun, createRun, saveEpoch, saveFold, setRunState } from '../../src/store/runs-repo.js'
import { startReviewBackend, type ReviewBackend } from './review-backend.js'

let backend: ReviewBackend
const ids: number[] = []

/** A checkpoint in the stored format ("ECGCKPT1", header length, JSON header) with no tensors. */
function emptyCheckpoint(): Uint8Array {
  const json = Buffer.from(JSON.stringify({ weights: [], optimizer: null }), 'utf8')
  const length = Buffer.alloc(4)
  length.writeUInt32LE(json.length)
  const bytes = Buffer.concat([Buffer.from('ECGCKPT1', 'ascii'), length, json])
  return Buffer.concat([bytes, Buffer.alloc((4 - (bytes.length % 4)) % 4)])
}

/** Records a run's config, epochs and folds as the trainer would. */
function record(run: RunDetail): number {
  const db = backend.store.db
  const id = createRun(db, { config: run.config, appVersion: '0.1.0', datasetHashes: run.datasetHashes })
  run.epochs.forEach((e, i) => saveEpoch(db, id, e, emptyCheckpoint(), { done: i + 1, total: 10, phase: 'pretext full' }))
  run.folds.forEach((f, i) => saveFold(db, id, `${f.protocol}/${f.method}/${f.fraction}/${f.fold}`, f, { done: 3 + i, total: 3 + run.folds.length, phase: 'evaluation' }))
  return id
}

beforeAll(async () => {
  // The paper's numbers follow the dataset's kind: the demo import is recorded as kind amigos here.
  backend = await startReviewBackend('amigos')
  backend.store.db.prepare(`UPDATE datasets SET kind = 'amigos' WHERE name = 'amigos'`).run()
  ids.push(record(finishedRun(1)))
  setRunState(backend.store.db, ids[0]!, 'done')
  ids.push(record(finishedRun(2, { seed: 9, shift: 0.05, folds: 3 })))
  setRunState(backend.store.db, ids[1]!, 'done')
  // A run whose trainer died mid-way (no such process): the listing marks it interrupted.
  const dead = createRun(backend.store.db, { config: finishedRun(3).config, appVersion: '0.1.0', datasetHashes: {} })
  saveEpoch(backend.store.db, dead, epochOf(0), emptyCheckpoint(), { done: 4, total: 10, phase: 'pretext full' })
  claimRun(backend.store.db, dead, 2 ** 22 + 12345, 'wasm', 'CPU')
  ids.push(dead)
  // The router with an idle queue (nothing trains in this test).
  const queue: RunQueue = { enqueue: () => undefined, cancel: () => false, state: () => ({ running: null, queued: [] }) }
  const router = createApiRouter({ store: backend.store, runs: queue } as unknown as ApiContext)
  const transport: Transport = { invoke: (channel, input) => router.handle(channel, input), subscribe: () => () => undefined }
  useTransport(transport)
})
afterAll(() => backend.close())
beforeEach(() => setActivePinia(createPinia()))

describe('results store over the real router', () => {
  it('reads a recorded run with its results aggregated from the folds, and the dataset kinds', async () => {
    const s = useResultsStore()
    await s.select(ids[0]!)
    expect(s.error).toBeNull()
    expect(s.detail?.results).toHaveLength(8)
    expect(s.kinds).toEqual({ amigos: 'amigos' })
    const paperRow = s.detail!.results.find((r) => r.protocol === 'window-kfold' && r.method === 'transfer' && r.fraction === 1)!
    expect(paperRow.accuracy.mean).toBeCloseTo(0.85, 10)
    expect(paperCell(paperRow, s.kinds.amigos).published?.accuracy).toBe(0.858)
  })

  it('exports CSV, LaTeX and the HTML report of the selected run', async () => {
    const s = useResultsStore()
    await s.select(ids[0]!)
    const exports = useResultsExportStore()
    const csv = await exports.exportAs(ids[0]!, 'csv')
    expect(csv?.fileName).toBe(`run-${ids[0]!}-finished-1.csv`)
    expect(csv?.text.split('\n')[0]).toMatch(/dataset/i)
    expect(csv?.text).toContain('0.858')
    expect((await exports.exportAs(ids[0]!, 'latex'))?.text).toContain('\\begin{tabular}')
    expect((await exports.exportAs(ids[0]!, 'html'))?.text).toMatch(/^<!DOCTYPE html>/i)
  })

  it('compares two runs: changed settings and deltas of every shared row', async () => {
    const s = useResultsStore()
    await s.select(ids[0]!)
    const other = useRunCompareStore()
    await other.compareWith(ids[1]!)
    expect(settingChanges(s.detail!.config, other.compare!.config).map((c) => c.setting)).toEqual(['Name', 'Seed', 'Folds'])
    const { deltas, onlyA, onlyB } = metricDeltas(s.detail!.results, other.compare!.results)
    expect([deltas.length, onlyA, onlyB]).toEqual([8, 0, 0])
    expect(deltas[0]!.accuracy).toBeCloseTo(0.05 + 0.02 / 3, 10)
  })

  it('says so in a sentence when a run does not exist', async () => {
    const s = useResultsStore()
    await s.select(999)
    expect(s.detail).toBeNull()
    expect(s.error).toBe('There is no run 999; it may have been deleted.')
  })

  it('offers the run whose process died for resume, at the share it reached', async () => {
    const s = useRunListStore()
    await s.refresh()
    expect(s.runs.find((r) => r.id === ids[2])?.state).toBe('interrupted')
    // at the units it stored (one pretext epoch), whatever its progress columns said last
    expect(useResumeOffersStore().offers.map((r) => [r.id, r.progress.done, r.progress.total])).toEqual([[ids[2], 1, 10]])
  })
})
