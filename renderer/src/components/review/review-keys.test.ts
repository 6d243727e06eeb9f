import { describe, expect, it } from 'vitest'
import { reviewAction } from './review-keys.js'

describe('reviewAction', () => {
  it('maps 1–4 to the four flags, 0 and Backspace to clearing', () => {
    expect(['1', '2', '3', '4'].map((key) => reviewAction({ key }))).toEqual([
      { kind: 'flag', flag: 'good' },
      { kind: 'flag', flag: 'noisy' },
      { kind: 'flag', flag: 'artifact' },
      { kind: 'flag', flag: 'unusable' },
    ])
    expect(reviewAction({ key: '0' })).toEqual({ kind: 'flag', flag: null })
    expect(reviewAction({ key: 'Backspace' })).toEqual({ kind: 'flag', flag: null })
  })

  it('moves with J/K and the arrows', () => {
    for (const key of ['j', 'J', 'ArrowRight']) expect(reviewAction({ key })).toEqual({ kind: 'move', step: 1 })
    for (const key of ['k', 'K', 'ArrowLeft']) expect(reviewAction({ key })).toEqual({ kind: 'move', step: -1 })
  })

  it('leaves other keys, chords and typing in text fields alone', () => {
    expect(reviewAction({ key: '5' })).toBeUndefined()
    expect(reviewAction({ key: 'x' })).toBeUndefined()
    expect(reviewAction({ key: '1', ctrlKey: true })).toBeUndefined()
    expect(reviewAction({ key: 'j', metaKey: true })).toBeUndefined()
    expect(reviewAction({ key: 'k', altKey: true })).toBeUndefined()
    const text = { tagName: 'input', type: 'text' } as unknown as EventTarget
    expect(reviewAction({ key: '1', target: text })).toBeUndefined()
    expect(reviewAction({ key: 'Backspace', target: { tagName: 'TEXTAREA' } as unknown as EventTarget })).toBeUndefined()
    expect(reviewAction({ key: 'j', target: { tagName: 'SELECT' } as unknown as EventTarget })).toBeUndefined()
    // a focused slider or button does not take text, so the shortcut still applies
    expect(reviewAction({ key: '2', target: { tagName: 'INPUT', type: 'range' } as unknown as EventTarget })).toEqual({ kind: 'flag', flag: 'noisy' })
    expect(reviewAction({ key: 'j', target: { tagName: 'BUTTON' } as unknown as EventTarget })).toEqual({ kind: 'move', step: 1 })
  })
})
