/**
 * Contracts for browsing, exporting and deleting imported datasets. Types come from the schemas.
 */
import { z } from 'zod'
import { term } from '../common/wording.js'
import { DatasetKind, DatasetName, LabelRange, SkippedItem, SubjectCounts } from './import.js'

/** A dataset as listed by `ecg-ssl datasets`. */
export const DatasetSummary = z.object({
  name: z.string(),
  kind: DatasetKind,
  /** ISO 8601 time of the import. */
  createdAt: z.string(),
  sourcePath: z.string(),
  subjects: z.number().int(),
  recordings: z.number().int(),
  windows: z.number().int(),
  excluded: z.number().int(),
  fs: z.number(),
  windowSamples: z.number().int(),
  overlapPercent: z.number(),
  contentHash: z.string(),
})
export type DatasetSummary = z.infer<typeof DatasetSummary>

/** A source file of an import, with its content hash (provenance). */
export const SourceFile = z.object({ path: z.string(), bytes: z.number().int(), sha256: z.string() })
export type SourceFile = z.infer<typeof SourceFile>

/** Everything the store knows about one dataset. */
export const DatasetDetail = DatasetSummary.extend({
  appVersion: z.string(),
  /** All preprocessing parameters used (PreprocessParams of src/signal/preprocess.ts). */
  preprocessing: z.record(z.string(), z.number()),
  labelNames: z.array(z.string()),
  labelScales: z.record(z.string(), LabelRange),
  labelRanges: z.record(z.string(), LabelRange),
  notes: z.array(z.string()),
  skipped: z.array(SkippedItem),
  durationS: z.number(),
  /** Options the import was run with (channel, fs, labels file, keepFlagged). */
  options: z.record(z.string(), z.unknown()),
  perSubject: z.array(SubjectCounts),
  sources: z.array(SourceFile),
})
export type DatasetDetail = z.infer<typeof DatasetDetail>

/**
 * The import's quality verdict on a window (METHOD §2): ok, or why it is excluded from training
 * (NaN samples, a flat line, clipping).
 */
export const WindowQuality = z.enum(['ok', 'nan', 'flat', 'clipped'])
export type WindowQuality = z.infer<typeof WindowQuality>

/** An annotator's verdict on a window (window review); windows not reviewed have none. */
export const WINDOW_FLAGS = ['good', 'noisy', 'artifact', 'unusable'] as const
export const WindowFlag = z.enum(WINDOW_FLAGS, { error: `the flag must be one of ${WINDOW_FLAGS.join(', ')}` })
export type WindowFlag = z.infer<typeof WindowFlag>

/** Filter on the flag: one verdict, or 'unreviewed' for windows without one. */
export const WindowFlagFilter = z.enum([...WINDOW_FLAGS, 'unreviewed'], { error: `the flag filter must be one of ${[...WINDOW_FLAGS, 'unreviewed'].join(', ')}` })
export type WindowFlagFilter = z.infer<typeof WindowFlagFilter>

/** A dataset's windows under review's filters (all given ones must hold). */
export const WindowFilterQuery = z.object({
  name: DatasetName,
  /** Only windows of this subject code. */
  subject: z.string().min(1).optional(),
  /** Only windows of this trial (recording) name. */
  trial: z.string().min(1).optional(),
  /** Only windows having this label (not missing); with labelValue, only that value of it. */
  labelKey: z.string().min(1).optional(),
  labelValue: z.union([z.number(), z.string()]).optional(),
  /** Only windows with this flag, or without any ('unreviewed'). */
  flag: WindowFlagFilter.optional(),
})

/** Ask for one page of a dataset's windows (metadata only, no samples). */
export const WindowQuery = WindowFilterQuery.extend({
  offset: z.number({ error: `${term('offset')} must be a whole number` }).int({ error: `${term('offset')} must be a whole number` }).min(0, { error: `${term('offset')} must be 0 or more` }).default(0),
  limit: z.number({ error: `${term('limit')} must be a whole number` }).int({ error: `${term('limit')} must be a whole number` }).min(1, { error: `${term('limit')} must be between 1 and 100000` }).max(100_000, { error: `${term('limit')} must be between 1 and 100000` }).default(20),
  /** Only windows after this dataset index: cursor paging, which stays put while flags change. */
  afterIndex: z.number({ error: 'afterIndex must be a whole number' }).int({ error: 'afterIndex must be a whole number' }).min(-1, { error: 'afterIndex must be -1 or more' }).optional(),
})
export type WindowQuery = z.input<typeof WindowQuery>

/** One window's metadata. */
export const WindowInfo = z.object({
  /** Dataset-wide 0-based position: the row of this window in the exported windows.npy. */
  index: z.number().int(),
  subject: z.string(),
  trial: z.string(),
  /** Start within its recording, in seconds. */
  startS: z.number(),
  labels: z.record(z.string(), z.union([z.number(), z.string(), z.null()])),
  quality: WindowQuality,
  excluded: z.boolean(),
  /** The annotator's flag; absent while the window is not reviewed. */
  flag: WindowFlag.optional(),
})
export type WindowInfo = z.infer<typeof WindowInfo>

/** A page of windows; `total` counts all windows matching the query (subject filter included). */
export const WindowPage = z.object({
  dataset: z.string(),
  total: z.number().int(),
  offset: z.number().int(),
  limit: z.number().int(),
  windows: z.array(WindowInfo),
})
export type WindowPage = z.infer<typeof WindowPage>

/** Ask to export a dataset to NumPy + CSV files. */
export const ExportRequest = z.object({
  name: DatasetName,
  /** Folder to write windows.npy and windows.csv into; created when missing. */
  outDir: z.string({ error: 'the output folder (--out) is required' }).min(1, { error: 'the output folder (--out) must not be empty' }),
  /** Replace windows.npy / windows.csv when they already exist. */
  overwrite: z.boolean().optional(),
})
export type ExportRequest = z.infer<typeof ExportRequest>

/** What an export wrote. */
export const ExportResult = z.object({
  dataset: z.string(),
  windows: z.number().int(),
  windowSamples: z.number().int(),
  npy: z.string(),
  csv: z.string(),
  bytes: z.number().int(),
})
export type ExportResult = z.infer<typeof ExportResult>

/** Give a dataset another name; runs that used it follow (their configs, hashes and results). */
export const DatasetRenameRequest = z.object({ name: DatasetName, newName: DatasetName }).strict()
export type DatasetRenameRequest = z.infer<typeof DatasetRenameRequest>

/** What a rename changed. */
export const DatasetRenamed = z.object({
  dataset: z.string(),
  previous: z.string(),
  /** Runs whose records now name the dataset by its new name. */
  runs: z.number().int(),
})
export type DatasetRenamed = z.infer<typeof DatasetRenamed>

/** How a dataset's windows spread over the values of one label (the dataset page, the import summary). */
export const LabelBalance = z.object({
  label: z.string(),
  /** How the buckets were formed, in words. */
  rule: z.string(),
  /** Each value or range with its windows; "missing" counts windows without the label. */
  buckets: z.array(z.object({ name: z.string(), windows: z.number().int() })),
})
export type LabelBalance = z.infer<typeof LabelBalance>

/** What a delete removed. */
export const DeleteResult = z.object({
  dataset: z.string(),
  deleted: z.boolean(),
  windows: z.number().int(),
})
export type DeleteResult = z.infer<typeof DeleteResult>
