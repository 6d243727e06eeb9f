/**
 * Contracts of the dataset import: what a caller asks for, what progress looks like, and what the
 * finished import reports. Zod schemas are the single source; the types come from them. This
 * folder is the only part of src/ the renderer may import, so it depends on nothing but zod.
 */
import { z } from 'zod'
import { term } from '../common/wording.js'
import { DATASET_KINDS } from './dataset-kinds.js'

/** Dataset kinds the workbench can import; each one's descriptor is in dataset-kinds.ts. */
export { DATASET_KINDS }
export const DatasetKind = z.enum(DATASET_KINDS, { error: `the dataset kind must be one of ${DATASET_KINDS.join(', ')}` })
export type DatasetKind = z.infer<typeof DatasetKind>

/** A dataset name: what the user types to refer to it later (`ecg-ssl windows <name>`). */
export const DatasetName = z
  .string({ error: `${term('name')} is required` })
  .trim()
  .min(1, { error: `${term('name')} must not be empty`, abort: true })
  .max(100, { error: `${term('name')} must be at most 100 characters` })
  // Control characters would break the one-line messages and the CSV export.
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f]+$/, { error: `${term('name')} must not contain control characters` })

/**
 * A channel as a person types it (the wizard's field, `--channel`): digits are a 0-based index,
 * anything else a name (the request's `channel`, which matches names case-insensitively).
 */
export function parseChannelChoice(text: string): string | number {
  const t = text.trim()
  return /^\d+$/.test(t) ? Number(t) : t
}

/** Ask to import one dataset folder or file into the store. */
export const ImportRequest = z.object({
  kind: DatasetKind,
  /** Folder or file to import. */
  path: z.string({ error: 'the path to import is required' }).min(1, { error: 'the path to import must not be empty' }),
  name: DatasetName,
  /** Optional separate labels file (spreadsheet or CSV). */
  labels: z.string().min(1, { error: `${term('labels')} must not be empty` }).optional(),
  /** ECG channel by name (case-insensitive) or 0-based index. */
  channel: z
    .union([
      z.string().trim().min(1, { error: `${term('channel')} must not be empty` }),
      z.number().int({ error: `${term('channel-index')} must be a whole number` }).min(0, { error: `${term('channel-index')} must be 0 or more` }),
    ])
    .optional(),
  /** Sampling rate in Hz for formats that do not state it (CSV without a header). */
  fs: z
    .number({ error: `${term('fs')} must be a number of Hz` })
    .positive({ error: `${term('fs')} must be a positive number of Hz` })
    .max(1_000_000, { error: `${term('fs')} must be at most 1 000 000 Hz` })
    .optional(),
  /** Overlap of consecutive 10 s windows, in percent, 0 (default) to 90. */
  overlapPercent: z
    .number({ error: `${term('overlap')} must be a number of percent` })
    .min(0, { error: `${term('overlap')} must be between 0 and 90 percent` })
    .max(90, { error: `${term('overlap')} must be between 0 and 90 percent` })
    .optional(),
  /** Store windows flagged as NaN / flat / clipped as usable (excluded = 0) instead of excluded. */
  keepFlagged: z.boolean().optional(),
})
export type ImportRequest = z.infer<typeof ImportRequest>

/** Something that was not imported, and why. */
export const SkippedItem = z.object({ item: z.string(), reason: z.string() })
export type SkippedItem = z.infer<typeof SkippedItem>

/** Observed range of a numeric label over the imported recordings. */
export const LabelRange = z.object({ min: z.number(), max: z.number() })
export type LabelRange = z.infer<typeof LabelRange>

/** Counts for one subject of an import. */
export const SubjectCounts = z.object({
  subject: z.string(),
  recordings: z.number().int(),
  windows: z.number().int(),
  excluded: z.number().int(),
  /** Windows whose quality is not 'ok' (equals `excluded` unless the import kept flagged windows). */
  flagged: z.number().int(),
})
export type SubjectCounts = z.infer<typeof SubjectCounts>

/** What a finished import reports (also printed by `ecg-ssl import --json`). */
export const ImportReport = z.object({
  dataset: z.string(),
  kind: DatasetKind,
  subjects: z.number().int(),
  recordings: z.number().int(),
  /** All windows stored, including excluded ones. */
  windows: z.number().int(),
  /** Windows flagged (NaN, flat, clipped) and stored with excluded = 1. */
  excluded: z.number().int(),
  /** Windows whose quality is not 'ok' (equals `excluded` unless keepFlagged was set). */
  flagged: z.number().int(),
  skipped: z.array(SkippedItem),
  fs: z.number(),
  windowSamples: z.number().int(),
  overlapPercent: z.number(),
  notes: z.array(z.string()),
  /**
   * What the user must not miss (also among the notes): a sampling rate that gives an implausible
   * heart rate. The CLI prints them on stderr.
   */
  warnings: z.array(z.string()).optional(),
  /** Total duration of the imported recordings at their original rate, in seconds. */
  durationS: z.number(),
  labelNames: z.array(z.string()),
  /** Minimum and maximum observed per numeric label; labels with no numeric value are absent. */
  labelRanges: z.record(z.string(), LabelRange),
  perSubject: z.array(SubjectCounts),
  /** sha256 over the sorted (relative path, sha256) list of source files and the parameters. */
  contentHash: z.string(),
  /** Wall-clock seconds the import took. */
  elapsedS: z.number(),
})
export type ImportReport = z.infer<typeof ImportReport>

/** Phases of an import, in order. */
export const ImportPhase = z.enum(['scanning', 'hashing', 'processing', 'writing'])
export type ImportPhase = z.infer<typeof ImportPhase>

/** A progress event of a long operation; `total` 0 means unknown. */
export const ImportProgress = z.object({
  phase: ImportPhase,
  done: z.number(),
  total: z.number(),
  /** What done/total count: 'bytes' (hashing), 'seconds' of signal (processing), 'windows' (export), 'steps'. */
  unit: z.string(),
  message: z.string(),
})
export type ImportProgress = z.infer<typeof ImportProgress>
