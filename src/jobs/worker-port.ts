/**
 * The channel a job process talks to its host through: Electron's utilityProcess gives
 * `process.parentPort`, child_process.fork gives `process.send`. Shared by every worker entry.
 */
interface ParentPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

/** The job process's two directions. */
export interface WorkerPort {
  send(message: unknown): void
  onCommand(listener: (command: unknown) => void): void
}

export function workerPort(): WorkerPort {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort
  if (parentPort !== undefined) {
    return {
      send: (message) => parentPort.postMessage(message),
      onCommand: (listener) => parentPort.on('message', (message) => listener(message.data)),
    }
  }
  if (process.send === undefined) throw new Error('a job worker must be started as a child process with an IPC channel')
  return {
    send: (message) => process.send?.(message),
    onCommand: (listener) => process.on('message', listener),
  }
}

/** Ends a one-job process once its last message had time to flush. */
export function exitSoon(): void {
  setTimeout(() => process.exit(0), 50)
}
