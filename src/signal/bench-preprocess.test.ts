import { describe, expect, it } from 'vitest'
import { runPreprocessBench } from './bench-preprocess.js'
import { seededNormal, syntheticEcg } from './synthetic-ecg.js'

describe('synthetic ECG', () => {
  it('is deterministic per seed and beats at 70 bpm', () => {
    const x = syntheticEcg(60, 256, 3)
    expect(x.length).toBe(15360)
    expect(syntheticEcg(60, 256, 3)).toEqual(x)
    expect(syntheticEcg(60, 256, 4)).not.toEqual(x)
    // R peaks between 1 s and 59 s (beats 2 … 68 at j·60/70 s ± 20 ms jitter): local maxima
    // 0.6 above the baseline wander (P and T waves stay below 0.3)
    let peaks = 0
    for (let i = 256; i < 59 * 256; i++) {
      const base = 0.3 * Math.sin((2 * Math.PI * 0.2 * i) / 256)
      if (x[i]! - base > 0.6 && x[i]! >= x[i - 1]! && x[i]! > x[i + 1]!) peaks++
    }
    expect(peaks).toBe(67)
  })

  it('draws standard normal noise', () => {
    const normal = seededNormal(1)
    let s = 0
    let ss = 0
    const n = 100_000
    for (let i = 0; i < n; i++) {
      const v = normal()
      s += v
      ss += v * v
    }
    expect(Math.abs(s / n)).toBeLessThan(0.01)
    expect(Math.abs(ss / n - 1)).toBeLessThan(0.02)
  })
})

describe('runPreprocessBench', () => {
  it('reports the peer fields for a short run', () => {
    const r = runPreprocessBench({ minutes: 0.5 })
    expect(r.suite).toBe('preprocess')
    expect(r.signal_seconds).toBe(30)
    expect(r.windows).toBe(3)
    expect(r.realtime_factor).toBeGreaterThan(0)
  })
})
