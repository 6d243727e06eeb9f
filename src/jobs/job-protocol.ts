/**
 * The small typed protocol between a host (CLI, Electron main, browser-mode server) and a job
 * process. Commands go down; JobEvents (imports) or RunEvents (training) come up.
 */
import { z } from 'zod'
import type { ImportRequest } from '../contracts/import.js'

// The import request was validated where it entered (the API router): the job trusts its host.
const Start = z.object({ type: z.literal('start'), jobId: z.string(), dbPath: z.string(), request: z.custom<ImportRequest>((v) => typeof v === 'object' && v !== null) })
const StartDemo = z.object({ type: z.literal('start-demo'), jobId: z.string(), dbPath: z.string(), name: z.string(), seed: z.number().int() })
const StartRun = z.object({ type: z.literal('start-run'), runId: z.number().int(), dbPath: z.string() })
const Cancel = z.object({ type: z.literal('cancel') })

/** The commands of an import job process (jobs/import-worker.ts). */
export const ImportJobCommand = z.discriminatedUnion('type', [Start, StartDemo, Cancel])
export type ImportJobCommand = z.infer<typeof ImportJobCommand>
/** The commands of a training job process (jobs/run-worker.ts). */
export const RunJobCommand = z.discriminatedUnion('type', [StartRun, Cancel])
export type RunJobCommand = z.infer<typeof RunJobCommand>
/** Every command a host sends a job process. */
export const JobCommand = z.discriminatedUnion('type', [Start, StartDemo, StartRun, Cancel])
export type JobCommand = z.infer<typeof JobCommand>

/** Where the compiled job entries live, relative to this module (out/src/jobs/). */
export const IMPORT_WORKER_FILE = new URL('./import-worker.js', import.meta.url)
export const RUN_WORKER_FILE = new URL('./run-worker.js', import.meta.url)
