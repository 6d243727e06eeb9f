// The fields' checks speak the engine's rules in the app's words, as one sentence each.
import { describe, expect, it } from 'vitest'
import { ImportRequest } from '@contracts/import.js'
import { fieldProblem, nameProblemFor } from './field-checks.js'

describe('field checks', () => {
  it('says what a field would refuse as a sentence, and nothing for a usable value', () => {
    expect(fieldProblem(ImportRequest.shape.overlapPercent, 50)).toBeNull()
    const problem = fieldProblem(ImportRequest.shape.overlapPercent, 120)
    expect(problem).toMatch(/\.$/)
    expect(problem).not.toMatch(/--/)
  })

  it('refuses a name taken by another dataset, but not the dataset\u2019s own name on rename', () => {
    expect(nameProblemFor('lab', ['lab', 'amigos'])).toMatch(/^A dataset named "lab" already exists; choose another .+\.$/)
    expect(nameProblemFor('lab', ['lab', 'amigos'], 'lab')).toBeNull()
    expect(nameProblemFor('new', ['lab'])).toBeNull()
    expect(nameProblemFor('', ['lab'])).toMatch(/\.$/)
  })
})
