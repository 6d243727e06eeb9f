import { describe, expect, it } from 'vitest'
import { chanceAccuracy, formatChance, pretextChanceAccuracy, pretextEpochChance } from './chance.js'
import { PRETEXT_TASK_NAMES } from './runs.js'

describe('chance level', () => {
  it('is the majority-class rate of the test windows summed over folds', () => {
    expect(chanceAccuracy({ confusion: [[30, 10], [5, 15]] })).toBe(40 / 60)
    expect(chanceAccuracy({ confusion: [[10, 10], [12, 8]] })).toBe(0.5)
    expect(chanceAccuracy({ confusion: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] })).toBeCloseTo(1 / 3)
    expect(chanceAccuracy({ confusion: [] })).toBeNaN()
    expect(formatChance(Number.NaN)).toBe('–')
    expect(formatChance(0.5)).toBe('0.500')
  })

  it('of a pretext head is always answering "no": 6/7 with every transformation', () => {
    expect(pretextChanceAccuracy()).toBeCloseTo(6 / 7)
    expect(pretextChanceAccuracy(1)).toBeCloseTo(5 / 6)
    // an epoch's chance from the tasks it reports: all of them, or one left out
    const tasks = (n: number): { train: readonly string[] } => ({ train: PRETEXT_TASK_NAMES.slice(0, n) })
    expect(pretextEpochChance(tasks(PRETEXT_TASK_NAMES.length))).toBeCloseTo(6 / 7)
    expect(pretextEpochChance(tasks(PRETEXT_TASK_NAMES.length - 1))).toBeCloseTo(5 / 6)
  })
})
