/**
 * The one skeleton of every job process entry (an import, a run, a run's helper, a calibration,
 * a benchmark): the parent watchdog, the channel to the host, the command parsing, the cancel,
 * the one job per process, the failure report and the exit. An entry file says only what its
 * job is.
 */
import type { z } from 'zod'
import { openStore, type Store } from '../store/store.js'
import { watchParent } from './parent-watchdog.js'
import { exitSoon, workerPort } from './worker-port.js'

/** The command every entry understands: abort the job (it then stops at its next check). */
interface Cancel {
  readonly type: 'cancel'
}

/** What the job of an entry is given. */
export interface WorkerContext {
  /** Aborted when the host sends `{ type: 'cancel' }`. */
  readonly signal: AbortSignal
  /** Sends a message up to the host. */
  readonly send: (message: unknown) => void
  /** Opens the store at `dbPath` on the job's own connection; closed when the job ends. */
  readonly openStore: (dbPath: string) => Store
}

export interface WorkerEntry<C extends { readonly type: string }> {
  /** The commands this entry understands; anything else is ignored (it is not ours to answer). */
  readonly commands: z.ZodType<C>
  /** The job of this process: the first start command (later ones are ignored). */
  run(command: Exclude<C, Cancel>, context: WorkerContext): Promise<void>
  /** The message that reports `run`'s failure to the host; undefined when there is nothing to add. */
  failure(error: unknown, command: Exclude<C, Cancel>): unknown
  /** Ends the process as soon as its IPC channel closes (a helper whose run process is gone). */
  readonly exitOnDisconnect?: boolean
}

/** Starts this process as the job process `entry` describes. Call once, at the top of the entry file. */
export function runWorkerEntry<C extends { readonly type: string }>(entry: WorkerEntry<C>): void {
  const port = workerPort()
  // Ends this process within a second of its parent's death, even in the middle of a long step.
  watchParent()
  // Whatever the job stored is complete (each step is one transaction), so stopping is safe.
  if (entry.exitOnDisconnect === true) process.on('disconnect', () => process.exit(0))
  const controller = new AbortController()
  let started = false

  const work = async (command: Exclude<C, Cancel>): Promise<void> => {
    const stores: Store[] = []
    const context: WorkerContext = {
      signal: controller.signal,
      send: (message) => port.send(message),
      openStore: (dbPath) => {
        const store = openStore(dbPath)
        stores.push(store)
        return store
      },
    }
    try {
      await entry.run(command, context)
    } catch (error) {
      const report = entry.failure(error, command)
      if (report !== undefined) port.send(report)
    } finally {
      for (const store of stores) store.close()
      exitSoon()
    }
  }

  port.onCommand((raw) => {
    const parsed = entry.commands.safeParse(raw)
    if (!parsed.success) return
    const command = parsed.data
    if (command.type === 'cancel') {
      controller.abort()
      return
    }
    if (started) return
    started = true
    void work(command as Exclude<C, Cancel>)
  })
}
