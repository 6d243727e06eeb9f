/**
 * The one way a job process (import, run, a run's helper, a calibration, a benchmark) is forked
 * with Node's child_process: an IPC channel with structured-clone serialization (typed arrays
 * cross intact), stdout dropped, stderr shared. Electron's shell forks its own with utilityProcess instead
 * (electron/utility-job-host.ts); the worker file is found by locateWorker either way.
 */
import { fork, type ChildProcess } from 'node:child_process'

/** Forks the compiled entry `workerFile` (see locateWorker). */
export function spawnWorker(workerFile: string): ChildProcess {
  // Inside Electron (the main or a utility process) process.execPath is Electron: run it as plain Node.
  const env = process.versions.electron === undefined ? process.env : { ...process.env, ELECTRON_RUN_AS_NODE: '1' }
  return fork(workerFile, [], { env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'], serialization: 'advanced' })
}
