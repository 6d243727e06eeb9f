/**
 * Entry of an import job process: one job per process, its own heap and crash boundary, its own
 * SQLite connection. Started by child_process.fork (CLI, browser mode) or Electron's
 * utilityProcess.fork (desktop app); it speaks through whichever channel it was given.
 */
import type { JobEvent } from '../contracts/api.js'
import type { ImportRequest } from '../contracts/import.js'
import { CancelledError } from '../formats/input-error.js'
import { importDataset } from '../services/import-service.js'
import { openStore } from '../store/store.js'
import { JobCommand } from './job-protocol.js'

interface ParentPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

/** Electron's utilityProcess gives `process.parentPort`; child_process.fork gives `process.send`. */
function channel(): { send(event: JobEvent): void; onCommand(listener: (command: unknown) => void): void } {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
  if (parentPort !== undefined) {
    return {
      send: (event) => parentPort.postMessage(event),
      onCommand: (listener) => parentPort.on('message', (message) => listener(message.data)),
    }
  }
  if (process.send === undefined) throw new Error('import-worker must be started as a child process with an IPC channel')
  return {
    send: (event) => process.send?.(event),
    onCommand: (listener) => process.on('message', listener),
  }
}

const port = channel()
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
  void run(command.jobId, command.dbPath, command.request)
})

async function run(jobId: string, dbPath: string, request: ImportRequest): Promise<void> {
  let store: ReturnType<typeof openStore> | undefined
  try {
    store = openStore(dbPath)
    const report = await importDataset(store, request, {
      signal: controller.signal,
      onProgress: (progress) => port.send({ type: 'progress', jobId, progress }),
    })
    port.send({ type: 'done', jobId, report })
  } catch (error) {
    const cancelled = error instanceof CancelledError
    const message = cancelled ? 'Import cancelled; nothing was written.' : (error as Error).message
    port.send({ type: 'failed', jobId, message, cancelled })
  } finally {
    store?.close()
    // Let the last message flush, then end: one job per process.
    setTimeout(() => process.exit(0), 50)
  }
}
