import { describe, expect, it } from 'vitest'
import { parseRunNumber } from './run-api.js'

describe('parseRunNumber', () => {
  it('reads a run number the way the CLI and the Results link write it, and nothing else', () => {
    expect(['12', '#12', ' 7 ', '1'].map(parseRunNumber)).toEqual([12, 12, 7, 1])
    expect(['0', '-3', '1.5', '1e3', '0x10', '', 'run 3', '1234567890'].map(parseRunNumber)).toEqual(Array(8).fill(null))
    expect([undefined, null, 3, ['4']].map(parseRunNumber)).toEqual([null, null, null, null])
  })
})
