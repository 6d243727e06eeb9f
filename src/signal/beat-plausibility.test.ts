import { describe, expect, it } from 'vitest'
import { checkBeats } from './beat-plausibility.js'
import { detectRPeaks } from './r-peaks.js'
import { syntheticEcg } from './synthetic-ecg.js'

const FS = 256
/** Peak indices from RR intervals in seconds, the first beat at 0.5 s. */
function peaksFrom(rrS: number[]): number[] {
  const out = [Math.round(0.5 * FS)]
  for (const rr of rrS) out.push(out[out.length - 1]! + Math.round(rr * FS))
  return out
}

describe('checkBeats', () => {
  it('trusts a steady rhythm and sinus arrhythmia of ±25 % (60 bpm ± breathing)', () => {
    const c = checkBeats(peaksFrom([1, 0.9, 0.8, 0.85, 1.0, 1.1, 1.2, 1.05, 0.95]), FS, 2560)
    expect(c.uncertain).toEqual([])
    expect(c.warning).toBeNull()
    expect(c.minBpm).toBeCloseTo(50, 0)
    expect(c.maxBpm).toBeCloseTo(75, 0)
  })

  it('marks the beat after a missed one (an RR twice its neighbours) and says how far the rate jumps', () => {
    // 80 bpm, one beat missed: 0.75 s intervals with one of 1.5 s
    const c = checkBeats(peaksFrom([0.75, 0.75, 0.75, 1.5, 0.75, 0.75, 0.75]), FS, 2560)
    expect(c.uncertain).toEqual([4])
    expect(Math.round(c.minBpm!)).toBe(40)
    expect(Math.round(c.maxBpm!)).toBe(80)
    expect(c.warning).toBe('Beat-to-beat rate jumps from 40 to 80 bpm: check the R peaks or the signal.')
  })

  it('marks a false detection (a T wave 0.375 s after its beat) but not the real beat after it at ratio 0.625', () => {
    // 1 s rhythm; a detection 0.375 s after beat 3 splits that interval into 0.375 + 0.625
    const c = checkBeats(peaksFrom([1, 1, 1, 0.375, 0.625, 1, 1, 1]), FS, 2560)
    expect(c.uncertain).toEqual([4])
    expect(c.warning).toMatch(/^Beat-to-beat rate jumps from 60 to 160 bpm/)
  })

  it('uses the ratio bounds 0.6 and 1.6: 0.55 and 1.7 are uncertain, 0.65 and 1.5 are not', () => {
    expect(checkBeats(peaksFrom([1, 1, 0.55, 1, 1]), FS, 2560).uncertain).toEqual([3])
    expect(checkBeats(peaksFrom([1, 1, 1.7, 1, 1]), FS, 2560).uncertain).toEqual([3])
    expect(checkBeats(peaksFrom([1, 1, 0.65, 1, 1]), FS, 2560).uncertain).toEqual([])
    expect(checkBeats(peaksFrom([1, 1, 1.5, 1, 1]), FS, 2560).uncertain).toEqual([])
  })

  it('marks rates outside 30–220 bpm even when every interval agrees with its neighbours', () => {
    // two beats 2.5 s apart: 24 bpm, no neighbour to compare with
    expect(checkBeats(peaksFrom([2.5]), FS, 2560)).toMatchObject({ uncertain: [1], warning: 'Beat-to-beat rate jumps from 24 to 24 bpm: check the R peaks or the signal.' })
    // 0.25 s intervals: 240 bpm throughout (a rate given wrongly, or noise)
    expect(checkBeats(peaksFrom([0.25, 0.25, 0.25]), FS, 2560).uncertain).toEqual([1, 2, 3])
    expect(checkBeats(peaksFrom([0.3, 0.3]), FS, 2560).uncertain).toEqual([])
  })

  it('says so when a 10 s window has fewer than two beats, and stays quiet for a short snippet', () => {
    expect(checkBeats([], FS, 2560)).toEqual({ uncertain: [], minBpm: null, maxBpm: null, warning: 'No R peak found in 10 s: check the R peaks or the signal.' })
    expect(checkBeats([300], FS, 2560).warning).toBe('Only one R peak found in 10 s: check the R peaks or the signal.')
    expect(checkBeats([100], FS, 512).warning).toBeNull()
  })

  it('finds nothing uncertain in the detector’s peaks on clean synthetic ECG, and the gap where beats were erased', () => {
    const x = syntheticEcg(10, FS, 3)
    const peaks = detectRPeaks(x, FS)
    expect(peaks.length).toBeGreaterThan(5)
    expect(checkBeats(peaks, FS, x.length).uncertain).toEqual([])
    // a flat second in the middle erases a beat or two: the beat after the gap is uncertain
    const gapStart = Math.round(4.2 * FS)
    x.fill(0, gapStart, gapStart + Math.round(1.4 * FS))
    const gapped = detectRPeaks(x, FS)
    const c = checkBeats(gapped, FS, x.length)
    const after = gapped.findIndex((p) => p > gapStart)
    expect(c.uncertain).toContain(after)
    expect(c.warning).not.toBeNull()
  })
})
