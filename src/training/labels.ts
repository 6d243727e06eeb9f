/**
 * Turns the windows' stored labels into class indices for one task (METHOD §2, label
 * binarisation): numeric self-reports become low/high at a threshold (dataset mean, scale
 * midpoint or each subject's own mean); text labels such as SWELL's or WESAD's conditions are
 * classes as they are.
 */
import { InputError } from '../common/input-error.js'
import type { LabelScale, LabelValue } from '../formats/types.js'

export type { LabelValue } from '../formats/types.js'

/** Where a numeric label is split into low/high (the Binarisation of src/contracts/runs.ts). */
export type BinarisationMode = 'dataset-mean' | 'midpoint' | 'subject-mean' | 'raw-scores'

/**
 * A window's subject and labels. Booleans are accepted besides {@link LabelValue} because labels
 * reach training through JSON, where a true/false column stays boolean.
 */
export interface LabelledWindow {
  readonly subject: string
  readonly labels: Readonly<Record<string, LabelValue | boolean>>
}

/** The class of every window for one task. */
export interface TaskLabels {
  /** Class index per window, -1 where the window has no usable value. */
  readonly y: Int32Array
  /** ['low', 'high'] for binarised numeric labels, else the sorted distinct text values. */
  readonly classes: string[]
  /** The dataset-mean or midpoint threshold; null for subject-mean (one per subject) and text labels. */
  readonly threshold: number | null
  /** How many windows have no usable value. */
  readonly missing: number
  /** One sentence for reports, e.g. "arousal high when > 4.87 (dataset mean)". */
  readonly description: string
}

/**
 * The classes of `label` over `windows`. A numeric label is binarised: high (class 1) when the
 * value is strictly above the threshold, otherwise low (class 0). The thresholds:
 * - `dataset-mean`: the mean over the windows that have a value. It weights each recording by
 *   its number of windows (the per-recording label values are not available here), which is also
 *   what a mean over the authors' windowed arrays gives.
 * - `midpoint`: (min + max) / 2 of the label's nominal `scale`, which it requires.
 * - `subject-mean`: each subject's own mean over their windows.
 * Text and boolean labels ('false'/'true') are classes in sorted order; `mode` does not apply.
 * Null, empty text and non-finite numbers count as missing (y = -1).
 *
 * Throws InputError (one sentence) when no window has the label, no window has a value, the
 * values mix numbers and text, midpoint lacks a scale, or fewer than 2 classes remain.
 */
export function taskLabels(windows: readonly LabelledWindow[], label: string, mode: BinarisationMode, scale?: LabelScale): TaskLabels {
  const values = windows.map((w) => w.labels[label])
  if (values.every((v) => v === undefined)) throw new InputError(noSuchLabel(windows, label))
  const numbers = new Float64Array(windows.length).fill(Number.NaN)
  const texts: (string | undefined)[] = new Array<string | undefined>(windows.length)
  let firstNumber: number | undefined
  let firstText: string | undefined
  values.forEach((v, i) => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return
      numbers[i] = v
      firstNumber ??= v
    } else if (typeof v === 'boolean' || (typeof v === 'string' && v.trim() !== '')) {
      texts[i] = String(v)
      firstText ??= texts[i]
    }
  })
  if (firstNumber === undefined && firstText === undefined) {
    throw new InputError(`No window has a value for label "${label}", so it cannot be a task; choose another label.`)
  }
  if (firstNumber !== undefined && firstText !== undefined) {
    throw new InputError(`Label "${label}" mixes numbers (e.g. ${firstNumber}) and text (e.g. "${firstText}"), so it is neither a score to binarise nor a set of classes; fix its values.`)
  }
  if (firstText !== undefined) return textClasses(texts, label)
  return mode === 'raw-scores' ? scoreClasses(numbers, label) : binarise(numbers, windows, label, mode, scale)
}

/**
 * As the authors' code does with self-reports (METHOD §2): each score rounded to a whole number
 * is its own class, in numeric order ("1" … "9"); SWELL's block number 1–3 so becomes the 3-class
 * stress task of their code.
 */
function scoreClasses(numbers: Float64Array, label: string): TaskLabels {
  const rounded = Array.from(numbers, (v) => (Number.isNaN(v) ? undefined : Math.round(v)))
  const values = [...new Set(rounded.filter((v) => v !== undefined))].sort((a, b) => a - b)
  if (values.length < 2) {
    throw new InputError(`Label "${label}" has only one rounded score (${values[0]}), so there is nothing to classify; choose another label.`)
  }
  const index = new Map(values.map((v, k) => [v, k]))
  const y = Int32Array.from(rounded, (v) => (v === undefined ? -1 : index.get(v)!))
  const classes = values.map(String)
  const missing = countMissing(y)
  const description = `${label}: each rounded score is a class, as in the authors' code (${classes.length} classes: ${classes.join(', ')})${missingClause(missing, y.length)}`
  return { y, classes, threshold: null, missing, description }
}

