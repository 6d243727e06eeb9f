import { describe, expect, it } from 'vitest'
import { settingValueWords } from './config-words.js'
import { METHOD_LABELS, PROTOCOL_LABELS } from './metric-labels.js'
import { MethodName, ProtocolName } from './runs.js'

describe('settings in words', () => {
  it('names methods and protocols as the results\u2019 tables, charts and the report do', () => {
    expect(settingValueWords('evaluation.methods', MethodName.options)).toBe(MethodName.options.map((m) => METHOD_LABELS[m]).join(', '))
    expect(settingValueWords('evaluation.protocols', ProtocolName.options)).toBe(ProtocolName.options.map((p) => PROTOCOL_LABELS[p]).join(', '))
  })
})
