/**
 * Entry of the process that measures this machine's speed for a backend (estimate-host.ts), so
 * the process serving the interface never blocks: it selects the backend, calibrates it unless a
 * fresh calibration is cached, writes the cache and exits.
 */
import { selectAndCalibrate } from '../services/estimate-service.js'
import { BackendName } from '../contracts/runs.js'
import { z } from 'zod'
import { exitSoon, workerPort } from './worker-port.js'

const Command = z.object({ type: z.literal('calibrate'), backend: BackendName, file: z.string() })
const port = workerPort()
let started = false

port.onCommand((raw) => {
  const parsed = Command.safeParse(raw)
  if (!parsed.success || started) return
  started = true
  selectAndCalibrate(parsed.data.backend, parsed.data.file)
    .then(() => port.send({ type: 'calibrated' }))
    .catch((error: unknown) => port.send({ type: 'failed', message: (error as Error).message }))
    .finally(exitSoon)
})
