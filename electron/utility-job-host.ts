/** Job processes through Electron's utilityProcess: own heap, own crash boundary, no UI stalls. */
import { utilityProcess } from 'electron'
import type { SpawnJobProcess } from '../src/jobs/job-host.js'

export const utilityJobProcess: SpawnJobProcess = (workerFile, onMessage, onExit) => {
  const child = utilityProcess.fork(workerFile, [], { serviceName: 'ECG SSL import', stdio: 'inherit' })
  child.on('message', onMessage)
  child.on('exit', (code) => onExit(code))
  return {
    send: (command) => child.postMessage(command),
    kill: () => {
      child.kill()
    },
  }
}
