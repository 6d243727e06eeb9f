/**
 * The chance level beside every accuracy (issue 9 §5), computed once for the app and the report.
 *
 * Emotion tasks: the majority-class rate of the test windows, i.e. the accuracy of always
 * answering the most frequent true class, counted over the test windows of all folds (the rows of
 * the row's confusion matrix summed over folds). For a task whose classes are balanced in the
 * test folds this is 1/classes (0.5 for high/low); for an unbalanced one it is higher, and it is
 * the number an accuracy has to beat.
 *
 * Pretext tasks: each head answers "is this sample variant i?" over a window and its transformed
 * copies, one of which is variant i, so always answering "no" scores (n − 1)/n with n variants
 * (6/7 with all six transformations).
 */
import { fixed3 } from './number-words.js'
import { PRETEXT_TASK_NAMES } from './runs.js'

/** How every chart draws the chance level (the app's and the report's alike), and how captions name it. */
export const CHANCE_LINE = { colour: '#888888', type: 'dashed', width: 1.4, words: 'dashed grey line' } as const

/** What the chance level of a results row is, in a few words (for captions and hover text). */
export const CHANCE_LABEL = 'majority-class rate of the test windows (the accuracy of always answering the most frequent class)'

/** What the chance level of a pretext task is, in a few words. */
export const PRETEXT_CHANCE_LABEL = 'the accuracy of always answering "no" (6/7 with all six transformations)'

/**
 * The majority-class rate of a results row's test windows, from its confusion matrix (rows = true
 * class, summed over folds); NaN when it counts no window.
 */
export function chanceAccuracy(row: { readonly confusion: readonly (readonly number[])[] }): number {
  let total = 0
  let most = 0
  for (const trueRow of row.confusion) {
    const n = trueRow.reduce((a, b) => a + b, 0)
    total += n
    if (n > most) most = n
  }
  return total > 0 ? most / total : Number.NaN
}

/** Chance accuracy of a pretext head with `dropped` transformations left out: (n − 1)/n, n = the number of pretext variants (7) − dropped. */
export function pretextChanceAccuracy(dropped = 0): number {
  const n = PRETEXT_TASK_NAMES.length - dropped
  return (n - 1) / n
}

/** The chance level as the tables print it: "0.500". */
export function formatChance(chance: number): string {
  return Number.isFinite(chance) ? fixed3(chance) : '–'
}

/**
 * The chance level of one pretext epoch, from the tasks it reports: a model trained without some
 * transformations reports fewer (the app's last-epoch table and curves, the HTML report's table).
 */
export function pretextEpochChance(epoch: { readonly train: readonly unknown[] }): number {
  return pretextChanceAccuracy(Math.max(0, PRETEXT_TASK_NAMES.length - epoch.train.length))
}
