import { describe, expect, it } from 'vitest'
import { isApiResult } from './api-result.js'

describe('isApiResult', () => {
  it('accepts the router\'s two answers and nothing else', () => {
    expect([{ ok: true, value: 1 }, { ok: true }, { ok: false, error: 'why' }].every(isApiResult)).toBe(true)
    expect([null, 'ok', { ok: false }, { ok: false, error: 3 }, { ok: 'yes', value: 1 }].some(isApiResult)).toBe(false)
  })
})
