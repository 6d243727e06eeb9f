/**
 * The published numbers of METHOD §7 as data, and the one rule that says which result row they
 * stand beside: the reports (HTML, CSV, LaTeX) and the app's Results view both ask
 * {@link paperCell}, so the rule exists once. Plain data (no zod): nothing here is user input.
 */
import { DATASET_KIND_LIST, datasetKindInfo, isDatasetKind, kindTitle, type PaperDataset } from './dataset-kinds.js'
import type { MethodName, ProtocolName } from './runs.js'

/** One published result of the paper's table. */
export interface PublishedResult {
  /** The paper's dataset: the published-number key of its kind's descriptor (dataset-kinds.ts). */
  readonly kind: PaperDataset
  /** Names a dataset may be imported under that also mean this dataset (lower case). */
  readonly aliases: readonly string[]
  /** The task as the paper names it ('arousal', 'stress'). */
  readonly paperTask: string
  /** The workbench's task labels that are this task (lower case), e.g. SWELL's 'condition' for the paper's stress. */
  readonly tasks: readonly string[]
  /** The paper's protocol: 10-fold cross-validation over windows. */
  readonly protocol: 'window-kfold'
  /** 'transfer': frozen pretrained encoder + classifier; 'baseline': the paper's "CNN w/o self-sup." (fully supervised). */
  readonly method: 'transfer' | 'baseline'
  readonly accuracy: number
  /** The authors' F1; null where the source text lost it ({@link f1Missing} says so). */
  readonly f1: number | null
  /** Why the F1 is missing, when it is. */
  readonly f1Missing?: string
  /** Where the number comes from, in a form a reader can look up. */
  readonly source: string
  /** What a reader should know when comparing (e.g. how the authors' code labelled the task). */
  readonly note?: string
}

const ICASSP = 'Sarkar & Etemad, ICASSP 2020 (arXiv 1910.07497), self-supervised, 10-fold over windows'
// METHOD §7 lists SWELL's three numbers in the order stress, arousal, valence and gives no F1.
const ICASSP_SWELL = `${ICASSP}; SWELL values in the order METHOD §7 lists them`
const SWELL_ALIASES = ['swell', 'swell-kw', 'swell_kw'] as const
const SWELL_F1_LOST = 'the source text lost the paper\u2019s SWELL F1 scores'
// METHOD §2 / §7: the paper's SWELL stress task is the block's condition (neutral, interruption,
// time pressure); the authors' code takes the class from the block number c1–c3. The importer
// calls the first 'condition' and the second 'block'; its 'stress' is the self-rated Stress score.
const SWELL_STRESS_TASKS = ['condition', 'block'] as const

/** METHOD §7: the published accuracies and F1 scores. */
export const PUBLISHED_RESULTS: readonly PublishedResult[] = [
  { kind: 'amigos', aliases: ['amigos'], paperTask: 'arousal', tasks: ['arousal'], protocol: 'window-kfold', method: 'transfer', accuracy: 0.858, f1: 0.851, source: ICASSP },
  { kind: 'amigos', aliases: ['amigos'], paperTask: 'valence', tasks: ['valence'], protocol: 'window-kfold', method: 'transfer', accuracy: 0.84, f1: 0.837, source: ICASSP },
  {
    kind: 'swell', aliases: SWELL_ALIASES, paperTask: 'stress', tasks: SWELL_STRESS_TASKS, protocol: 'window-kfold', method: 'transfer', accuracy: 0.96,
    f1: null, f1Missing: SWELL_F1_LOST, source: ICASSP_SWELL,
    note: 'the paper\u2019s 3-class stress task: the block\u2019s condition (neutral, interruption, time pressure); the authors\u2019 code takes the class from the block number c1\u2013c3',
  },
  { kind: 'swell', aliases: SWELL_ALIASES, paperTask: 'arousal', tasks: ['arousal'], protocol: 'window-kfold', method: 'transfer', accuracy: 0.963, f1: null, f1Missing: SWELL_F1_LOST, source: ICASSP_SWELL },
  { kind: 'swell', aliases: SWELL_ALIASES, paperTask: 'valence', tasks: ['valence'], protocol: 'window-kfold', method: 'transfer', accuracy: 0.958, f1: null, f1Missing: SWELL_F1_LOST, source: ICASSP_SWELL },
]

