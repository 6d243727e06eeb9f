/**
 * Names of metrics as the reports and the app print them, where the name alone would mislead.
 * Plain strings: the renderer imports them too.
 */
import type { MethodName, ProtocolName } from './runs.js'

/** The cross-validation protocols' names, as the app's tables and form and the reports print them. */
export const PROTOCOL_LABELS: Readonly<Record<ProtocolName, string>> = {
  'window-kfold': 'k-fold over windows',
  'subject-kfold': 'subject-grouped k-fold',
  loso: 'leave one subject out',
}

/** The evaluation methods' names, as the app's charts and the reports print them. */
export const METHOD_LABELS: Readonly<Record<MethodName, string>> = {
  transfer: 'transfer (frozen encoder)',
  'fine-tune': 'transfer (fine-tuned)',
  baseline: 'fully supervised baseline',
}

/**
 * What a pretext task's F1 is: the F1 of its positive class ("is this sample variant i?"), as the
 * authors' code computes it (scikit-learn's binary f1_score); not the macro F1 of the results.
 */
export const PRETEXT_F1_LABEL = 'F1 of the \u2018is this transformation\u2019 class, as the authors report'

/** The column heading of a pretext task's F1 in narrow tables. */
export const PRETEXT_F1_SHORT = 'F1 (transformation class)'

/**
 * What the results' F1 is: the authors' F1 (METHOD §6), the harmonic mean of macro precision and
 * macro recall, which is what the paper's tables report; one line beside every results table.
 */
export const RESULT_F1_LABEL = 'F1 (authors\u2019): the harmonic mean of macro precision and macro recall, as the paper computes it'

/** What macro F1 is, beside the authors' F1. */
export const MACRO_F1_LABEL = 'macro F1: the mean of the per-class F1 scores (each class counts the same, however rare)'
