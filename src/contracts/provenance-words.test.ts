import { describe, expect, it } from 'vitest'
import { DEFAULT_PREPROCESS } from '../signal/preprocess.js'
import { factInWords, IMPORT_OPTION_WORDS, PREPROCESSING_WORDS } from './provenance-words.js'

describe('provenance in words', () => {
  it('names every preprocessing parameter the engine records', () => {
    for (const key of Object.keys(DEFAULT_PREPROCESS)) expect(PREPROCESSING_WORDS[key], key).toBeDefined()
    expect(factInWords(PREPROCESSING_WORDS, 'highpassHz', 0.8)).toEqual({ label: 'Baseline high-pass edge', value: '0.8 Hz' })
  })

  it('says what an unset option meant, booleans as yes/no, and shows an unknown key as stored', () => {
    expect(factInWords(IMPORT_OPTION_WORDS, 'fs', null)).toEqual({ label: 'Sampling rate', value: 'as stated in the files' })
    expect(factInWords(IMPORT_OPTION_WORDS, 'fs', 128)).toEqual({ label: 'Sampling rate', value: '128 Hz' })
    expect(factInWords(IMPORT_OPTION_WORDS, 'keepFlagged', false)).toEqual({ label: 'Keep flagged windows', value: 'no' })
    expect(factInWords(IMPORT_OPTION_WORDS, 'somethingNew', [1, 2])).toEqual({ label: 'somethingNew', value: '[1,2]' })
  })
})
