import { describe, expect, it } from 'vitest'
import type { EstimateItem } from './estimate.js'
import { ProgressClock } from './progress-clock.js'
import { simulateSchedule } from './schedule.js'

/** A run like quick's shape, larger: 10 pretext epochs, 40 transfer folds on shard 0, 40 baselines and 20 fine-tunes on shard 1. */
function plan(): EstimateItem[] {
  const items: EstimateItem[] = []
  for (let e = 0; e < 10; e++) items.push({ kind: 'pretext', key: `epoch|full|${e}`, process: 0, threads: 1, seconds: 60 })
  items.push({ kind: 'embedding', key: 'embed|0|full', process: 0, threads: 1, seconds: 3 })
  for (let u = 0; u < 40; u++) items.push({ kind: 'transfer', key: `t${u}`, process: 0, threads: 1, seconds: 2 })
  for (let u = 0; u < 40; u++) items.push({ kind: 'baseline', key: `b${u}`, process: 1, threads: 1, seconds: 12 + (u % 4) * 3 })
  for (let u = 0; u < 20; u++) items.push({ kind: 'fine-tune', key: `f${u}`, process: 1, threads: 1, seconds: 15, after: 9 })
  return items
}

/** A seeded uniform stream in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/**
 * Runs the plan with real costs `factor(kind) × estimate × noise` on a fake clock, feeding the
 * clock what executeRun would (items seen done, process 0's share of its current item) every
 * 2 s, and returns the predicted finish times after the first 5 % of the run and the real finish.
 */
function simulate(factor: (kind: string) => number, noise: number, seed: number): { predicted: number[]; actual: number } {
  const items = plan()
  const rnd = random(seed)
  const real = items.map((i) => ({ ...i, seconds: i.seconds * factor(i.kind) * (1 + noise * (2 * rnd() - 1)) }))
  const { ends, seconds: actual } = simulateSchedule(real, 2)
  let now = 0
  const clock = new ProgressClock(items.length, 0, { items, cores: 2, now: () => now * 1000 })
  const predicted: number[] = []
  for (now = 2; now < actual; now += 2) {
    items.forEach((item, i) => {
      if (ends[i]! <= now) clock.itemDone(item.key)
    })
    // process 0's current item and how far it is (pretext epochs report steps)
    let partial = 0
    let previousEnd = 0
    for (let i = 0; i < items.length; i++) {
      if (items[i]!.process !== 0) continue
      if (ends[i]! <= now) {
        previousEnd = ends[i]!
        continue
      }
      if (items[i]!.kind === 'pretext') partial = (now - previousEnd) / (ends[i]! - previousEnd)
      break
    }
    const { etaSeconds } = clock.status(partial)
    if (now >= 0.05 * actual) predicted.push(now + etaSeconds!)
  }
  return { predicted, actual }
}

function expectSteady({ predicted, actual }: { predicted: number[]; actual: number }): void {
  expect(predicted.length).toBeGreaterThan(20)
  const within = predicted.map((p) => p / actual)
  expect(Math.min(...within)).toBeGreaterThanOrEqual(0.75)
  expect(Math.max(...within)).toBeLessThanOrEqual(1.25)
  expect(Math.max(...predicted) / Math.min(...predicted)).toBeLessThanOrEqual(1.25)
}

describe('progress clock', () => {
  it('predicts the end closely when the estimate is right (folds are seen done up to 2 s late)', () => {
    const { predicted, actual } = simulate(() => 1, 0, 1)
    for (const p of predicted) expect(Math.abs(p - actual) / actual).toBeLessThan(0.03)
  })

  it('holds the ETA within ±25 % after 5 % of the work when every cost is off by the same factor', () => {
    expectSteady(simulate(() => 1.6, 0, 2))
    expectSteady(simulate(() => 0.6, 0, 3))
  })

  it('holds it with per-unit noise and with kinds misjudged differently', () => {
    expectSteady(simulate(() => 1, 0.5, 4))
    expectSteady(simulate((k) => (k === 'pretext' ? 1.4 : 0.8), 0.3, 5))
    expectSteady(simulate((k) => (k === 'pretext' ? 0.7 : 1.3), 0.3, 6))
  })

  it('counts units for the progress bar and falls back to the pace without items', () => {
    let now = 0
    const clock = new ProgressClock(10, 2, () => now)
    expect(clock.status(0).etaSeconds).toBeNull()
    now = 4000
    clock.advance()
    clock.advance()
    expect(clock.status(0)).toEqual({ done: 4, total: 10, etaSeconds: 12 })
  })
})
