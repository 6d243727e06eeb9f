/**
 * Entry of a run's helper process (see shards.ts): evaluates its shard of the folds. The skeleton
 * (watchdog, commands, exit) is worker-entry.ts.
 */
import { CancelledError } from '../common/input-error.js'
import { executeShard } from '../services/run-service.js'
import { ShardCommand, type ShardReport } from './shards.js'
import { runWorkerEntry } from './worker-entry.js'

runWorkerEntry({
  commands: ShardCommand,
  // A helper without its run process (killed, crashed) has no one to report to: stop at once.
  // Whatever it stored is complete (each fold is one transaction) and a resume reuses it.
  exitOnDisconnect: true,
  async run(command, { signal, send, openStore }) {
    const report = (message: ShardReport): void => send(message)
    const store = openStore(command.dbPath)
    let lastBusy = true
    const onBusy = (busy: boolean): void => {
      if (busy === lastBusy) return
      lastBusy = busy
      report({ type: 'shard-busy', index: command.index, busy })
    }
    await executeShard(store, command.runId, { index: command.index, count: command.count }, command.backend, signal, onBusy, command.workers)
    report({ type: 'shard-done', index: command.index })
  },
  failure: (error, command): ShardReport => ({ type: 'shard-failed', index: command.index, message: (error as Error).message, cancelled: error instanceof CancelledError }),
})
