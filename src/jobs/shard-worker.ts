/** Entry of a run's helper process (see shards.ts): evaluates its shard of the folds. */
import { CancelledError } from '../common/input-error.js'
import { executeShard } from '../services/run-service.js'
import { openStore, type Store } from '../store/store.js'
import { ShardCommand, type ShardReport } from './shards.js'
import { exitSoon, workerPort } from './worker-port.js'
import { watchParent } from './parent-watchdog.js'

const port = workerPort()
// Ends this process within a second of its parent's death, even in the middle of a long step.
watchParent()
const controller = new AbortController()
let started = false

// A helper without its run process (killed, crashed) has no one to report to: stop at once.
// Whatever it stored is complete (each fold is one transaction) and a resume reuses it.
process.on('disconnect', () => process.exit(0))

port.onCommand((raw) => {
  const parsed = ShardCommand.safeParse(raw)
  if (!parsed.success) return
  const command = parsed.data
  if (command.type === 'cancel') controller.abort()
  else if (!started) {
    started = true
    void run(command)
  }
})

async function run(command: Extract<ShardCommand, { type: 'shard' }>): Promise<void> {
  let store: Store | undefined
  const send = (report: ShardReport): void => port.send(report)
  try {
    store = openStore(command.dbPath)
    let lastBusy = true
    const onBusy = (busy: boolean): void => {
      if (busy === lastBusy) return
      lastBusy = busy
      send({ type: 'shard-busy', index: command.index, busy })
    }
    await executeShard(store, command.runId, { index: command.index, count: command.count }, command.backend, controller.signal, onBusy, command.workers)
    send({ type: 'shard-done', index: command.index })
  } catch (error) {
    send({ type: 'shard-failed', index: command.index, message: (error as Error).message, cancelled: error instanceof CancelledError })
  } finally {
    store?.close()
    exitSoon()
  }
}
