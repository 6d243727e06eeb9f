import { describe, expect, it } from 'vitest'
import { demoSamples, planDemoTrials } from './demo-dataset.js'
import { detectRPeaks, heartRate, rrIntervals } from './r-peaks.js'

const FS = 256
const OPTS = { subjects: 4, trialsPerSubject: 4, trialSeconds: 60, fs: FS, seed: 7 }

function sd(xs: readonly number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1))
}

/** Mean beat (R − 0.3 s … R + 0.5 s), baseline-corrected, of one trial. */
function template(x: Float64Array): Float64Array {
  const peaks = detectRPeaks(x, FS)
  const before = Math.round(0.3 * FS)
  const after = Math.round(0.5 * FS)
  const t = new Float64Array(before + after)
  let count = 0
  for (const p of peaks) {
    if (p - before < 0 || p + after > x.length) continue
    const base = x[p - before]!
    for (let i = 0; i < t.length; i++) t[i] = t[i]! + x[p - before + i]! - base
    count++
  }
  return t.map((v) => v / count)
}

function correlation(a: Float64Array, b: Float64Array): number {
  const ma = a.reduce((s, v) => s + v, 0) / a.length
  const mb = b.reduce((s, v) => s + v, 0) / b.length
  let ab = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < a.length; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb)
    aa += (a[i]! - ma) ** 2
    bb += (b[i]! - mb) ** 2
  }
  return ab / Math.sqrt(aa * bb)
}

describe('affect ECG generator', () => {
  const trials = planDemoTrials(OPTS)

  it('is deterministic in the seed', () => {
    const t = trials[0]!
    expect(demoSamples(t, OPTS)).toEqual(demoSamples(t, OPTS))
    const other = planDemoTrials({ ...OPTS, seed: 8 })[0]!
    expect(demoSamples(other, OPTS)).not.toEqual(demoSamples(t, OPTS))
    expect(demoSamples(trials[1]!, OPTS)).not.toEqual(demoSamples(t, OPTS))
  })

  it('has the intended heart rate, higher under high arousal, and variable RR intervals', () => {
    const high: number[] = []
    const low: number[] = []
    for (const t of trials) {
      const x = demoSamples(t, OPTS)
      const peaks = detectRPeaks(x, FS)
      const hr = heartRate(peaks, FS)
      expect(Math.abs(hr - t.meanHr), `${t.subject}/${t.trial}: ${hr} vs ${t.meanHr}`).toBeLessThan(3)
      expect(sd(rrIntervals(peaks, FS)) * 1000).toBeGreaterThan(10)
      ;(t.arousal > 5 ? high : low).push(hr)
    }
    for (let s = 0; s < OPTS.subjects; s++) {
      const mine = trials.filter((t) => t.subjectIndex === s)
      const hrOf = (hi: boolean): number[] => mine.filter((t) => (t.arousal > 5) === hi).map((t) => heartRate(detectRPeaks(demoSamples(t, OPTS), FS), FS))
      expect(Math.min(...hrOf(true))).toBeGreaterThan(Math.max(...hrOf(false)))
    }
    expect(high.length).toBe(low.length)
  })

  it('gives each subject its own morphology', () => {
    const temps = trials.map((t) => ({ s: t.subjectIndex, tpl: template(demoSamples(t, OPTS)) }))
    const within: number[] = []
    const across: number[] = []
    for (let i = 0; i < temps.length; i++) {
      for (let j = i + 1; j < temps.length; j++) {
        ;(temps[i]!.s === temps[j]!.s ? within : across).push(correlation(temps[i]!.tpl, temps[j]!.tpl))
      }
    }
    const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length
    // about 0.975 within and 0.92 across for this seed
    expect(mean(within) - mean(across)).toBeGreaterThan(0.03)
    expect(mean(within)).toBeGreaterThan(0.9)
  })
})