/**
 * Cells of the paper's table that the source text lost, per dataset kind and method, in words. A
 * row of the paper's setting with no {@link PUBLISHED_RESULTS} entry gets this as its reason, so
 * the report says the number is missing rather than guessing one.
 */
export const LOST_PUBLISHED: Readonly<Record<PaperDataset, Partial<Record<'transfer' | 'baseline', string>>>> = {
  amigos: {
    baseline: 'the source text does not record the paper\u2019s fully supervised (\u201cCNN w/o self-sup.\u201d) AMIGOS numbers',
  },
  swell: {
    // METHOD §7: "the fully supervised row shows 0.984 and 0.957; the source text lost the other
    // cells" — which tasks those two numbers belong to is not recorded, so none is placed.
    baseline: 'the source text lost the paper\u2019s fully supervised (\u201cCNN w/o self-sup.\u201d) SWELL numbers: its row shows 0.984 and 0.957 but not which tasks they belong to, and the other cells are missing',
  },
}

/**
 * The kinds the paper reports on in the app's words ("AMIGOS and SWELL-KW"), from the kinds'
 * descriptors. Sentences about the user's datasets name a kind by its title; the sentences above
 * that describe the paper's own table keep the paper's name (SWELL).
 */
const PAPER_KIND_TITLES = DATASET_KIND_LIST.filter((d) => d.paper !== null).map((d) => d.title).join(' and ')

/** The tasks the paper reports per dataset kind (the workbench's labels). */
const PAPER_TASKS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  [...new Set(PUBLISHED_RESULTS.map((p) => p.kind))].map((kind) => [kind, PUBLISHED_RESULTS.filter((p) => p.kind === kind).flatMap((p) => p.tasks)]),
)

/**
 * The paper's dataset that a kind or name means, or undefined: a kind the importer knows says it
 * in its descriptor; any other word (a dataset's name) is matched against the aliases.
 */
function paperKind(datasetKindOrName: string): PaperDataset | undefined {
  const d = datasetKindOrName.trim().toLowerCase()
  if (isDatasetKind(d)) return datasetKindInfo(d)?.paper ?? undefined
  return PUBLISHED_RESULTS.find((p) => p.aliases.includes(d))?.kind
}

/**
 * The published result for a dataset (given by its kind, e.g. 'amigos', or a name such as
 * 'SWELL-KW'; case does not matter), a task label and a method, or undefined when the paper has
 * none. Settings other than the method are not checked here; {@link paperCell} does that.
 */
export function publishedFor(datasetKindOrName: string, task: string, method: 'transfer' | 'baseline' = 'transfer'): PublishedResult | undefined {
  const kind = paperKind(datasetKindOrName)
  const t = task.trim().toLowerCase()
  return PUBLISHED_RESULTS.find((p) => p.kind === kind && p.method === method && p.tasks.includes(t))
}

/**
 * The kind a run's dataset is reported under when no dataset of its name is imported any more
 * (deleted since the run): no kind the paper's table knows, so {@link paperCell} gives no number
 * and says "the paper reports on AMIGOS and SWELL-KW only" rather than matching the name, which may
 * not mean the paper's dataset (a csv import called "SWELL-KW" is not SWELL).
 */
export const UNKNOWN_KIND = 'unknown'

/**
 * The kind each of a run's datasets is reported under, for {@link paperCell}: the kind of the
 * dataset of that name now (`kindOf`), else {@link UNKNOWN_KIND}. The one rule of the app's
 * Results view, its export and `ecg-ssl report`.
 */
export function runDatasetKinds(datasets: readonly { readonly name: string }[], kindOf: (name: string) => string | undefined): Record<string, string> {
  return Object.fromEntries(datasets.map((d) => [d.name, kindOf(d.name) ?? UNKNOWN_KIND]))
}

/** What identifies a result row, as far as the paper's setting is concerned. */
export interface PaperSettingKey {
  readonly dataset: string
  readonly task: string
  readonly protocol: ProtocolName
  readonly method: MethodName
  readonly variant: string
  readonly block: number
  readonly fraction: number
}

/**
 * Whether a row is the paper's own setting, so a published number may stand beside it: 10-fold
 * over windows, all labels, either frozen-encoder transfer from the block-3 embedding of the full
 * pretext model (all six transformations) or the fully supervised baseline.
 */
export function isPaperSetting(row: Omit<PaperSettingKey, 'dataset' | 'task'>): boolean {
  return settingDifferences(row).length === 0
}

