import { describe, expect, it } from 'vitest'
import { expectInputErrorSync } from '../../tests/helpers/expect-input-error.js'
import { type LabelledWindow, type LabelValue, taskLabels } from './labels.js'

function w(subject: string, labels: Record<string, LabelValue | boolean>): LabelledWindow {
  return { subject, labels }
}

// Subject a rates low overall, subject b high: the modes disagree on purpose.
const windows = [
  w('a', { arousal: 1, valence: 5, block: 'c1' }),
  w('a', { arousal: 2, valence: 5, block: 'c1' }),
  w('a', { arousal: 3, valence: null, block: 'c2' }),
  w('b', { arousal: 6, valence: 7, block: 'c2' }),
  w('b', { arousal: 8, valence: 9, block: 'c3' }),
  w('b', { arousal: 9, block: 'c3' }),
  w('b', { arousal: 6.4, valence: 2, block: '' }),
]

describe('taskLabels, numeric labels', () => {
  it('splits at the dataset mean over windows, high strictly above it', () => {
    const t = taskLabels(windows, 'arousal', 'dataset-mean')
    const mean = (1 + 2 + 3 + 6 + 8 + 9 + 6.4) / 7
    expect(t.threshold).toBe(mean)
    expect(Array.from(t.y)).toEqual([0, 0, 0, 1, 1, 1, 1])
    expect(t.classes).toEqual(['low', 'high'])
    expect(t.missing).toBe(0)
    expect(t.description).toBe('arousal high when > 5.06 (dataset mean)')
  })

  it('counts a value equal to the threshold as low', () => {
    const t = taskLabels([w('a', { x: 1 }), w('a', { x: 2 }), w('a', { x: 3 })], 'x', 'dataset-mean')
    expect(t.threshold).toBe(2)
    expect(Array.from(t.y)).toEqual([0, 0, 1])
    expect(Array.from(taskLabels([w('a', { x: 5 }), w('a', { x: 5.01 })], 'x', 'midpoint', { min: 1, max: 9 }).y)).toEqual([0, 1])
  })

  it('marks windows without a value -1 and leaves them out of the mean', () => {
    const t = taskLabels(windows, 'valence', 'dataset-mean')
    expect(t.threshold).toBe((5 + 5 + 7 + 9 + 2) / 5)
    expect(Array.from(t.y)).toEqual([0, 0, -1, 1, 1, -1, 0])
    expect(t.missing).toBe(2)
    expect(t.description).toBe('valence high when > 5.6 (dataset mean); 2 of 7 windows have no value')
  })

  it('treats NaN and infinite numbers as missing', () => {
    const t = taskLabels([w('a', { x: 1 }), w('a', { x: Number.NaN }), w('a', { x: Number.POSITIVE_INFINITY }), w('a', { x: 3 })], 'x', 'dataset-mean')
    expect(Array.from(t.y)).toEqual([0, -1, -1, 1])
    expect(t.threshold).toBe(2)
    expect(t.missing).toBe(2)
  })

  it('splits at the scale midpoint', () => {
    const t = taskLabels(windows, 'arousal', 'midpoint', { min: 1, max: 9 })
    expect(t.threshold).toBe(5)
    expect(Array.from(t.y)).toEqual([0, 0, 0, 1, 1, 1, 1])
    expect(t.description).toBe('arousal high when > 5 (midpoint of the 1–9 scale)')
    expect(taskLabels(windows, 'arousal', 'midpoint', { min: 0, max: 13 }).threshold).toBe(6.5)
    expect(Array.from(taskLabels(windows, 'arousal', 'midpoint', { min: 0, max: 13 }).y)).toEqual([0, 0, 0, 0, 1, 1, 0])
  })

  it("splits each subject at the subject's own mean", () => {
    const t = taskLabels(windows, 'arousal', 'subject-mean')
    // a: mean 2 → 1, 2 low, 3 high; b: mean 7.35 → 6, 6.4 low, 8, 9 high.
    expect(Array.from(t.y)).toEqual([0, 0, 1, 0, 1, 1, 0])
    expect(t.threshold).toBeNull()
    expect(t.description).toBe("arousal high when above the subject's own mean")
  })

  it('keeps a subject whose values never vary all low under subject-mean', () => {
    const t = taskLabels([w('a', { x: 4 }), w('a', { x: 4 }), w('b', { x: 1 }), w('b', { x: 2 })], 'x', 'subject-mean')
    expect(Array.from(t.y)).toEqual([0, 0, 0, 1])
  })

  it('formats small thresholds with three significant digits', () => {
    expect(taskLabels([w('a', { s: 0 }), w('a', { s: 0 }), w('a', { s: 1 })], 's', 'dataset-mean').description).toBe('s high when > 0.333 (dataset mean)')
  })
})

