/**
 * Contracts for window review (annotators flag windows, see their beats and whole recordings) and
 * transformation tuning (the seven METHOD §3 variants of one window under chosen parameters).
 */
import { z } from 'zod'
import { WindowFilterQuery, WindowFlag, WindowInfo } from './datasets.js'
import { DatasetName } from './import.js'
import { DEFAULT_SEED } from './presets.js'
import { TransformParamsSchema } from './transform-params.js'

const Index = z.number({ error: 'the window index must be a whole number' }).int({ error: 'the window index must be a whole number' }).min(0, { error: 'the window index must be 0 or more' })
const Samples = z.custom<Float32Array>((v) => v instanceof Float32Array, { error: 'expected a Float32Array' })

/** One window of a dataset. */
export const WindowRef = z.object({ name: DatasetName, index: Index }).strict()
export type WindowRef = z.infer<typeof WindowRef>

/** Set (or clear, with null) a window's flag; the annotator's name is kept with the change. */
export const WindowFlagRequest = z
  .object({
    name: DatasetName,
    index: Index,
    flag: WindowFlag.nullable(),
    annotator: z.string({ error: 'the annotator name is required' }).trim().min(1, { error: 'the annotator name must not be empty' }).max(100, { error: 'the annotator name must be at most 100 characters' }),
  })
  .strict()
export type WindowFlagRequest = z.input<typeof WindowFlagRequest>

/** One change of a window's flag: who set what when (null flag: cleared). */
export const FlagEvent = z.object({ flag: WindowFlag.nullable(), annotator: z.string(), at: z.string() })
export type FlagEvent = z.infer<typeof FlagEvent>

/** The beat check of a window's R peaks: uncertain beats, beat-to-beat rate range, a warning. */
export const BeatCheck = z.object({
  /** Positions in rPeaks of the beats whose RR interval is implausible next to their neighbours. */
  uncertain: z.array(z.number().int()),
  /** Slowest and fastest beat-to-beat rate, bpm; null with fewer than two beats. */
  minBpm: z.number().nullable(),
  maxBpm: z.number().nullable(),
  /** One plain sentence when the beat-to-beat rate varies beyond physiology, else null. */
  warning: z.string().nullable(),
})
export type BeatCheck = z.infer<typeof BeatCheck>

/** A window with what review draws: its samples, beats and heart rate. */
export const WindowDetail = z.object({
  info: WindowInfo,
  /** The row id of the recording the window belongs to (for recordings:overview). */
  recordingId: z.number().int(),
  /** Sampling rate of the samples, Hz. */
  fs: z.number(),
  samples: Samples,
  /** Sample indices of the R peaks found in the window (Pan–Tompkins, src/signal/r-peaks.ts). */
  rPeaks: z.array(z.number().int()),
  /** Mean heart rate over the window, beats per minute; null with fewer than two beats. */
  heartRateBpm: z.number().nullable(),
  /** How sure the beats are (src/signal/beat-plausibility.ts). */
  beats: BeatCheck,
})
export type WindowDetail = z.infer<typeof WindowDetail>

/** A recording of a dataset, as review lists them. */
export const RecordingSummary = z.object({
  id: z.number().int(),
  subject: z.string(),
  trial: z.string(),
  channel: z.string(),
  durationS: z.number(),
  windows: z.number().int(),
  excluded: z.number().int(),
  /** Dataset index of the recording's first window (-1 when it has none). */
  firstIndex: z.number().int(),
})
export type RecordingSummary = z.infer<typeof RecordingSummary>

/** Ask for a recording's signal between two times, at most maxPoints points for drawing. */
export const RecordingOverviewQuery = z
  .object({
    name: DatasetName,
    recordingId: z.number({ error: 'the recording id must be a whole number' }).int({ error: 'the recording id must be a whole number' }).min(0, { error: 'the recording id must be 0 or more' }),
    fromS: z.number({ error: 'fromS must be a number of seconds' }).min(0, { error: 'fromS must be 0 or more' }).default(0),
    /** End time in seconds; omitted: the end of the recording. */
    toS: z.number({ error: 'toS must be a number of seconds' }).min(0, { error: 'toS must be 0 or more' }).optional(),
    maxPoints: z.number({ error: 'maxPoints must be a whole number' }).int({ error: 'maxPoints must be a whole number' }).min(100, { error: 'maxPoints must be between 100 and 100000' }).max(100_000, { error: 'maxPoints must be between 100 and 100000' }).default(4000),
  })
  .strict()
export type RecordingOverviewQuery = z.input<typeof RecordingOverviewQuery>

/**
 * Ask for the window of a recording at a time (a click on its overview), among the windows that
 * review's filters keep: the one whose span holds the time, or else the nearest.
 */
export const WindowAtTimeQuery = WindowFilterQuery.extend({
  recordingId: z.number({ error: 'the recording id must be a whole number' }).int({ error: 'the recording id must be a whole number' }).min(0, { error: 'the recording id must be 0 or more' }),
  timeS: z.number({ error: 'the time must be a number of seconds' }).min(0, { error: 'the time must be 0 s or more' }),
}).strict()
export type WindowAtTimeQuery = z.input<typeof WindowAtTimeQuery>

/** That window: its dataset index and its position in the filtered list (windows:page order). */
export const WindowPlace = z.object({ index: z.number().int(), position: z.number().int() })
export type WindowPlace = z.infer<typeof WindowPlace>

/**
 * A recording's windows joined in time: every sample when the span holds at most maxPoints of
 * them, otherwise the minimum and maximum of each of maxPoints/2 equal time buckets (in time
 * order), which keeps every QRS visible as a spike where plain decimation would drop it.
 */
export const RecordingOverview = z.object({
  recordingId: z.number().int(),
  fs: z.number(),
  fromS: z.number(),
  toS: z.number(),
  /** Recording length covered by its windows, seconds. */
  durationS: z.number(),
  downsampled: z.boolean(),
  /** Seconds from the recording start of each point. */
  times: Samples,
  values: Samples,
})
export type RecordingOverview = z.infer<typeof RecordingOverview>

/** Adjustable transformation parameters, any subset, each within the range of contracts/transform-params.ts. */
export const TransformParamsInput = TransformParamsSchema.partial().strict()
export type TransformParamsInput = z.infer<typeof TransformParamsInput>

/** Ask for the seven variants of one window. */
export const TransformPreviewRequest = z
  .object({
    name: DatasetName,
    index: Index,
    params: TransformParamsInput.default({}),
    seed: z.number({ error: 'the seed must be a whole number' }).int({ error: 'the seed must be a whole number' }).min(0, { error: 'the seed must be between 0 and 2147483647' }).max(2_147_483_647, { error: 'the seed must be between 0 and 2147483647' }).default(DEFAULT_SEED),
  })
  .strict()
export type TransformPreviewRequest = z.input<typeof TransformPreviewRequest>

/** The original and its six transformations in METHOD §3 order, with the parameters used. */
export const TransformPreview = z.object({
  names: z.array(z.string()),
  fs: z.number(),
  variants: z.array(Samples),
  params: TransformParamsSchema,
})
export type TransformPreview = z.infer<typeof TransformPreview>
