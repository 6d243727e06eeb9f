import { describe, expect, it } from 'vitest'
import { ImportRequest, parseChannelChoice } from './import.js'

describe('a channel as typed', () => {
  it('is an index when it is digits, else a name, trimmed either way', () => {
    expect(parseChannelChoice('2')).toBe(2)
    expect(parseChannelChoice(' 0 ')).toBe(0)
    expect(parseChannelChoice(' ECG Right ')).toBe('ECG Right')
    expect(parseChannelChoice('-1')).toBe('-1')
    expect(parseChannelChoice('1e3')).toBe('1e3')
  })

  it('gives what the request takes', () => {
    const base = { kind: 'csv', path: '/d', name: 'n' }
    expect(ImportRequest.parse({ ...base, channel: parseChannelChoice('3') }).channel).toBe(3)
    expect(ImportRequest.parse({ ...base, channel: parseChannelChoice('ecg') }).channel).toBe('ecg')
  })
})