describe('taskLabels, text labels', () => {
  it('uses the sorted distinct values as classes, ignoring the mode', () => {
    for (const mode of ['dataset-mean', 'midpoint', 'subject-mean'] as const) {
      const t = taskLabels(windows, 'block', mode)
      expect(t.classes).toEqual(['c1', 'c2', 'c3'])
      expect(Array.from(t.y)).toEqual([0, 0, 1, 1, 2, 2, -1])
      expect(t.threshold).toBeNull()
      expect(t.missing).toBe(1)
      expect(t.description).toBe('block: 3 classes (c1, c2, c3); 1 of 7 windows have no value')
    }
  })

  it('names SWELL-like conditions and booleans as text', () => {
    const swell = ['neutral', 'time pressure', 'interruption', 'neutral'].map((c) => w('p1', { condition: c }))
    expect(taskLabels(swell, 'condition', 'dataset-mean')).toMatchObject({ classes: ['interruption', 'neutral', 'time pressure'], description: 'condition: 3 classes (interruption, neutral, time pressure)' })
    const flags = taskLabels([w('a', { rest: true }), w('a', { rest: false }), w('b', { rest: null })], 'rest', 'dataset-mean')
    expect(flags.classes).toEqual(['false', 'true'])
    expect(Array.from(flags.y)).toEqual([1, 0, -1])
  })
})

describe('taskLabels, errors', () => {
  it('names the labels the dataset has when the label is absent', () => {
    expectInputErrorSync(() => taskLabels(windows, 'dominance', 'dataset-mean'), /^The dataset has no label "dominance"; its labels are arousal, block, valence\.$/)
    expectInputErrorSync(() => taskLabels([w('a', {})], 'arousal', 'dataset-mean'), /^The dataset has no label "arousal"; it has no labels at all\.$/)
    expectInputErrorSync(() => taskLabels([], 'arousal', 'dataset-mean'), /no labels at all/)
  })

  it('refuses a label without any value', () => {
    expectInputErrorSync(() => taskLabels([w('a', { x: null }), w('b', { x: ' ' })], 'x', 'dataset-mean'), /^No window has a value for label "x"/)
  })

  it('refuses midpoint without a usable scale, naming the label', () => {
    expectInputErrorSync(() => taskLabels(windows, 'arousal', 'midpoint'), /^Label "arousal" has no known scale, so it cannot be split at the scale midpoint; use the dataset mean or the subject mean instead\.$/)
    expectInputErrorSync(() => taskLabels(windows, 'arousal', 'midpoint', { min: 9, max: 1 }), /scale of label "arousal" \(9 to 1\) is not a range/)
  })

  it('refuses fewer than two classes', () => {
    expectInputErrorSync(() => taskLabels([w('a', { x: 4 }), w('b', { x: 4 })], 'x', 'dataset-mean'), /^Label "x" gives only the class "low" when split at the dataset mean 4, so there is nothing to classify/)
    expectInputErrorSync(() => taskLabels([w('a', { x: 7 }), w('b', { x: 8 })], 'x', 'midpoint', { min: 1, max: 9 }), /only the class "high" when split at the midpoint of its 1–9 scale/)
    expectInputErrorSync(() => taskLabels([w('a', { x: 7 }), w('b', { x: 8 })], 'x', 'subject-mean'), /only the class "low" when split at each subject's own mean/)
    expectInputErrorSync(() => taskLabels([w('a', { c: 'rest' }), w('b', { c: 'rest' }), w('b', { c: null })], 'c', 'dataset-mean'), /^Label "c" has only one value \("rest"\)/)
  })

  it('refuses a mix of numbers and text', () => {
    expectInputErrorSync(() => taskLabels([w('a', { x: 4 }), w('b', { x: 'n/a' })], 'x', 'dataset-mean'), /^Label "x" mixes numbers \(e\.g\. 4\) and text \(e\.g\. "n\/a"\)/)
  })
})

describe('taskLabels, raw scores as classes (the authors\u2019 code)', () => {
  it('makes each rounded score a class in numeric order', () => {
    const t = taskLabels(windows, 'arousal', 'raw-scores')
    // 1, 2, 3, 6, 8, 9, 6.4 → rounded 1, 2, 3, 6, 8, 9, 6
    expect(t.classes).toEqual(['1', '2', '3', '6', '8', '9'])
    expect(Array.from(t.y)).toEqual([0, 1, 2, 3, 4, 5, 3])
    expect(t.threshold).toBeNull()
    expect(t.description).toBe("arousal: each rounded score is a class, as in the authors' code (6 classes: 1, 2, 3, 6, 8, 9)")
  })

  it('turns a block number 1–3 into three classes, and refuses a single score', () => {
    const blocks = [w('a', { block: 1 }), w('a', { block: 2 }), w('b', { block: 3 }), w('b', { block: 2 })]
    expect(taskLabels(blocks, 'block', 'raw-scores').classes).toEqual(['1', '2', '3'])
    expectInputErrorSync(() => taskLabels([w('a', { s: 4.2 }), w('b', { s: 3.9 })], 's', 'raw-scores'), /^Label "s" has only one rounded score \(4\)/)
  })
})
