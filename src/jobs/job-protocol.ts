/**
 * The small typed protocol between a host (CLI, Electron main, browser-mode server) and a job
 * process. Commands go down; JobEvents (imports) or RunEvents (training) come up.
 */
import { z } from 'zod'
import { ImportRequest } from '../contracts/import.js'

export const JobCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), jobId: z.string(), dbPath: z.string(), request: ImportRequest }),
  z.object({ type: z.literal('start-demo'), jobId: z.string(), dbPath: z.string(), name: z.string(), seed: z.number().int() }),
  z.object({ type: z.literal('start-run'), runId: z.number().int(), dbPath: z.string() }),
  z.object({ type: z.literal('cancel') }),
])
export type JobCommand = z.infer<typeof JobCommand>

/** Where the compiled job entries live, relative to this module (out/src/jobs/). */
export const IMPORT_WORKER_FILE = new URL('./import-worker.js', import.meta.url)
export const RUN_WORKER_FILE = new URL('./run-worker.js', import.meta.url)
