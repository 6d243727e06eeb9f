import { describe, expect, it } from 'vitest'
import { DATASET_KIND_LIST, importableWords } from './dataset-kinds.js'

describe('what can be imported, in words', () => {
  it('names every kind by its title, the public datasets first, then the formats of one\u2019s own recordings', () => {
    expect(importableWords()).toBe('AMIGOS, DREAMER, SWELL-KW or WESAD, or your own CSV / text, EDF / EDF+ or WFDB (PhysioNet) recordings')
    for (const d of DATASET_KIND_LIST) expect(importableWords()).toContain(d.title)
  })
})
