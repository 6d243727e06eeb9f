import { describe, expect, it } from 'vitest'
import { describeEstimate, type RunEstimate } from '../contracts/estimate.js'
import { formatEstimate } from './format-estimate.js'

const estimate: RunEstimate = {
  seconds: 540, backend: 'wasm', device: 'CPU (WebAssembly, SIMD, 1 thread)', processes: 2, pretextWorkers: 1, calibration: 'measured', measuredAt: '2026-12-07T11:09:15.759Z',
  units: [{ kind: 'pretext', count: 2, seconds: 120 }, { kind: 'embedding', count: 1, seconds: 3 }, { kind: 'transfer', count: 16, seconds: 160 }, { kind: 'baseline', count: 16, seconds: 540 }],
}

describe('estimate text', () => {
  it('prints the total, each kind with its share, the backend and the calibration\'s origin', () => {
    const text = formatEstimate(estimate)
    expect(text).toContain('Estimated time: 9.0 min on this machine')
    expect(text).toContain('Backend: wasm on CPU (WebAssembly, SIMD, 1 thread); 2 processes')
    expect(text).toContain('Calibration: just measured')
    expect(text).toMatch(/baseline\s+16\s+9\.0 min\s+66 %/)
    expect(text).toContain('The biggest cost is baseline (66 %): consider fewer folds, label fractions or end-to-end epochs.')
    expect(formatEstimate({ ...estimate, calibration: 'cached' })).toContain('Calibration: cached (measured 2026-12-07T11:09:15.759Z)')
  })

  it('names the biggest cost in the form\'s sentence, with advice only when it is at least half', () => {
    const minutes = (s: number) => `${Math.round(s / 60)} min`
    expect(describeEstimate(estimate, minutes)).toBe('About 9 min on CPU (WebAssembly, SIMD, 1 thread), 2 workers — baseline: 66 % — consider fewer folds, label fractions or end-to-end epochs')
    const even = { ...estimate, processes: 1, units: [{ kind: 'pretext' as const, count: 1, seconds: 40 }, { kind: 'transfer' as const, count: 4, seconds: 60 }] }
    expect(describeEstimate(even, minutes)).toBe('About 9 min on CPU (WebAssembly, SIMD, 1 thread) — transfer: 60 % — consider fewer classifier epochs or folds')
    expect(describeEstimate({ ...even, units: [{ kind: 'pretext', count: 1, seconds: 35 }, { kind: 'transfer', count: 4, seconds: 40 }, { kind: 'baseline', count: 4, seconds: 25 }] }, minutes)).toBe('About 9 min on CPU (WebAssembly, SIMD, 1 thread) — transfer: 40 %')
    expect(describeEstimate({ ...even, units: [{ kind: 'pretext', count: 1, seconds: 55 }, { kind: 'transfer', count: 4, seconds: 45 }], backend: 'gpu' }, minutes)).toContain('pretext: 55 % — consider fewer pretext epochs')
  })
})
