import { describe, expect, it } from 'vitest'
import type { ImportProgress } from '../contracts/import.js'
import { ProgressThrottle } from './progress-throttle.js'

describe('ProgressThrottle', () => {
  it('passes the first event of a phase and the final one, drops events within the interval', () => {
    let t = 0
    const got: ImportProgress[] = []
    const p = new ProgressThrottle((e) => got.push(e), 150, () => t)
    const ev = (phase: ImportProgress['phase'], done: number, total = 10): ImportProgress => ({ phase, done, total, unit: 'recordings', message: '' })
    p.emit(ev('processing', 0))
    t = 100
    p.emit(ev('processing', 1))
    t = 160
    p.emit(ev('processing', 2))
    t = 170
    p.emit(ev('writing', 0, 1))
    t = 171
    p.emit(ev('writing', 1, 1))
    expect(got.map((e) => `${e.phase}:${e.done}`)).toEqual(['processing:0', 'processing:2', 'writing:0', 'writing:1'])
  })
})
