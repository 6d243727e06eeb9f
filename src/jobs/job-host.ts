/**
 * Runs jobs in separate processes so the process serving the interface never blocks. The host
 * differs per shell (child_process here, Electron's utilityProcess in electron/); the contract
 * is the same.
 */
import { randomUUID } from 'node:crypto'
import { speakAll } from '../common/wording.js'
import { JobEvent } from '../contracts/api.js'
import type { ImportRequest } from '../contracts/import.js'
import type { JobCommand } from './job-protocol.js'
import { IMPORT_WORKER_FILE } from './job-protocol.js'
import { spawnWorker } from './spawn-worker.js'
import { locateWorker } from '../training/compiled-entry.js'

export interface JobHost {
  /** Starts an import in its own process; events arrive through the host's listener. */
  startImport(request: ImportRequest): { jobId: string }
  /** Generates and imports the synthetic demo dataset in its own process. */
  startDemo(name: string, seed: number): { jobId: string }
  /** Asks a running job to stop; false when no such job runs. */
  cancel(jobId: string): boolean
  /** Jobs still running. */
  running(): string[]
}

/** A job process as the host sees it: something to send commands to. */
export interface JobProcess {
  send(command: JobCommand): void
  kill(): void
}

/** What a shell provides to start a job process and hear from it. */
export type SpawnJobProcess = (workerFile: string, onMessage: (message: unknown) => void, onExit: (code: number | null) => void) => JobProcess

export function newJobId(): string {
  return `job-${randomUUID()}`
}

/**
 * A JobHost over any way of spawning processes. A job whose process dies without a final event
 * is reported as failed, so the interface never waits forever.
 */
export function createJobHost(
  dbPath: string,
  spawn: SpawnJobProcess,
  onEvent: (event: JobEvent) => void,
  workerFile: string = locateWorker(IMPORT_WORKER_FILE),
): JobHost {
  const jobs = new Map<string, JobProcess>()
  const start = (command: (jobId: string) => JobCommand): { jobId: string } => {
    const jobId = newJobId()
    let finished = false
    const child = spawn(
      workerFile,
      (message) => {
        const event = JobEvent.safeParse(message)
        if (!event.success || event.data.jobId !== jobId) return
        if (event.data.type !== 'progress') {
          finished = true
          jobs.delete(jobId)
        }
        // Jobs serve the interface: failures, notes and skipped reasons in the app's words.
        onEvent(speakAll(event.data, 'app'))
      },
      (code) => {
        jobs.delete(jobId)
        if (!finished) onEvent({ type: 'failed', jobId, cancelled: false, message: `The import process stopped unexpectedly (exit code ${code ?? 'none'}); nothing was written. Try again, and report it if it happens again.` })
      },
    )
    jobs.set(jobId, child)
    child.send(command(jobId))
    return { jobId }
  }
  return {
    startImport: (request) => start((jobId) => ({ type: 'start', jobId, dbPath, request })),
    startDemo: (name, seed) => start((jobId) => ({ type: 'start-demo', jobId, dbPath, name, seed })),
    cancel(jobId) {
      const child = jobs.get(jobId)
      if (child === undefined) return false
      child.send({ type: 'cancel' })
      return true
    },
    running: () => [...jobs.keys()],
  }
}

/** Spawns job processes with child_process.fork (CLI, browser mode, tests). */
export const forkJobProcess: SpawnJobProcess = (workerFile, onMessage, onExit) => {
  const child = spawnWorker(workerFile)
  child.on('message', onMessage)
  child.on('exit', (code) => onExit(code))
  return {
    send: (command) => {
      if (child.connected) child.send(command)
    },
    kill: () => child.kill(),
  }
}
