/**
 * The dataset page's names for what a dataset's provenance records: the preprocessing parameters
 * (src/signal/preprocess.ts PreprocessParams, docs/METHOD.md §2) and the import's options (the
 * wizard's fields). Stored under their code names; a person reads these words. A key missing here
 * (a parameter added later) is shown as stored rather than hidden.
 */

export interface FactWords {
  readonly label: string
  /** Unit written after the value, if any. */
  readonly unit?: string
  /** What an unset (null) value means for this option. */
  readonly unset?: string
}

export const PREPROCESSING_WORDS: Readonly<Record<string, FactWords>> = {
  targetFs: { label: 'Stored sampling rate', unit: 'Hz' },
  highpassHz: { label: 'Baseline high-pass edge', unit: 'Hz' },
  highpassOrder: { label: 'High-pass filter order' },
  windowSeconds: { label: 'Window length', unit: 's' },
  overlapPercent: { label: 'Window overlap', unit: '%' },
  zscoreLowPercentile: { label: 'z-score spread from percentile', unit: '%' },
  zscoreHighPercentile: { label: 'z-score spread to percentile', unit: '%' },
}

export const IMPORT_OPTION_WORDS: Readonly<Record<string, FactWords>> = {
  channel: { label: 'Channel', unset: 'chosen by its name (ECG)' },
  fs: { label: 'Sampling rate', unit: 'Hz', unset: 'as stated in the files' },
  labels: { label: 'Labels file', unset: 'none' },
  keepFlagged: { label: 'Keep flagged windows' },
  overlap: { label: 'Window overlap', unit: '%' },
  name: { label: 'Dataset name' },
}

/** One recorded fact in words: its label and its value with unit ('yes'/'no' for booleans). */
export function factInWords(table: Readonly<Record<string, FactWords>>, key: string, value: unknown): { label: string; value: string } {
  const words = table[key]
  const label = words?.label ?? key
  if (value === null || value === undefined) return { label, value: words?.unset ?? '—' }
  if (typeof value === 'boolean') return { label, value: value ? 'yes' : 'no' }
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value)
  return { label, value: words?.unit === undefined ? text : `${text} ${words.unit}` }
}
