/**
 * The app's training queue: runs execute one at a time (training takes the whole CPU), each in
 * its own trainer process, in the order they were queued. Cancelling a running run stops its
 * process at the next training pass (or ends it after RUN_CANCEL_GRACE_MS), keeping what it
 * completed (it can be resumed); cancelling a queued
 * one just takes it out of the queue.
 */
import { RunEvent } from '../contracts/runs.js'
import type { RunQueueState } from '../contracts/run-api.js'
import type { JobProcess, SpawnJobProcess } from './job-host.js'
import { RUN_WORKER_FILE } from './job-protocol.js'
import { locateWorker } from '../training/compiled-entry.js'
import { speakAll } from '../common/wording.js'

/**
 * How long a cancelled run's process may take to store its state and exit by itself before the
 * queue ends it: it hears a cancel between training passes and gives its helpers
 * SHARD_CANCEL_GRACE_MS, so this is reached only when a single computation runs long. Whatever
 * it stored is complete (every epoch and fold is one transaction); the listing then marks it
 * interrupted, and a resume goes on from there.
 */
export const RUN_CANCEL_GRACE_MS = 6000

export interface RunQueue {
  /** Adds a run to the queue (no-op if it is queued or running already). */
  enqueue(runId: number): void
  /** Stops a running run or unqueues a waiting one; false if it is neither. */
  cancel(runId: number): boolean
  state(): RunQueueState
}

export function createRunQueue(
  dbPath: string,
  spawn: SpawnJobProcess,
  onEvent: (event: RunEvent) => void,
  workerFile: string = locateWorker(RUN_WORKER_FILE),
): RunQueue {
  const queued: number[] = []
  let running: { runId: number; child: JobProcess; cancelled: boolean; stopAfterGrace: () => void } | undefined

  const next = (): void => {
    if (running !== undefined) return
    const runId = queued.shift()
    if (runId === undefined) return
    let ended = false
    let killTimer: ReturnType<typeof setTimeout> | undefined
    const child = spawn(
      workerFile,
      (message) => {
        const event = RunEvent.safeParse(message)
        if (!event.success || event.data.runId !== runId) return
        if (event.data.type === 'state' && event.data.state !== 'running') ended = true
        // Runs serve the interface: a failure's sentence in the app's words.
        onEvent(speakAll(event.data, 'app'))
      },
      (code) => {
        if (killTimer !== undefined) clearTimeout(killTimer)
        if (!ended) {
          // Stopped by a cancel (see cancel below) or by something else: both keep what completed.
          const error = running?.cancelled === true ? null : `The training process stopped unexpectedly (exit code ${code ?? 'none'}); completed epochs are kept, so the run can be resumed.`
          onEvent({ type: 'state', runId, state: 'interrupted', error })
        }
        running = undefined
        next()
      },
    )
    running = {
      runId,
      child,
      cancelled: false,
      stopAfterGrace: () => {
        killTimer ??= setTimeout(() => {
          if (!ended) child.kill()
        }, RUN_CANCEL_GRACE_MS)
      },
    }
    child.send({ type: 'start-run', runId, dbPath })
  }

  return {
    enqueue(runId) {
      if (running?.runId === runId || queued.includes(runId)) return
      queued.push(runId)
      next()
    },
    cancel(runId) {
      if (running?.runId === runId) {
        running.cancelled = true
        running.child.send({ type: 'cancel' })
        running.stopAfterGrace()
        return true
      }
      const at = queued.indexOf(runId)
      if (at < 0) return false
      queued.splice(at, 1)
      return true
    },
    state: () => ({ running: running?.runId ?? null, queued: [...queued] }),
  }
}
