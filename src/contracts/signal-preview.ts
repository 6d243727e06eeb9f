/**
 * Contracts of the signal preview of the import wizard: the first seconds of the ECG an import
 * would take, so the researcher sees it is an ECG (and the right lead) before importing.
 */
import { z } from 'zod'
import { ChannelPreviewRequest } from './preview.js'

export const SignalPreviewRequest = ChannelPreviewRequest.extend({
  /** Optional labels file, as for the import (it may decide subjects and trials). */
  labels: z.string().min(1).optional(),
  /** Seconds to return from the start of the first recording, 1 to 60 (default 10). */
  seconds: z.number().min(1, { error: 'the preview length must be 1 to 60 seconds' }).max(60, { error: 'the preview length must be 1 to 60 seconds' }).optional(),
}).strict()
export type SignalPreviewRequest = z.infer<typeof SignalPreviewRequest>

export const SignalPreview = z.object({
  subject: z.string(),
  trial: z.string(),
  channel: z.string(),
  /** Sampling rate of `samples`, the recording's own. */
  fs: z.number(),
  /** Physical units as the file gives them, before any filtering. */
  samples: z.custom<Float32Array>((v) => v instanceof Float32Array),
  /** Recordings the import would take (all subjects). */
  recordings: z.number().int(),
  /** Total seconds of the first recording. */
  durationS: z.number(),
})
export type SignalPreview = z.infer<typeof SignalPreview>
