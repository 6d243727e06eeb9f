/**
 * Requests of the experiment calls of the API (runs and the demo). The shapes of runs themselves
 * are in runs.ts.
 */
import { z } from 'zod'
import { DatasetName } from './import.js'
import { DEFAULT_SEED } from './presets.js'
import { Binarisation } from './runs.js'

export const RunId = z.number({ error: 'the run id must be a number' }).int({ error: 'the run id must be a whole number' }).min(1, { error: 'the run id must be 1 or more' })

/**
 * The run number a piece of text names — "12", "#12", with spaces around — or null: how the CLI's
 * arguments and the Results view's link (?run=12) read a run, one rule for both.
 */
export function parseRunNumber(text: unknown): number | null {
  if (typeof text !== 'string') return null
  const m = /^#?(\d{1,9})$/.exec(text.trim())
  const id = m?.[1] === undefined ? 0 : Number(m[1])
  return id >= 1 ? id : null
}

export const RunRef = z.object({ id: RunId }).strict()
export type RunRef = z.infer<typeof RunRef>

/** Create a run from a config (validated by the service with ExperimentConfig); queue it unless `start` is false. */
export const RunCreateRequest = z.object({ config: z.unknown(), start: z.boolean().default(true) }).strict()
export type RunCreateRequest = z.infer<typeof RunCreateRequest>

export const RunCreated = z.object({ runId: z.number().int(), queued: z.boolean() })
export type RunCreated = z.infer<typeof RunCreated>

/** Where a run stands in this app's queue. */
export const RunQueueState = z.object({ running: z.number().int().nullable(), queued: z.array(z.number().int()) })
export type RunQueueState = z.infer<typeof RunQueueState>

/** A results export of one run, as text the interface saves or copies. */
export const RunExportRequest = z.object({ id: RunId, format: z.enum(['csv', 'latex', 'html'], { error: 'the export format must be csv, latex or html' }) }).strict()
export type RunExportRequest = z.infer<typeof RunExportRequest>
export const RunExport = z.object({ fileName: z.string(), mime: z.string(), text: z.string() })
export type RunExport = z.infer<typeof RunExport>

/** "Try with demo data": import the synthetic dataset (a job) unless it is already there. */
export const DemoRequest = z.object({ name: DatasetName.default('demo'), seed: z.number().int().min(0).max(2 ** 31 - 1).default(DEFAULT_SEED) }).strict()
export type DemoRequest = z.infer<typeof DemoRequest>
export const DemoStarted = z.object({ dataset: z.string(), jobId: z.string().nullable() })
export type DemoStarted = z.infer<typeof DemoStarted>

/** How a task's label would split into classes over a dataset's trainable windows (the form shows it before a run). */
export const TaskBalanceRequest = z.object({
  dataset: z.string().min(1),
  label: z.string().min(1),
  binarisation: Binarisation,
}).strict()
export type TaskBalanceRequest = z.infer<typeof TaskBalanceRequest>

export const TaskBalance = z.object({
  /** Each class with its windows, in class order. */
  classes: z.array(z.object({ name: z.string(), windows: z.number().int() })),
  /** Windows without a value for the label. */
  missing: z.number().int(),
  /** The rule in words, e.g. "arousal high when > 4.87 (dataset mean)". */
  description: z.string(),
})
export type TaskBalance = z.infer<typeof TaskBalance>
