// What each dataset kind expects the user to point at (the adapters' own rules, in words).
import type { DatasetKind } from '@contracts/import.js'

export interface KindInfo {
  readonly kind: DatasetKind
  readonly title: string
  readonly what: string
  /** Whether the source is a folder, a file, or either. */
  readonly pick: 'folder' | 'file' | 'either'
  /** Whether a separate labels file can be given. */
  readonly labels: boolean
}

export const KINDS: readonly KindInfo[] = [
  { kind: 'amigos', title: 'AMIGOS', what: 'The folder of preprocessed Data_Preprocessed_P*.mat files; labels come from the dataset itself.', pick: 'folder', labels: true },
  { kind: 'dreamer', title: 'DREAMER', what: 'The DREAMER.mat file; arousal, valence and dominance come with it.', pick: 'file', labels: false },
  { kind: 'swell', title: 'SWELL-KW', what: 'The folder of Poly5 recordings; the condition overview workbook may be given as labels.', pick: 'folder', labels: true },
  { kind: 'wesad', title: 'WESAD', what: 'The WESAD folder (S2 … S17, each with SX.pkl) or one SX.pkl file.', pick: 'either', labels: false },
  { kind: 'csv', title: 'CSV / text', what: 'Your own recordings as .csv, .tsv, .txt, MATLAB .mat or .xlsx (columns, or a row vector): one file, or a folder with one subfolder per subject.', pick: 'either', labels: true },
  { kind: 'edf', title: 'EDF / EDF+', what: 'Your own .edf or .bdf (BioSemi) recordings: one file, or a folder with one subfolder per subject.', pick: 'either', labels: true },
  { kind: 'wfdb', title: 'WFDB (PhysioNet)', what: 'PhysioNet records (.hea with their .dat): one record or a folder of them.', pick: 'either', labels: true },
]

/** The description of one kind. */
export function kindInfo(kind: DatasetKind | null): KindInfo | undefined {
  return KINDS.find((k) => k.kind === kind)
}
