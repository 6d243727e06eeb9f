/**
 * Entry of a training job process: executes (or resumes) one run with its own heap, crash
 * boundary and SQLite connection, and reports RunEvents to the host. A crash or a kill leaves the
 * run's completed epochs and folds in the store; the host's next listing marks it interrupted.
 * The skeleton (watchdog, commands, exit) is worker-entry.ts.
 */
import type { RunEvent } from '../contracts/runs.js'
import { executeRun } from '../services/run-service.js'
import { RunJobCommand } from './job-protocol.js'
import { runWorkerEntry } from './worker-entry.js'
import { InputError } from '../common/input-error.js'

// The run's final state is said once: a cancelled run is "interrupted", never also "failed".
let ended = false

runWorkerEntry({
  commands: RunJobCommand,
  async run(command, { signal, send, openStore }) {
    const onEvent = (event: RunEvent): void => {
      if (event.type === 'state' && event.state !== 'running') ended = true
      send(event)
    }
    const store = openStore(command.dbPath)
    // Progress every 250 ms at most: the interface batches further.
    await executeRun(store, command.runId, { signal, onEvent, throttleMs: 250 })
  },
  // executeRun has stored and reported the state; errors before it (store, run lookup) have not.
  failure: (error, command): RunEvent | undefined => (ended ? undefined : { type: 'state', runId: command.runId, state: 'failed', error: error instanceof InputError ? error.text : (error as Error).message }),
})
