import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { calibrateBackend, fitLinear, machineKey, perSample, type CalibrationProbe } from './calibration.js'

/** A probe whose every call costs exactly fixed + n × perSample seconds. */
function linearProbe(costs: Record<'pretext' | 'e2e' | 'forward' | 'classifier', [number, number]>): CalibrationProbe & { calls: string[] } {
  const calls: string[] = []
  const at = (name: keyof typeof costs) => (n: number) => {
    calls.push(`${name}:${n}`)
    return Promise.resolve(costs[name][0] + n * costs[name][1])
  }
  return { calls, pretextPass: at('pretext'), endToEndPass: at('e2e'), forward: at('forward'), classifierStep: at('classifier'), setup: () => Promise.resolve(0.02), dispose: () => undefined }
}

describe('calibration', () => {
  it('fits fixed + per-sample costs and extrapolates to the trainer\'s pass size', async () => {
    const probe = linearProbe({ pretext: [0.05, 0.08], e2e: [0.04, 0.07], forward: [0.01, 0.02], classifier: [0.002, 0.00001] })
    const cal = await calibrateBackend('wasm', { probe, passSize: 64, sizes: [2, 6], appVersion: '9.9.9', device: 'CPU (test)', machine: 'm', now: () => new Date('2026-01-02T03:04:05Z') })
    expect(cal).toMatchObject({ backend: 'wasm', device: 'CPU (test)', appVersion: '9.9.9', machine: 'm', measuredAt: '2026-01-02T03:04:05.000Z', passSize: 64 })
    expect(cal.pretextPass.fixedSeconds).toBeCloseTo(0.05, 9)
    expect(cal.pretextPass.sampleSeconds).toBeCloseTo(0.08, 9)
    expect(cal.pretextSampleSeconds).toBeCloseTo(0.08 + 0.05 / 64, 9)
    expect(cal.endToEndSampleSeconds).toBeCloseTo(0.07 + 0.04 / 64, 9)
    expect(cal.embedSampleSeconds).toBeCloseTo(0.02 + 0.01 / 64, 9)
    expect(cal.classifierSampleSeconds).toBeCloseTo(0.00001 + 0.002 / 16, 9)
    expect(cal.setupSeconds).toBe(0.02)
    // warm-ups at the larger sizes, then rounds that interleave the measurements
    expect(probe.calls.slice(0, 6)).toEqual(['pretext:6', 'e2e:6', 'forward:8', 'classifier:64', 'pretext:2', 'e2e:2'])
  })

  it('keeps the fit sane when noise makes the larger size look cheap', () => {
    const f = fitLinear(2, 1.0, 6, 0.9)
    expect(f.sampleSeconds).toBeGreaterThan(0)
    expect(f.fixedSeconds).toBeGreaterThanOrEqual(0)
    expect(perSample(f, 6) * 6).toBeCloseTo(0.9, 9)
  })

  it('names the machine by CPU model, cores and memory', () => {
    expect(machineKey([{ model: ' Intel  Xeon ' }, { model: 'Intel Xeon' }], 8 * 1024 ** 3)).toBe('Intel Xeon × 2, 8 GiB')
  })

  it('measures the real networks on the active backend without leaking tensors', async () => {
    await tf.setBackend('cpu')
    const before = tf.memory().numTensors
    const cal = await calibrateBackend('cpu', { windowLength: 64, sizes: [1, 2], repeats: 1 })
    expect(tf.memory().numTensors).toBe(before)
    for (const v of [cal.pretextSampleSeconds, cal.endToEndSampleSeconds, cal.embedSampleSeconds, cal.classifierSampleSeconds]) {
      expect(v).toBeGreaterThan(0)
      expect(Number.isFinite(v)).toBe(true)
    }
    expect(cal.windowLength).toBe(64)
  })
})
