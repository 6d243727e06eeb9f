/**
 * The dataset kinds the workbench imports, one descriptor each: the app's title, what the user
 * points at (the wizard's sentence, folder or file, the file endings read), whether the dataset
 * carries its own labels or takes a labels file, the classifier head of METHOD §5 its tasks get,
 * and the key of the paper's published numbers (published.ts). The import wizard, the CLI,
 * training and the reports read these; nothing else writes a per-kind fact down again. Which
 * channel is the ECG is decided on the Node side, by one resolver per kind
 * (src/formats/adapters/channel-rules.ts), for the preview and the import alike.
 * Plain data with no Node module: the renderer imports it.
 */
import type { ClassifierShape } from './runs.js'

/** Dataset kinds the workbench can import, in the order the CLI lists them. */
export const DATASET_KINDS = ['amigos', 'swell', 'dreamer', 'wesad', 'csv', 'edf', 'wfdb'] as const
/** One of {@link DATASET_KINDS} (import.ts derives the schema `DatasetKind` from the same list). */
export type DatasetKindName = (typeof DATASET_KINDS)[number]

/** The datasets whose numbers the paper publishes (the `kind` of published.ts's rows). */
export type PaperDataset = 'amigos' | 'swell'

/** Everything the app, the CLI, training and the reports need to know about one kind. */
export interface DatasetKindDescriptor {
  readonly kind: DatasetKindName
  /** The kind in the app's words ('SWELL-KW', 'EDF / EDF+'). */
  readonly title: string
  /** A file format for the user's own recordings, rather than a public dataset's layout. */
  readonly own: boolean
  /** The sentence the import wizard shows: what to point at. */
  readonly what: string
  /** Whether the source is a folder, a file, or either. */
  readonly pick: 'folder' | 'file' | 'either'
  /** File name endings the kind reads, lower case with the dot (for WFDB the headers; their data files come along). */
  readonly extensions: readonly string[]
  /** Whether a separate labels file (spreadsheet or CSV) can be given. */
  readonly labelsFile: boolean
  /** Whether the dataset's own files carry affect labels (without a labels file). */
  readonly labelsInData: boolean
  /**
   * Whether the files may not state their sampling rate, so the user may have to give it (tables
   * of samples); every other kind's rate is in its files or fixed by the dataset.
   */
  readonly mayNeedRate: boolean
  /** The classifier head of METHOD §5 this kind's tasks are trained with, unless the run names one. */
  readonly classifier: ClassifierShape
  /** The key of the paper's published numbers for this kind, or null when the paper reports none. */
  readonly paper: PaperDataset | null
}

/**
 * Recordings of no known dataset get AMIGOS's head: the paper's network for a self-reported
 * arousal/valence task, the usual task of a lab's own recordings.
 */
const OWN_RECORDINGS_HEAD: ClassifierShape = 'AMIGOS'

/** The descriptors, in the order the import wizard lists them (the public datasets first). */
export const DATASET_KIND_INFO = {
  amigos: {
    kind: 'amigos', title: 'AMIGOS', own: false, pick: 'folder', extensions: ['.mat'], labelsFile: true, labelsInData: true, mayNeedRate: false, classifier: 'AMIGOS', paper: 'amigos',
    what: 'The folder of preprocessed Data_Preprocessed_P*.mat files; labels come from the dataset itself.',
  },
  dreamer: {
    kind: 'dreamer', title: 'DREAMER', own: false, pick: 'file', extensions: ['.mat'], labelsFile: false, labelsInData: true, mayNeedRate: false, classifier: 'DREAMER', paper: null,
    what: 'The DREAMER.mat file; arousal, valence and dominance come with it.',
  },
  swell: {
    kind: 'swell', title: 'SWELL-KW', own: false, pick: 'folder', extensions: ['.s00'], labelsFile: true, labelsInData: false, mayNeedRate: false, classifier: 'SWELL', paper: 'swell',
    what: 'The folder of Poly5 recordings; the condition overview workbook may be given as labels.',
  },
  wesad: {
    kind: 'wesad', title: 'WESAD', own: false, pick: 'either', extensions: ['.pkl'], labelsFile: false, labelsInData: true, mayNeedRate: false, classifier: 'WESAD', paper: null,
    what: 'The WESAD folder (S2 … S17, each with SX.pkl) or one SX.pkl file.',
  },
  csv: {
    kind: 'csv', title: 'CSV / text', own: true, pick: 'either', extensions: ['.csv', '.tsv', '.txt', '.mat', '.xlsx'], labelsFile: true, labelsInData: false, mayNeedRate: true, classifier: OWN_RECORDINGS_HEAD, paper: null,
    what: 'Your own recordings as .csv, .tsv, .txt, MATLAB .mat or .xlsx (columns, or a row vector): one file, or a folder with one subfolder per subject.',
  },
  edf: {
    kind: 'edf', title: 'EDF / EDF+', own: true, pick: 'either', extensions: ['.edf', '.bdf'], labelsFile: true, labelsInData: false, mayNeedRate: false, classifier: OWN_RECORDINGS_HEAD, paper: null,
    what: 'Your own .edf or .bdf (BioSemi) recordings: one file, or a folder with one subfolder per subject.',
  },
  wfdb: {
    kind: 'wfdb', title: 'WFDB (PhysioNet)', own: true, pick: 'either', extensions: ['.hea'], labelsFile: true, labelsInData: false, mayNeedRate: false, classifier: OWN_RECORDINGS_HEAD, paper: null,
    what: 'PhysioNet records (.hea with their .dat): one record or a folder of them.',
  },
} as const satisfies { readonly [K in DatasetKindName]: DatasetKindDescriptor & { readonly kind: K } }

/** Every descriptor, in the wizard's order. */
export const DATASET_KIND_LIST: readonly DatasetKindDescriptor[] = Object.values(DATASET_KIND_INFO)

/** Whether `kind` (e.g. a kind the store recorded) is one the workbench knows. */
export function isDatasetKind(kind: string): kind is DatasetKindName {
  return Object.hasOwn(DATASET_KIND_INFO, kind)
}

/** The descriptor of a kind, or undefined for null or a kind the workbench does not know. */
export function datasetKindInfo(kind: string | null | undefined): DatasetKindDescriptor | undefined {
  return kind !== null && kind !== undefined && isDatasetKind(kind) ? DATASET_KIND_INFO[kind] : undefined
}

/** A stored kind in the app's words: its title, or the kind itself when the workbench does not know it. */
export function kindTitle(kind: string): string {
  return datasetKindInfo(kind)?.title ?? kind
}

/** The classifier head for a dataset of `kind` (a stored kind may be unknown: own recordings' head then). */
export function classifierForKind(kind: string): ClassifierShape {
  return datasetKindInfo(kind)?.classifier ?? OWN_RECORDINGS_HEAD
}

/** "a, b or c" */
const orList = (words: readonly string[]): string => (words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}`)

/**
 * What can be imported, in one sentence from the descriptors: "AMIGOS, DREAMER, SWELL-KW or WESAD,
 * or your own CSV / text, EDF / EDF+ or WFDB (PhysioNet) recordings".
 */
export function importableWords(): string {
  const titles = (own: boolean): string[] => DATASET_KIND_LIST.filter((d) => d.own === own).map((d) => d.title)
  return `${orList(titles(false))}, or your own ${orList(titles(true))} recordings`
}
