import { describe, expect, it } from 'vitest'
import { checkDraft, draftFromPreset, issueAt, parseDraftJson, parseFractions, suggestName } from './config-draft.js'

const demo = [{ name: 'demo', tasks: [{ label: 'arousal' }] }]

describe('experiment draft', () => {
  it('accepts both presets as they are', () => {
    expect(checkDraft(draftFromPreset('quick', 'q', demo)).issues).toEqual([])
    expect(checkDraft(draftFromPreset('sarkar2020', 's', demo)).config?.pretext.epochs).toBe(100)
  })

  it('turns schema messages into sentences at their paths, naming the dataset when it is about one', () => {
    const draft = draftFromPreset('quick', '', [{ name: 'lab', tasks: [] }])
    draft.evaluation.folds = 1
    draft.evaluation.fractions = [0.5, 2]
    const { config, issues } = checkDraft(draft)
    expect(config).toBeNull()
    expect(issues).toEqual(expect.arrayContaining([
      { path: 'name', message: 'The experiment name must not be empty.' },
      { path: 'datasets.0.tasks', message: 'Dataset “lab”: an evaluated dataset needs at least one task (to use it only for learning ECG features, make it pretext-only).' },
      { path: 'evaluation.folds', message: 'The number of folds must be at least 2.' },
      { path: 'evaluation.fractions.1', message: 'A label fraction must be at most 1.' },
    ]))
    expect(issueAt(issues, 'evaluation.fractions')).toBe('A label fraction must be at most 1.')
    expect(issueAt(issues, 'seed')).toBeNull()
  })

  it('reads label fractions as numbers or percentages, sorted and unique, or says which entry is wrong', () => {
    expect(parseFractions('1, 0.1;0.5 10%  0.1')).toEqual([0.1, 0.5, 1])
    expect(parseFractions('  ')).toBe('Type at least one label fraction, such as 0.1, 0.5, 1.')
    expect(parseFractions('0.1, a lot')).toBe('“a” is not a number; type fractions such as 0.1, 0.5, 1 (or 10%, 50%).')
  })

  it('reads the advanced JSON as one object, or says what is wrong with it', () => {
    expect(parseDraftJson('{"seed": 3}')).toEqual({ seed: 3 })
    expect(parseDraftJson('[1]')).toBe('The JSON must be one object with the experiment\u2019s settings, like the text shown at first.')
    expect(parseDraftJson('{')).toMatch(/^The JSON could not be read \(.+\); fix it or close the editor to keep the form's values\.$/)
  })

  it('suggests a name from the preset, datasets and time', () => {
    expect(suggestName('quick', ['demo', 'lab'], new Date(2026, 10, 22, 3, 7))).toBe('quick on demo + lab (2026-11-22 03:07)')
    expect(suggestName('sarkar2020', [], new Date(2026, 0, 2, 13, 45))).toBe('sarkar2020 on no dataset (2026-01-02 13:45)')
  })
})
