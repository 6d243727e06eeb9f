import { describe, expect, it } from 'vitest'
import { settingValueWords } from './config-words.js'
import { METHOD_LABELS, PROTOCOL_LABELS } from './metric-labels.js'
import { MethodName, PRETEXT_SCOPE_WORDS, ProtocolName } from './runs.js'

describe('settings in words', () => {
  it('names methods, protocols and the pretext scope as the results\u2019 tables, charts and the report do', () => {
    expect(settingValueWords('evaluation.methods', MethodName.options)).toBe(MethodName.options.map((m) => METHOD_LABELS[m]).join(', '))
    expect(settingValueWords('evaluation.protocols', ProtocolName.options)).toBe(ProtocolName.options.map((p) => PROTOCOL_LABELS[p]).join(', '))
    expect(settingValueWords('pretext.scope', 'per-fold')).toBe(PRETEXT_SCOPE_WORDS['per-fold'])
  })
})
