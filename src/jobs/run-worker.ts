/**
 * Entry of a training job process: executes (or resumes) one run with its own heap, crash
 * boundary and SQLite connection, and reports RunEvents to the host. A crash or a kill leaves the
 * run's completed epochs and folds in the store; the host's next listing marks it interrupted.
 */
import type { RunEvent } from '../contracts/runs.js'
import { executeRun } from '../services/run-service.js'
import { openStore, type Store } from '../store/store.js'
import { JobCommand } from './job-protocol.js'
import { exitSoon, workerPort } from './worker-port.js'
import { watchParent } from './parent-watchdog.js'
import { InputError } from '../common/input-error.js'

const port = workerPort()
// Ends this process within a second of its parent's death, even in the middle of a long step.
watchParent()
const controller = new AbortController()
let started = false

port.onCommand((raw) => {
  const parsed = JobCommand.safeParse(raw)
  if (!parsed.success) return
  const command = parsed.data
  if (command.type === 'cancel') controller.abort()
  else if (command.type === 'start-run' && !started) {
    started = true
    void run(command.runId, command.dbPath)
  }
})

async function run(runId: number, dbPath: string): Promise<void> {
  let store: Store | undefined
  // The run's final state is said once: a cancelled run is "interrupted", never also "failed".
  let ended = false
  const send = (event: RunEvent): void => {
    if (event.type === 'state' && event.state !== 'running') ended = true
    port.send(event)
  }
  try {
    store = openStore(dbPath)
    // Progress every 250 ms at most: the interface batches further.
    await executeRun(store, runId, { signal: controller.signal, onEvent: send, throttleMs: 250 })
  } catch (error) {
    // executeRun has stored and reported the state; errors before it (store, run lookup) have not.
    if (!ended) send({ type: 'state', runId, state: 'failed', error: error instanceof InputError ? error.text : (error as Error).message })
  } finally {
    store?.close()
    exitSoon()
  }
}