function textClasses(texts: readonly (string | undefined)[], label: string): TaskLabels {
  const classes = [...new Set(texts.filter((t) => t !== undefined))].sort(byCodeUnit)
  if (classes.length < 2) {
    throw new InputError(`Label "${label}" has only one value ("${classes[0]}"), so there is nothing to classify; choose another label.`)
  }
  const index = new Map(classes.map((c, k) => [c, k]))
  const y = Int32Array.from(texts, (t) => (t === undefined ? -1 : index.get(t)!))
  const missing = countMissing(y)
  const description = `${label}: ${classes.length} classes (${classes.join(', ')})${missingClause(missing, y.length)}`
  return { y, classes, threshold: null, missing, description }
}

function binarise(numbers: Float64Array, windows: readonly LabelledWindow[], label: string, mode: BinarisationMode, scale: LabelScale | undefined): TaskLabels {
  const y = new Int32Array(numbers.length).fill(-1)
  let threshold: number | null = null
  let rule: string
  let split: string
  if (mode === 'subject-mean') {
    const sums = new Map<string, { sum: number; count: number }>()
    numbers.forEach((v, i) => {
      if (Number.isNaN(v)) return
      const s = sums.get(windows[i]!.subject) ?? { sum: 0, count: 0 }
      s.sum += v
      s.count += 1
      sums.set(windows[i]!.subject, s)
    })
    numbers.forEach((v, i) => {
      if (Number.isNaN(v)) return
      const s = sums.get(windows[i]!.subject)!
      y[i] = v > s.sum / s.count ? 1 : 0
    })
    rule = "above the subject's own mean"
    split = "each subject's own mean"
  } else {
    if (mode === 'midpoint') {
      if (scale === undefined) {
        throw new InputError(`Label "${label}" has no known scale, so it cannot be split at the scale midpoint; use the dataset mean or the subject mean instead.`)
      }
      if (!Number.isFinite(scale.min) || !Number.isFinite(scale.max) || scale.min >= scale.max) {
        throw new InputError(`The scale of label "${label}" (${scale.min} to ${scale.max}) is not a range, so it has no midpoint; fix the scale or use the dataset mean.`)
      }
      threshold = (scale.min + scale.max) / 2
      split = `the midpoint of its ${fmt(scale.min)}–${fmt(scale.max)} scale`
      rule = `> ${fmt(threshold)} (midpoint of the ${fmt(scale.min)}–${fmt(scale.max)} scale)`
    } else {
      let sum = 0
      let count = 0
      for (const v of numbers) {
        if (Number.isNaN(v)) continue
        sum += v
        count += 1
      }
      threshold = sum / count
      split = `the dataset mean ${fmt(threshold)}`
      rule = `> ${fmt(threshold)} (dataset mean)`
    }
    const t = threshold
    numbers.forEach((v, i) => {
      if (!Number.isNaN(v)) y[i] = v > t ? 1 : 0
    })
  }
  let low = 0
  let high = 0
  for (const c of y) {
    if (c === 0) low++
    else if (c === 1) high++
  }
  if (low === 0 || high === 0) {
    throw new InputError(`Label "${label}" gives only the class "${low === 0 ? 'high' : 'low'}" when split at ${split}, so there is nothing to classify; choose another threshold or label.`)
  }
  const missing = countMissing(y)
  return { y, classes: ['low', 'high'], threshold, missing, description: `${label} high when ${rule}${missingClause(missing, y.length)}` }
}

/** "The dataset has no label "x"; its labels are a, b, c." */
function noSuchLabel(windows: readonly LabelledWindow[], label: string): string {
  const names = new Set<string>()
  for (const w of windows) for (const name of Object.keys(w.labels)) names.add(name)
  const known = [...names].sort(byCodeUnit)
  return known.length === 0 ? `The dataset has no label "${label}"; it has no labels at all.` : `The dataset has no label "${label}"; its labels are ${known.join(', ')}.`
}

function countMissing(y: Int32Array): number {
  let missing = 0
  for (const c of y) if (c < 0) missing++
  return missing
}

function missingClause(missing: number, total: number): string {
  return missing === 0 ? '' : `; ${missing} of ${total} windows have no value`
}

/** A threshold as people read it: 4.87, 5, 0.457. */
function fmt(x: number): string {
  return String(Number(Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3)))
}

function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
