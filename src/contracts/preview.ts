/** Contracts of the channel preview shown before an import (CLI `channels`, the import wizard). */
import { z } from 'zod'
import { DatasetKind, ImportRequest } from './import.js'

export const ChannelPreviewRequest = z.object({
  kind: DatasetKind,
  path: z.string({ error: 'the path to preview is required' }).min(1, { error: 'the path to preview must not be empty' }),
  /** The channel the import would be asked for, to check it resolves (the import's own rule). */
  channel: ImportRequest.shape.channel,
  /** The sampling rate, checked as the import checks it. */
  fs: ImportRequest.shape.fs,
}).strict()
export type ChannelPreviewRequest = z.infer<typeof ChannelPreviewRequest>

export const PreviewChannel = z.object({
  index: z.number().int(),
  name: z.string(),
  unit: z.string(),
  fs: z.number(),
  sampleCount: z.number().int(),
  /** Statistics over the first seconds, where the format makes them cheap (SWELL). */
  stats: z.object({ min: z.number(), max: z.number(), mean: z.number(), std: z.number(), allZero: z.boolean() }).optional(),
})
export type PreviewChannel = z.infer<typeof PreviewChannel>

export const ChannelPreview = z.object({
  kind: DatasetKind,
  /** The file the channels were read from (the first of a folder). */
  file: z.string(),
  channels: z.array(PreviewChannel),
  /** The channel an import would use with the given (or no) channel option. */
  chosen: z.object({ index: z.number().int(), name: z.string(), why: z.string() }).nullable(),
  /** Why no channel could be chosen, when `chosen` is null: what to pass as the channel. */
  problem: z.string().nullable(),
  /**
   * What the user must not miss before importing, in the sentences the import notes: the reader's
   * warnings about the file (a segment with no signal, an incomplete last record) and a sampling
   * rate that gives an implausible heart rate. Absent when there is none.
   */
  warnings: z.array(z.string()).optional(),
})
export type ChannelPreview = z.infer<typeof ChannelPreview>
