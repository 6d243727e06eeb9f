/**
 * A job process (import, run, a run's helper) must not outlive the process that started it, even
 * while its JavaScript thread sits inside one long synchronous WebAssembly step (a training step
 * can take a minute) and so cannot hear an IPC 'disconnect'. A tiny worker thread polls the parent
 * process id: when the parent is gone (the process was re-parented), it kills its own process.
 */
import { Worker } from 'node:worker_threads'

/** How often the parent is checked; a process notices a dead parent within this (plus scheduling). */
export const PARENT_POLL_MS = 250

// Plain JavaScript evaluated in the thread: it must not depend on the compiled tree.
const WATCHDOG_SOURCE = `
const { workerData } = require('node:worker_threads')
setInterval(() => {
  if (process.ppid !== workerData.parent) process.kill(process.pid, 'SIGKILL')
}, workerData.everyMs)
`

/** Starts the watchdog of this process (once); it never keeps the process alive by itself. */
export function watchParent(everyMs = PARENT_POLL_MS): void {
  if (started) return
  started = true
  const worker = new Worker(WATCHDOG_SOURCE, { eval: true, workerData: { parent: process.ppid, everyMs } })
  worker.unref()
}

let started = false
