import { describe, expect, it } from 'vitest'
import { sharedData } from '../../tests/helpers/shared-data.js'
import { isBeatAnnotation, readWfdbAnnotations } from '../formats/wfdb/annotations.js'
import { openWfdbRecord } from '../formats/wfdb/record.js'
import { DEFAULT_PREPROCESS, filterRecording } from './preprocess.js'
import { detectRPeaks, matchPeaks, meanHeartRate } from './r-peaks.js'

const FS = 256
const TOLERANCE = Math.round(0.15 * FS)

describe('detectRPeaks against the cardiologists’ beats of MIT-BIH record 100 (MLII at 256 Hz)', async () => {
  const beats = (await readWfdbAnnotations(sharedData('wfdb/mitdb_100/100.atr'))).filter(isBeatAnnotation).map((b) => Math.round((b.sample * FS) / 360))
  const rec = await openWfdbRecord(sharedData('wfdb/mitdb_100/100.hea'))
  const signal = filterRecording(await rec.readChannel(0), 360, DEFAULT_PREPROCESS).signal

  it('finds ≥ 99 % of the beats with ≥ 99 % positive predictivity on the whole record', () => {
    const m = matchPeaks(beats, detectRPeaks(signal, FS), TOLERANCE)
    expect(m.sensitivity).toBeGreaterThanOrEqual(0.99)
    expect(m.ppv).toBeGreaterThanOrEqual(0.99)
  })

  it('does as well one 10 s window at a time, as window review runs it, and on the inverted lead', () => {
    const found: number[] = []
    const end = Math.floor(signal.length / 2560) * 2560
    for (let s = 0; s < end; s += 2560) for (const p of detectRPeaks(signal.subarray(s, s + 2560), FS)) found.push(s + p)
    const m = matchPeaks(beats.filter((b) => b < end), found, TOLERANCE)
    expect(m.sensitivity).toBeGreaterThanOrEqual(0.99)
    expect(m.ppv).toBeGreaterThanOrEqual(0.99)
    const inverted = matchPeaks(beats, detectRPeaks(signal.map((v) => -v), FS), TOLERANCE)
    expect(inverted.sensitivity).toBeGreaterThanOrEqual(0.99)
    expect(inverted.ppv).toBeGreaterThanOrEqual(0.99)
  })

  it('puts peaks on the R apex (within 30 ms of the annotation) and gives record 100’s heart rate', () => {
    const first = detectRPeaks(signal.subarray(0, 2560), FS)
    const ref = beats.filter((b) => b < 2560)
    expect(first).toHaveLength(ref.length)
    first.forEach((p, k) => expect(Math.abs(p - ref[k]!)).toBeLessThanOrEqual(Math.round(0.03 * FS)))
    // 2273 beats in 30:05 min ≈ 75.6 bpm
    expect(meanHeartRate(detectRPeaks(signal, FS), FS)).toBeCloseTo((60 * 2272 * 360) / (649991 - 77), 0)
  })
})

describe('detectRPeaks edge cases', () => {
  it('returns no peaks for a flat, too short or empty signal, and NaN heart rate for < 2 peaks', () => {
    expect(detectRPeaks(new Float32Array(2560), FS)).toEqual([])
    expect(detectRPeaks(new Float32Array(5), FS)).toEqual([])
    expect(detectRPeaks([], FS)).toEqual([])
    expect(meanHeartRate([100], FS)).toBeNaN()
  })
})

describe('matchPeaks', () => {
  it('counts each detection for at most one beat', () => {
    expect(matchPeaks([100, 200, 300], [101, 102, 290, 500], 10)).toEqual({ tp: 2, fn: 1, fp: 2, sensitivity: 2 / 3, ppv: 0.5 })
  })
})
