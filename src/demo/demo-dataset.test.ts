import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pageWindows, readWindow } from '../services/dataset-service.js'
import { importDataset } from '../services/import-service.js'
import { openStore, type Store } from '../store/store.js'
import { buildDemoScan, demoAdapter, demoAdapterWith, planDemoTrials } from './demo-dataset.js'
import { detectRPeaks, heartRate } from './r-peaks.js'

const OPTS = { subjects: 4, trialsPerSubject: 8, trialSeconds: 60, fs: 256, seed: 3 }

let dir: string
let store: Store

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-demo-'))
  store = openStore(path.join(dir, 'workbench.sqlite'))
})
afterAll(() => {
  store.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

/** Best single-threshold accuracy of `score` for the binary `truth` (either direction). */
function thresholdAccuracy(score: readonly number[], truth: readonly boolean[]): number {
  let best = 0
  for (const cut of score) {
    let right = 0
    for (let i = 0; i < score.length; i++) if (score[i]! >= cut === truth[i]) right++
    best = Math.max(best, right / score.length, 1 - right / score.length)
  }
  return best
}

/** Mean height of the T wave: the maximum 0.12–0.45 s after each R peak above the window median. */
function tWaveHeight(x: Float32Array, peaks: readonly number[], fs: number): number {
  const median = Float32Array.from(x).sort()[x.length >> 1] ?? 0
  let sum = 0
  let count = 0
  for (const p of peaks) {
    const lo = p + Math.round(0.12 * fs)
    const hi = p + Math.round(0.45 * fs)
    if (hi > x.length) continue
    let m = -Infinity
    for (let i = lo; i < hi; i++) m = Math.max(m, x[i]!)
    sum += m - median
    count++
  }
  return sum / count
}

describe('demo dataset', () => {
  it('has balanced 1–9 labels per subject and says it is synthetic', () => {
    const scan = buildDemoScan()
    expect(scan.recordings).toHaveLength(64)
    expect(scan.labelScales).toEqual({ arousal: { min: 1, max: 9 }, valence: { min: 1, max: 9 } })
    expect(scan.notes.join(' ')).toMatch(/synthetic/i)
    for (const subject of new Set(scan.recordings.map((r) => r.subject))) {
      const mine = scan.recordings.filter((r) => r.subject === subject)
      for (const name of ['arousal', 'valence']) {
        const values = mine.map((r) => r.labels[name] as number)
        expect(values.every((v) => Number.isInteger(v) && v >= 1 && v <= 9 && v !== 5)).toBe(true)
        expect(values.filter((v) => v > 5)).toHaveLength(4)
      }
    }
    expect(typeof demoAdapter).toBe('function')
  })

  it('makes unlabelled recordings of other subjects, spanning the whole affect range, for pretext-only use', async () => {
    const scan = buildDemoScan({ subjects: 6, trialsPerSubject: 4, trialSeconds: 8, unlabeled: true })
    expect(scan.recordings).toHaveLength(24)
    expect(scan.labelNames).toEqual([])
    expect(scan.recordings.every((r) => Object.keys(r.labels).length === 0 && r.subject.startsWith('U'))).toBe(true)
    expect(scan.notes.join(' ')).toMatch(/Unlabelled/)
    const trials = planDemoTrials({ subjects: 6, trialsPerSubject: 4, trialSeconds: 8, unlabeled: true })
    expect(new Set(trials.map((t) => t.arousal)).size).toBeGreaterThan(4)
    // other people than the labelled set's S01…: their own morphology
    const labelled = planDemoTrials({ subjects: 6, trialsPerSubject: 4, trialSeconds: 8 })
    expect(trials[0]!.morphology).not.toEqual(labelled[0]!.morphology)
    const x = await scan.recordings[0]!.load()
    expect(x).toHaveLength(8 * 256)
  })

  it('honours its options and loads samples of the stated length lazily', async () => {
    const scan = await demoAdapterWith(OPTS)({ path: 'ignored' })
    expect(scan.recordings).toHaveLength(32)
    const first = scan.recordings[0]!
    expect(first).toMatchObject({ subject: 'S01', trial: '1', fs: 256, sampleCount: 60 * 256 })
    const x = await first.load()
    expect(x).toHaveLength(first.sampleCount)
    expect(x.every(Number.isFinite)).toBe(true)
  })

  it('imports through importDataset into windows of quality ok whose heart rate carries arousal', async () => {
    const report = await importDataset(store, { kind: 'csv', path: dir, name: 'demo' }, { adapters: { csv: demoAdapter } })
    expect(report).toMatchObject({ subjects: 8, recordings: 64, windows: 64 * 6, excluded: 0, flagged: 0, skipped: [] })
    const page = pageWindows(store, { name: 'demo', offset: 0, limit: 100_000 })
    expect(page.windows).toHaveLength(384)
    expect(page.windows.every((w) => w.quality === 'ok' && !w.excluded)).toBe(true)

    const hr: number[] = []
    const tAmp: number[] = []
    for (const w of page.windows) {
      const x = readWindow(store, 'demo', w.index)
      const peaks = detectRPeaks(x, 256)
      hr.push(heartRate(peaks, 256))
      tAmp.push(tWaveHeight(x, peaks, 256))
    }
    const arousalHigh = page.windows.map((w) => (w.labels.arousal as number) > 5)
    const acc = thresholdAccuracy(hr, arousalHigh)
    expect(acc).toBeGreaterThan(0.75)
    // valence moves the T wave; morphology differs by subject, so threshold within each subject
    const valenceAcc: number[] = []
    for (const subject of new Set(page.windows.map((w) => w.subject))) {
      const idx = page.windows.flatMap((w, i) => (w.subject === subject ? [i] : []))
      valenceAcc.push(thresholdAccuracy(idx.map((i) => tAmp[i]!), idx.map((i) => (page.windows[i]!.labels.valence as number) > 5)))
    }
    expect(valenceAcc.reduce((a, b) => a + b, 0) / valenceAcc.length).toBeGreaterThan(0.75)
  })
})
