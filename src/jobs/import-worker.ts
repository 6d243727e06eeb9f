/**
 * Entry of an import job process: one job per process, its own heap and crash boundary, its own
 * SQLite connection. Started by child_process.fork (CLI, browser mode) or Electron's
 * utilityProcess.fork (desktop app); the skeleton (watchdog, commands, exit) is worker-entry.ts.
 */
import type { JobEvent } from '../contracts/api.js'
import type { ImportProgress } from '../contracts/import.js'
import { CancelledError, InputError } from '../common/input-error.js'
import { importDataset } from '../services/import-service.js'
import { ensureDemoDataset } from '../services/demo-service.js'
import { ImportJobCommand } from './job-protocol.js'
import { runWorkerEntry } from './worker-entry.js'

function existing(name: string): never {
  throw new InputError(`A dataset named "${name}" already exists; open it from the Datasets view.`)
}

runWorkerEntry({
  commands: ImportJobCommand,
  async run(command, { signal, send, openStore }) {
    const store = openStore(command.dbPath)
    const onProgress = (progress: ImportProgress): void => send({ type: 'progress', jobId: command.jobId, progress } satisfies JobEvent)
    const report = command.type === 'start-demo'
      ? await ensureDemoDataset(store, command.name, { seed: command.seed }, { signal, onProgress }).then((r) => r ?? existing(command.name))
      : await importDataset(store, command.request, { signal, onProgress })
    send({ type: 'done', jobId: command.jobId, report } satisfies JobEvent)
  },
  failure(error, command): JobEvent {
    const cancelled = error instanceof CancelledError
    // An InputError travels with its terms; the host speaks it for whoever shows it.
    const message = cancelled ? 'Import cancelled; nothing was written.' : error instanceof InputError ? error.text : (error as Error).message
    return { type: 'failed', jobId: command.jobId, message, cancelled }
  },
})
