/**
 * Entry of one process of `ecg-ssl bench --suite train|forward --processes N`
 * (bench-processes.ts): selects the requested backend, runs the model benchmark, reports its
 * result and exits. The skeleton (parent watchdog, commands, exit) is worker-entry.ts.
 */
import { selectBackend } from '../model/backend.js'
import { runModelBench } from '../model/bench-model.js'
import { BenchCommand, type BenchReport } from './bench-processes.js'
import { runWorkerEntry } from './worker-entry.js'

runWorkerEntry({
  commands: BenchCommand,
  async run({ options, backend }, { send }) {
    const selection = await selectBackend(backend === undefined ? {} : { override: backend })
    const result = await runModelBench(options)
    const report: BenchReport = { type: 'result', result: { ...result, backend: selection.backend, device: selection.device } }
    send(report)
  },
  failure: (error): BenchReport => ({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
})
