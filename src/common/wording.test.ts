import { describe, expect, it } from 'vitest'
import { capitalise, speak, speakAll, term } from './wording.js'
import { InputError } from './input-error.js'

describe('wording', () => {
  it('speaks a term in the words of each audience', () => {
    const text = `the sampling rate is not stated in the file; ${term('pass-fs-hz')}.`
    expect(speak(text, 'cli')).toBe('the sampling rate is not stated in the file; pass --fs <Hz>.')
    expect(speak(text, 'app')).toBe('the sampling rate is not stated in the file; enter the rate in “Sampling rate (Hz)” on the Preview step.')
  })

  it('carries an argument, whatever characters a dataset name holds', () => {
    const name = 'a {{b}}|c "d"'
    const text = `choose another ${term('name-flag')} or ${term('delete-dataset', name)}.`
    expect(speak(text, 'cli')).toBe(`choose another --name or remove it with \`ecg-ssl delete ${name}\`.`)
    expect(speak(text, 'app')).toBe('choose another name or delete it from its page in Datasets.')
  })

  it('leaves text without terms, and unknown tokens, as they are', () => {
    expect(speak('plain {{text}}', 'app')).toBe('plain {{text}}')
    const value = { a: 'x', b: [1, 'y'], c: new Float32Array(2) }
    expect(speakAll(value, 'app')).toBe(value)
  })

  it('speaks every string of a nested answer', () => {
    const answer = { notes: [term('pass-fs')], skipped: [{ item: 'a.csv', reason: `none; ${term('pass-channel')}` }], n: 3 }
    expect(speakAll(answer, 'app')).toEqual({ notes: ['enter the rate in “Sampling rate (Hz)”'], skipped: [{ item: 'a.csv', reason: 'none; fill in the “Channel” field' }], n: 3 })
  })

  it('an InputError prints the CLI words and gives the app its own', () => {
    const error = new InputError(`the sampling rate is not stated in the file; ${term('pass-fs-hz')}.`, '/d/a.csv')
    expect(error.message).toBe('/d/a.csv: the sampling rate is not stated in the file; pass --fs <Hz>.')
    expect(error.messageFor('app')).not.toMatch(/--|ecg-ssl/)
    expect(capitalise(error.messageFor('app'))).toMatch(/^\/d\/a\.csv: the sampling rate/)
  })
})
