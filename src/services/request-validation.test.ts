import { describe, expect, it } from 'vitest'
import { ImportRequest } from '../contracts/import.js'
import { InputError } from '../common/input-error.js'
import { parseOrInputError } from './request-validation.js'

const ok = { kind: 'wfdb', path: '/x', name: 'n' }

describe('parseOrInputError', () => {
  it('accepts a valid request and trims the name', () => {
    expect(parseOrInputError(ImportRequest, { ...ok, name: ' mit ', overlapPercent: 50, channel: 1 }, 'import request')).toEqual({ kind: 'wfdb', path: '/x', name: 'mit', overlapPercent: 50, channel: 1 })
  })

  it.each([
    [{ overlapPercent: 120 }, 'Invalid import request: the overlap (--overlap) must be between 0 and 90 percent; fix it and try again.'],
    [{ fs: 0 }, 'Invalid import request: the sampling rate (--fs) must be a positive number of Hz; fix it and try again.'],
    [{ fs: Number.NaN }, 'Invalid import request: the sampling rate (--fs) must be a number of Hz; fix it and try again.'],
    [{ kind: 'matlab' }, 'Invalid import request: kind: the dataset kind must be one of amigos, swell, dreamer, wesad, csv, edf, wfdb; fix it and try again.'],
    [{ name: '  ' }, 'Invalid import request: the dataset name (--name) must not be empty; fix it and try again.'],
    [{ channel: -1 }, 'Invalid import request: the channel index (--channel) must be 0 or more; fix it and try again.'],
    [{ fs: 0, overlapPercent: 100 }, 'Invalid import request: the sampling rate (--fs) must be a positive number of Hz (and 1 more problem); fix it and try again.'],
  ])('turns %j into one InputError sentence', (patch, message) => {
    let caught: unknown
    try {
      parseOrInputError(ImportRequest, { ...ok, ...patch }, 'import request')
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(InputError)
    expect((caught as Error).message).toBe(message)
  })
})
