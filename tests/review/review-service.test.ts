/**
 * Window review and transformation tuning through the API router over a real store holding the
 * seeded demo dataset: flags with history and training exclusion, filters, window detail with
 * beats, recordings and their overview, the filtered window at a time, transformation previews, and every bad request answered
 * with one sentence.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ApiChannel, ApiOutput, RecordingSummary } from '../../src/contracts/index.js'
import { demoAdapterWith, planDemoTrials } from '../../src/demo/demo-dataset.js'
import { createApiRouter, type ApiContext, type ApiRouter } from '../../src/services/api-router.js'
import { deleteDataset, readWindow } from '../../src/services/dataset-service.js'
import { importDataset } from '../../src/services/import-service.js'
import { flagWindow } from '../../src/services/review-service.js'
import { checkBeats } from '../../src/signal/beat-plausibility.js'
import { openStore, type Store } from '../../src/store/store.js'
import { TRAINABLE_WINDOW_CONDITION } from '../../src/store/window-flags-repo.js'
import { DEFAULT_TRANSFORM_PARAMS } from '../../src/transforms/transforms.js'

const OPTS = { subjects: 2, trialsPerSubject: 2, trialSeconds: 40, fs: 256, seed: 5 }
// 2 subjects × 2 trials × 4 windows
const WINDOWS = 16

let dir: string
let store: Store
let router: ApiRouter

async function ok<C extends ApiChannel>(channel: C, input: unknown): Promise<ApiOutput<C>> {
  const r = await router.handle(channel, input)
  if (!r.ok) throw new Error(`${channel} failed: ${r.error}`)
  return r.value as ApiOutput<C>
}

async function fails(channel: ApiChannel, input: unknown): Promise<string> {
  const r = await router.handle(channel, input)
  expect(r.ok).toBe(false)
  const error = r.ok ? '' : r.error
  // one sentence: no line breaks, no stack, ends with a full stop
  expect(error).not.toMatch(/\n|at .+:\d+:\d+/)
  expect(error).toMatch(/\.$/)
  return error
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-review-'))
  store = openStore(path.join(dir, 'workbench.sqlite'))
  await importDataset(store, { kind: 'csv', path: dir, name: 'demo' }, { adapters: { csv: demoAdapterWith(OPTS) } })
  // review and tuning need neither the job host nor the run queue
  router = createApiRouter({ store } as unknown as ApiContext)
})
afterAll(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('windows:detail', () => {
  it('gives the samples, R peaks on the beats and the heart rate the generator intended', async () => {
    const trials = planDemoTrials(OPTS)
    for (const index of [0, 5, 9, 15]) {
      const d = await ok('windows:detail', { name: 'demo', index })
      expect(d.samples).toBeInstanceOf(Float32Array)
      expect(Array.from(d.samples)).toEqual(Array.from(readWindow(store, 'demo', index)))
      expect(d.fs).toBe(256)
      expect(d.info).toMatchObject({ index, quality: 'ok', excluded: false })
      const trial = trials.find((t) => t.subject === d.info.subject && t.trial === d.info.trial)!
      expect(d.heartRateBpm).not.toBeNull()
      expect(Math.abs(d.heartRateBpm! - trial.meanHr)).toBeLessThan(8)
      // the generator's rhythm is regular: every beat is certain, no warning, the mean within the beat-to-beat range
      expect(d.beats).toEqual(checkBeats(d.rPeaks, d.fs, d.samples.length))
      expect(d.beats.uncertain).toEqual([])
      expect(d.beats.warning).toBeNull()
      expect(d.beats.minBpm!).toBeLessThanOrEqual(d.heartRateBpm! + 1e-9)
      expect(d.beats.maxBpm!).toBeGreaterThanOrEqual(d.heartRateBpm! - 1e-9)
      // every peak is on a QRS complex (its dominant deflection, beyond 1 SD of the z-scored ECG),
      // inside the window: the demo generator gives some subjects a deep S, deeper than a low-arousal
      // R, and the detector then marks the S (the beat's time is right; an rS complex as in lead V1)
      for (const p of d.rPeaks) {
        expect(p).toBeGreaterThanOrEqual(0)
        expect(p).toBeLessThan(2560)
        expect(Math.abs(d.samples[p]!)).toBeGreaterThan(1)
      }
    }
  })
})

describe('windows:flag, windows:flag-history and training exclusion', () => {
  it('sets and clears flags, keeps who did what when, and filters pages by flag', async () => {
    const noisy = await ok('windows:flag', { name: 'demo', index: 3, flag: 'noisy', annotator: '  Ada ' })
    expect(noisy).toMatchObject({ index: 3, flag: 'noisy' })
    await ok('windows:flag', { name: 'demo', index: 4, flag: 'good', annotator: 'Ada' })
    await ok('windows:flag', { name: 'demo', index: 5, flag: 'artifact', annotator: 'Ben' })
    await ok('windows:flag', { name: 'demo', index: 6, flag: 'unusable', annotator: 'Ben' })
    await ok('windows:flag', { name: 'demo', index: 5, flag: 'good', annotator: 'Ada' })
    const cleared = await ok('windows:flag', { name: 'demo', index: 6, flag: null, annotator: 'Ada' })
    expect(cleared.flag).toBeUndefined()

    const history = await ok('windows:flag-history', { name: 'demo', index: 5 })
    expect(history.map((e) => [e.flag, e.annotator])).toEqual([['artifact', 'Ben'], ['good', 'Ada']])
    expect(history.every((e) => !Number.isNaN(Date.parse(e.at)) && e.at.endsWith('Z'))).toBe(true)
    expect((await ok('windows:flag-history', { name: 'demo', index: 6 })).map((e) => e.flag)).toEqual(['unusable', null])
    expect(await ok('windows:flag-history', { name: 'demo', index: 0 })).toEqual([])

    const page = (flag: string) => ok('windows:page', { name: 'demo', flag, limit: 100 })
    expect((await page('noisy')).windows.map((w) => w.index)).toEqual([3])
    expect((await page('good')).windows.map((w) => w.index)).toEqual([4, 5])
    expect((await page('artifact')).total).toBe(0)
    const unreviewed = await page('unreviewed')
    expect(unreviewed.total).toBe(WINDOWS - 3)
    expect(unreviewed.windows.map((w) => w.index)).not.toContain(3)
    // the unfiltered page shows flags too, and paging still works
    const all = await ok('windows:page', { name: 'demo', offset: 2, limit: 3 })
    expect(all.windows.map((w) => [w.index, w.flag])).toEqual([[2, undefined], [3, 'noisy'], [4, 'good']])

    const trainable = store.db.prepare(`SELECT w.idx FROM windows w WHERE w.dataset_id = (SELECT id FROM datasets WHERE name = 'demo') AND ${TRAINABLE_WINDOW_CONDITION} ORDER BY w.idx`).all() as { idx: number }[]
    expect(trainable.map((r) => r.idx)).toEqual(Array.from({ length: WINDOWS }, (_, i) => i).filter((i) => i !== 3))
  })

  it('records the time the change was made', () => {
    const info = flagWindow(store, { name: 'demo', index: 7, flag: 'unusable', annotator: 'Cy' }, () => new Date('2026-01-02T03:04:05.000Z'))
    expect(info.flag).toBe('unusable')
    const row = store.db.prepare("SELECT at, annotator FROM window_flag_events ORDER BY id DESC LIMIT 1").get()
    expect(row).toEqual({ at: '2026-01-02T03:04:05.000Z', annotator: 'Cy' })
  })

  it('tells the annotator to try again at once while an import holds the write lock, and keeps the usual wait afterwards', () => {
    const other = openStore(store.path)
    try {
      other.db.prepare('BEGIN IMMEDIATE').run()
      const started = performance.now()
      expect(() => flagWindow(store, { name: 'demo', index: 9, flag: 'good', annotator: 'Ada' })).toThrow(/is busy with another import or delete .* try again/)
      expect(performance.now() - started).toBeLessThan(3000)
      other.db.prepare('ROLLBACK').run()
    } finally {
      other.close()
    }
    expect(store.db.pragma('busy_timeout', { simple: true })).toBe(10_000)
    expect(flagWindow(store, { name: 'demo', index: 9, flag: 'good', annotator: 'Ada' }).flag).toBe('good')
    flagWindow(store, { name: 'demo', index: 9, flag: null, annotator: 'Ada' })
  })

  it('refuses a bad flag, an empty annotator, a missing window or dataset with one sentence each', async () => {
    expect(await fails('windows:flag', { name: 'demo', index: 1, flag: 'blurry', annotator: 'Ada' })).toMatch(/flag must be one of good, noisy, artifact, unusable/)
    expect(await fails('windows:flag', { name: 'demo', index: 1, flag: 'good', annotator: '   ' })).toMatch(/annotator name must not be empty/)
    expect(await fails('windows:flag', { name: 'demo', index: 1, flag: 'good' })).toMatch(/annotator name is required/)
    expect(await fails('windows:flag', { name: 'demo', index: WINDOWS, flag: 'good', annotator: 'Ada' })).toMatch(/^Dataset "demo" has no window 16 \(it has 16, numbered from 0\)/)
    expect(await fails('windows:flag', { name: 'nope', index: 0, flag: 'good', annotator: 'Ada' })).toMatch(/^There is no dataset named "nope"/)
    expect(await fails('windows:flag-history', { name: 'demo', index: -1 })).toMatch(/window index must be 0 or more/)
    expect(await fails('windows:detail', { name: 'demo', index: 99 })).toMatch(/has no window 99/)
    expect(await fails('windows:detail', { name: 'demo', index: 1.5 })).toMatch(/whole number/)
    expect(await fails('windows:page', { name: 'demo', flag: 'meh' })).toMatch(/flag filter must be one of/)
  })
})

describe('windows:page filters', () => {
  it('filters by subject, trial and label, alone and together', async () => {
    const trials = planDemoTrials(OPTS)
    const t = trials[1]!
    const bySubjectTrial = await ok('windows:page', { name: 'demo', subject: t.subject, trial: t.trial, limit: 100 })
    expect(bySubjectTrial.total).toBe(4)
    expect(bySubjectTrial.windows.every((w) => w.subject === t.subject && w.trial === t.trial)).toBe(true)
    const byLabel = await ok('windows:page', { name: 'demo', labelKey: 'arousal', labelValue: t.arousal, limit: 100 })
    const expected = trials.filter((x) => x.arousal === t.arousal).length * 4
    expect(byLabel.total).toBe(expected)
    expect(byLabel.windows.every((w) => w.labels.arousal === t.arousal)).toBe(true)
    expect((await ok('windows:page', { name: 'demo', labelKey: 'valence', limit: 100 })).total).toBe(WINDOWS)
    expect((await ok('windows:page', { name: 'demo', labelKey: 'no-such-label', limit: 100 })).total).toBe(0)
    const after = await ok('windows:page', { name: 'demo', afterIndex: 9, limit: 100 })
    expect(after.windows.map((w) => w.index)).toEqual([10, 11, 12, 13, 14, 15])
    expect(after.total).toBe(6)
    expect((await ok('windows:page', { name: 'demo', afterIndex: 9, offset: 4, limit: 100 })).windows.map((w) => w.index)).toEqual([14, 15])
    expect(await fails('windows:page', { name: 'demo', afterIndex: -2 })).toMatch(/afterIndex must be -1 or more/)
    const combined = await ok('windows:page', { name: 'demo', subject: t.subject, flag: 'unreviewed', offset: 1, limit: 2 })
    expect(combined.windows).toHaveLength(2)
    expect(combined.windows.every((w) => w.subject === t.subject && w.flag === undefined)).toBe(true)
  })
})

describe('recordings:list and recordings:overview', () => {
  let recs: RecordingSummary[]
  beforeAll(async () => {
    recs = await ok('recordings:list', { name: 'demo' })
  })

  it('lists the recordings in window order', () => {
    expect(recs).toHaveLength(4)
    expect(recs.map((r) => r.firstIndex)).toEqual([0, 4, 8, 12])
    expect(recs[0]).toMatchObject({ windows: 4, excluded: 0, durationS: 40 })
  })

  it('gives every sample of a short span, joined across windows', async () => {
    const rec = recs[1]!
    const o = await ok('recordings:overview', { name: 'demo', recordingId: rec.id, fromS: 9, toS: 11, maxPoints: 1000 })
    expect(o.downsampled).toBe(false)
    expect(o.values).toHaveLength(512)
    const w0 = readWindow(store, 'demo', 4)
    const w1 = readWindow(store, 'demo', 5)
    expect(Array.from(o.values)).toEqual([...Array.from(w0.subarray(9 * 256)), ...Array.from(w1.subarray(0, 256))])
    expect(o.times[0]).toBeCloseTo(9, 5)
    expect(o.times[511]).toBeCloseTo(11 - 1 / 256, 4)
  })

  it('downsamples the whole recording by min/max, keeping every extreme', async () => {
    const rec = recs[0]!
    const o = await ok('recordings:overview', { name: 'demo', recordingId: rec.id, maxPoints: 200 })
    expect(o).toMatchObject({ downsampled: true, fromS: 0, toS: 40, durationS: 40 })
    expect(o.values.length).toBeLessThanOrEqual(200)
    expect(o.values.length).toBe(o.times.length)
    const all = [0, 1, 2, 3].flatMap((i) => Array.from(readWindow(store, 'demo', i)))
    expect(Math.max(...o.values)).toBe(Math.max(...all))
    expect(Math.min(...o.values)).toBe(Math.min(...all))
    // times ascend
    expect(Array.from(o.times).every((t, k) => k === 0 || t >= o.times[k - 1]!)).toBe(true)
  })

  it('refuses an unknown recording, an empty span and too few points', async () => {
    expect(await fails('recordings:overview', { name: 'demo', recordingId: 9999 })).toMatch(/has no recording with id 9999/)
    expect(await fails('recordings:overview', { name: 'demo', recordingId: recs[0]!.id, fromS: 50 })).toMatch(/span .* is empty/)
    expect(await fails('recordings:overview', { name: 'demo', recordingId: recs[0]!.id, maxPoints: 3 })).toMatch(/maxPoints must be between 100 and 100000/)
    expect(await fails('recordings:list', { name: 'none' })).toMatch(/no dataset named "none"/)
  })
})

describe('windows:at-time', () => {
  it('finds the filtered window at a clicked time, or the nearest, with its position in the filtered list', async () => {
    const recs = await ok('recordings:list', { name: 'demo' })
    // 'artifact' keeps windows 1, 2 (recording 0: 10–20 s, 20–30 s), 5, 7 (recording 1: 10–20 s, 30–40 s) and 13
    for (const index of [1, 2, 5, 7, 13]) flagWindow(store, { name: 'demo', index, flag: 'artifact', annotator: 'Ada' })
    expect((await ok('windows:page', { name: 'demo', flag: 'artifact', limit: 100 })).windows.map((w) => w.index)).toEqual([1, 2, 5, 7, 13])
    const at = (recording: number, timeS: number, filters: object = { flag: 'artifact' }) => ok('windows:at-time', { name: 'demo', recordingId: recs[recording]!.id, timeS, ...filters })
    expect(await at(1, 15)).toEqual({ index: 5, position: 2 })
    // 27 s lies in window 6, which the filter leaves out: window 7 (3 s away) is nearer than 5 (7 s)
    expect(await at(1, 27)).toEqual({ index: 7, position: 3 })
    expect(await at(0, 2)).toEqual({ index: 1, position: 0 })
    expect(await at(0, 25)).toEqual({ index: 2, position: 1 })
    expect(await at(3, 0, { flag: 'artifact', subject: recs[3]!.subject })).toEqual({ index: 13, position: 0 })
    // unfiltered: the window holding the time, at its own index
    expect(await at(2, 35, {})).toEqual({ index: 11, position: 11 })
    for (const index of [1, 2, 5, 7, 13]) flagWindow(store, { name: 'demo', index, flag: null, annotator: 'Ada' })
  })

  it('of overlapping windows holding the time, opens the one centred closest to it', async () => {
    await importDataset(store, { kind: 'csv', path: dir, name: 'overlapping', overlapPercent: 50 }, { adapters: { csv: demoAdapterWith(OPTS) } })
    try {
      const rec = (await ok('recordings:list', { name: 'overlapping' }))[0]!
      const starts = (await ok('windows:page', { name: 'overlapping', limit: 100 })).windows.filter((w) => w.index < rec.windows).map((w) => w.startS)
      expect(starts.slice(0, 4)).toEqual([0, 5, 10, 15])
      // 12 s lies in the windows from 5 s (centre 10 s) and from 10 s (centre 15 s)
      expect(await ok('windows:at-time', { name: 'overlapping', recordingId: rec.id, timeS: 12 })).toEqual({ index: 1, position: 1 })
      expect(await ok('windows:at-time', { name: 'overlapping', recordingId: rec.id, timeS: 13 })).toEqual({ index: 2, position: 2 })
    } finally {
      deleteDataset(store, 'overlapping')
    }
  })

  it('refuses a recording without matching windows, an unknown recording or subject and a bad time with one sentence each', async () => {
    const recs = await ok('recordings:list', { name: 'demo' })
    const other = recs.find((r) => r.subject !== recs[0]!.subject)!.subject
    expect(await fails('windows:at-time', { name: 'demo', recordingId: recs[0]!.id, timeS: 5, subject: other })).toBe('No window of this recording matches the filters; clear a filter to open its windows.')
    expect(await fails('windows:at-time', { name: 'demo', recordingId: 9999, timeS: 5 })).toMatch(/has no recording with id 9999/)
    expect(await fails('windows:at-time', { name: 'demo', recordingId: recs[0]!.id, timeS: 5, subject: 'nobody' })).toMatch(/has no subject "nobody"/)
    expect(await fails('windows:at-time', { name: 'demo', recordingId: recs[0]!.id, timeS: -1 })).toMatch(/^The time must be 0 s or more/)
    expect(await fails('windows:at-time', { name: 'demo', recordingId: recs[0]!.id })).toMatch(/^The time must be a number of seconds/)
  })
})

describe('transforms:preview', () => {
  it('gives the original and six transformations, reproducible by seed', async () => {
    const p = await ok('transforms:preview', { name: 'demo', index: 2, seed: 7 })
    expect(p.names).toEqual(['original', 'noise', 'scale', 'negate', 'flip', 'permute', 'time-warp'])
    expect(p.params).toEqual(DEFAULT_TRANSFORM_PARAMS)
    expect(p.variants).toHaveLength(7)
    const x = readWindow(store, 'demo', 2)
    const [orig, , scale, negate, flip] = p.variants
    expect(Array.from(orig!)).toEqual(Array.from(x))
    expect(scale![100]).toBeCloseTo(x[100]! * 1.1, 5)
    expect(negate![100]).toBe(-x[100]!)
    expect(flip![0]).toBe(x[2559]!)
    const again = await ok('transforms:preview', { name: 'demo', index: 2, seed: 7 })
    expect(again.variants.map((v) => Array.from(v))).toEqual(p.variants.map((v) => Array.from(v)))
    const other = await ok('transforms:preview', { name: 'demo', index: 2, seed: 8 })
    expect(Array.from(other.variants[1]!)).not.toEqual(Array.from(p.variants[1]!))
  })

  it('applies changed parameters: noise power follows the SNR, scale the factor', async () => {
    const p = await ok('transforms:preview', { name: 'demo', index: 2, seed: 1, params: { noiseSnrDb: 0, scaleFactor: 3, permutePieces: 4 } })
    expect(p.params).toMatchObject({ noiseSnrDb: 0, scaleFactor: 3, permutePieces: 4, warpPieces: 9 })
    const x = p.variants[0]!
    const noisy = p.variants[1]!
    let signal = 0
    let noise = 0
    for (let i = 0; i < x.length; i++) {
      signal += x[i]! ** 2
      noise += (noisy[i]! - x[i]!) ** 2
    }
    // 0 dB: noise power equals signal power (within sampling error over 2560 samples)
    expect(noise / signal).toBeGreaterThan(0.85)
    expect(noise / signal).toBeLessThan(1.15)
    expect(p.variants[2]![10]).toBeCloseTo(3 * x[10]!, 5)
  })

  it('refuses parameters out of range and unknown ones with one sentence', async () => {
    expect(await fails('transforms:preview', { name: 'demo', index: 0, params: { permutePieces: 0 } })).toMatch(/permutation pieces must be between 2 and 256/)
    expect(await fails('transforms:preview', { name: 'demo', index: 0, params: { warpStretch: 50 } })).toMatch(/time-warp stretch must be between 1.01 and 3/)
    expect(await fails('transforms:preview', { name: 'demo', index: 0, params: { snr: 3 } })).toMatch(/^Unrecognized key: "snr"/)
    expect(await fails('transforms:preview', { name: 'demo', index: 0, seed: -1 })).toMatch(/seed must be between 0 and 2147483647/)
    expect(await fails('transforms:preview', { name: 'demo', index: WINDOWS })).toMatch(/has no window 16/)
  })
})

describe('deleting a dataset', () => {
  it('removes its flag history with it', () => {
    expect(deleteDataset(store, 'demo').deleted).toBe(true)
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM window_flag_events').get()).toEqual({ n: 0 })
  })
})
