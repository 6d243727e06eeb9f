/**
 * The small typed protocol between a host (CLI, Electron main, browser-mode server) and a job
 * process. Commands go down, JobEvents (src/contracts/api.ts) come up.
 */
import { z } from 'zod'
import { ImportRequest } from '../contracts/import.js'

export const JobCommand = z.discriminatedUnion('type', [
  z.object({ type: z.literal('start'), jobId: z.string(), dbPath: z.string(), request: ImportRequest }),
  z.object({ type: z.literal('cancel') }),
])
export type JobCommand = z.infer<typeof JobCommand>

/** Where the compiled job entry lives, relative to this module (out/src/jobs/). */
export const IMPORT_WORKER_FILE = new URL('./import-worker.js', import.meta.url)