/**
 * The row of the paper's own setting for a dataset and task ({@link isPaperSetting} holds for it):
 * where a figure puts the published number when it draws one for a group of rows.
 */
export function paperSettingKey(dataset: string, task: string, method: 'transfer' | 'baseline' = 'transfer'): PaperSettingKey {
  return { dataset, task, protocol: 'window-kfold', method, variant: method === 'transfer' ? 'full' : 'none', block: 3, fraction: 1 }
}

/** One way a row differs from the paper's setting. */
export interface PaperDifference {
  /** A few words for a table cell ("other protocol"). */
  readonly short: string
  /** The whole reason, as a clause. */
  readonly text: string
}

function settingDifferences(row: Omit<PaperSettingKey, 'dataset' | 'task'>): PaperDifference[] {
  const out: PaperDifference[] = []
  if (row.method === 'fine-tune') out.push({ short: 'fine-tuned', text: 'the paper reports the frozen encoder and the fully supervised network, not fine-tuning' })
  if (row.protocol !== 'window-kfold') out.push({ short: 'other protocol', text: 'the paper\u2019s numbers are for 10-fold cross-validation over windows' })
  if (row.fraction !== 1) out.push({ short: 'not all labels', text: 'the paper\u2019s table uses all labelled windows' })
  if (row.block !== 3) out.push({ short: `block ${row.block}`, text: 'the paper\u2019s numbers use the block-3 embedding' })
  if (row.method === 'transfer' && row.variant !== 'full') out.push({ short: 'ablation', text: 'the paper\u2019s numbers use the pretext model of all six transformations' })
  return out
}

/** What stands in a row's paper column: the published result, or why there is none. */
export type PaperCell =
  | { readonly published: PublishedResult; readonly why?: undefined; readonly headline?: undefined; readonly short?: undefined; readonly reasons?: undefined }
  | {
    readonly published?: undefined
    /** "No published number for this setting: …", a sentence. */
    readonly why: string
    /** Its first words, what a narrow cell says above the reasons ("No published number for this setting"). */
    readonly headline: string
    /** A few words for a narrow cell ("other protocol, not all labels"). */
    readonly short: string
    /** The reasons one by one. */
    readonly reasons: readonly PaperDifference[]
  }

const none = (reasons: readonly PaperDifference[], prefix = 'No published number for this setting'): PaperCell => ({
  why: `${prefix}: ${reasons.map((r) => r.text).join('; ')}.`,
  headline: prefix,
  short: reasons.map((r) => r.short).join(', '),
  reasons,
})

/**
 * The paper column of one result row: the published number of exactly the same dataset, task,
 * method and setting (see {@link isPaperSetting}), or the reason there is none — which of dataset,
 * task, method, protocol, label fraction, block or pretext model differs from the paper's setting,
 * or that the source text lost the number. The dataset is matched on its kind when known (a csv
 * import called "AMIGOS" is not AMIGOS), else on its name.
 */
export function paperCell(row: PaperSettingKey, kind: string | undefined): PaperCell {
  const reasons: PaperDifference[] = []
  const paperDataset = paperKind(kind ?? row.dataset)
  const task = row.task.trim().toLowerCase()
  if (paperDataset === undefined) {
    reasons.push({ short: 'other dataset', text: `the paper reports on ${PAPER_KIND_TITLES} only` })
  } else if (paperDataset === 'swell' && task === 'stress') {
    reasons.push({
      short: 'self-rated stress',
      text: `this ${kindTitle('swell')} \u2018stress\u2019 is the participant\u2019s self-rated Stress score, while the paper\u2019s 3-class stress task is the block\u2019s condition (the task \u2018condition\u2019)`,
    })
  } else if (!(PAPER_TASKS[paperDataset] ?? []).includes(task)) {
    reasons.push({ short: 'other task', text: `the paper reports ${(PAPER_TASKS[paperDataset] ?? []).join(', ')} on ${kindTitle(paperDataset)}` })
  }
  reasons.push(...settingDifferences(row))
  if (reasons.length > 0) return none(reasons)
  const method = row.method === 'baseline' ? 'baseline' : 'transfer'
  const published = publishedFor(paperDataset ?? row.dataset, task, method)
  if (published !== undefined) return { published }
  const lost = (paperDataset === undefined ? undefined : LOST_PUBLISHED[paperDataset]?.[method]) ?? 'the source text has no number for it'
  return none([{ short: 'lost in the source', text: lost }], 'No published number for this row, though it is the paper\u2019s setting')
}
