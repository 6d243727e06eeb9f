/**
 * The published numbers of METHOD §7 as data, so reports can print the paper's result beside a
 * run's own where the dataset, task and protocol match. Plain data (no zod): nothing here is
 * user input.
 */

/** One published result of the self-supervised (frozen encoder) model. */
export interface PublishedResult {
  /** Dataset kind as the importer names it ('amigos', 'swell'). */
  readonly kind: string
  /** Names a dataset may be imported under that also mean this dataset (lower case). */
  readonly aliases: readonly string[]
  readonly task: string
  /** The paper's protocol: 10-fold cross-validation over windows. */
  readonly protocol: 'window-kfold'
  /** Frozen pretrained encoder + classifier. */
  readonly method: 'transfer'
  readonly accuracy: number
  /** The authors' F1; null where the paper's table gives none that METHOD §7 records. */
  readonly f1: number | null
  /** Where the number comes from, in a form a reader can look up. */
  readonly source: string
}

const ICASSP = 'Sarkar & Etemad, ICASSP 2020 (arXiv 1910.07497), self-supervised, 10-fold over windows'
// METHOD §7 lists SWELL's three numbers in the order stress, arousal, valence and gives no F1.
const ICASSP_SWELL = `${ICASSP}; SWELL values in the order METHOD §7 lists them`

/** METHOD §7: the published accuracies and F1 scores. */
export const PUBLISHED_RESULTS: readonly PublishedResult[] = [
  { kind: 'amigos', aliases: ['amigos'], task: 'arousal', protocol: 'window-kfold', method: 'transfer', accuracy: 0.858, f1: 0.851, source: ICASSP },
  { kind: 'amigos', aliases: ['amigos'], task: 'valence', protocol: 'window-kfold', method: 'transfer', accuracy: 0.84, f1: 0.837, source: ICASSP },
  { kind: 'swell', aliases: ['swell', 'swell-kw', 'swell_kw'], task: 'stress', protocol: 'window-kfold', method: 'transfer', accuracy: 0.96, f1: null, source: ICASSP_SWELL },
  { kind: 'swell', aliases: ['swell', 'swell-kw', 'swell_kw'], task: 'arousal', protocol: 'window-kfold', method: 'transfer', accuracy: 0.963, f1: null, source: ICASSP_SWELL },
  { kind: 'swell', aliases: ['swell', 'swell-kw', 'swell_kw'], task: 'valence', protocol: 'window-kfold', method: 'transfer', accuracy: 0.958, f1: null, source: ICASSP_SWELL },
]

/**
 * The published result for a dataset (given by its kind, e.g. 'amigos', or a name such as
 * 'SWELL-KW'; case does not matter) and a task label, or undefined when the paper has none.
 */
export function publishedFor(datasetKindOrName: string, task: string): PublishedResult | undefined {
  const d = datasetKindOrName.trim().toLowerCase()
  const t = task.trim().toLowerCase()
  return PUBLISHED_RESULTS.find((p) => (p.kind === d || p.aliases.includes(d)) && p.task === t)
}
