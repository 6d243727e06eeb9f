/**
 * Entry of the process that measures this machine's speed for a backend (estimate-host.ts), so
 * the process serving the interface never blocks: it selects the backend, calibrates it unless a
 * fresh calibration is cached, writes the cache and exits. The skeleton is worker-entry.ts.
 */
import { z } from 'zod'
import { selectAndCalibrate } from '../services/estimate-service.js'
import { BackendName } from '../contracts/runs.js'
import { runWorkerEntry } from './worker-entry.js'

const Command = z.object({ type: z.literal('calibrate'), backend: BackendName, file: z.string() })

runWorkerEntry({
  commands: Command,
  async run(command, { send }) {
    await selectAndCalibrate(command.backend, command.file)
    send({ type: 'calibrated' })
  },
  failure: (error) => ({ type: 'failed', message: (error as Error).message }),
})
