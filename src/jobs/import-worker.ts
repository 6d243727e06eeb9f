/**
 * Entry of an import job process: one job per process, its own heap and crash boundary, its own
 * SQLite connection. Started by child_process.fork (CLI, browser mode) or Electron's
 * utilityProcess.fork (desktop app); it speaks through whichever channel it was given.
 */
import type { JobEvent } from '../contracts/api.js'
import type { ImportProgress, ImportReport } from '../contracts/import.js'
import { CancelledError, InputError } from '../common/input-error.js'
import { importDataset } from '../services/import-service.js'
import { openStore, type Store } from '../store/store.js'
import { JobCommand } from './job-protocol.js'
import { exitSoon, workerPort } from './worker-port.js'
import { ensureDemoDataset } from '../services/demo-service.js'
import { watchParent } from './parent-watchdog.js'

const port = workerPort()
// Ends this process within a second of its parent's death, even in the middle of a long step.
watchParent()
const controller = new AbortController()
let started = false

port.onCommand((raw) => {
  const parsed = JobCommand.safeParse(raw)
  if (!parsed.success) return
  const command = parsed.data
  if (command.type === 'cancel') {
    controller.abort()
    return
  }
  if (started) return
  started = true
  if (command.type === 'start-demo') void run(command.jobId, command.dbPath, (store, signal, onProgress) => ensureDemoDataset(store, command.name, { seed: command.seed }, { signal, onProgress }).then((r) => r ?? existing(command.name)))
  else if (command.type === 'start') void run(command.jobId, command.dbPath, (store, signal, onProgress) => importDataset(store, command.request, { signal, onProgress }))
})

function existing(name: string): never {
  throw new InputError(`A dataset named "${name}" already exists; open it from the Datasets view.`)
}

type ImportWork = (store: Store, signal: AbortSignal, onProgress: (p: ImportProgress) => void) => Promise<ImportReport>

async function run(jobId: string, dbPath: string, work: ImportWork): Promise<void> {
  let store: Store | undefined
  const send = (event: JobEvent): void => port.send(event)
  try {
    store = openStore(dbPath)
    const report = await work(store, controller.signal, (progress) => send({ type: 'progress', jobId, progress }))
    send({ type: 'done', jobId, report })
  } catch (error) {
    const cancelled = error instanceof CancelledError
    // An InputError travels with its terms; the host speaks it for whoever shows it.
    const message = cancelled ? 'Import cancelled; nothing was written.' : error instanceof InputError ? error.text : (error as Error).message
    send({ type: 'failed', jobId, message, cancelled })
  } finally {
    store?.close()
    exitSoon()
  }
}
