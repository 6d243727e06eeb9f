/**
 * Child process of {@link runParallelBench}: receives one {@link ParallelBenchRequest} over IPC,
 * runs the model benchmark on the requested backend and sends back its result (or the error's
 * message), then exits. Started with child_process.fork.
 */
import { selectBackend } from './backend.js'
import { runModelBench } from './bench-model.js'
import type { ParallelBenchReply, ParallelBenchRequest } from './parallel-bench.js'

const send = (reply: ParallelBenchReply): Promise<void> =>
  new Promise((resolve) => {
    if (process.send === undefined) throw new Error('parallel-bench-worker must be started with child_process.fork')
    process.send(reply, () => resolve())
  })

process.once('message', (message: unknown) => {
  const request = message as ParallelBenchRequest
  void (async () => {
    try {
      const selection = await selectBackend(request.backend === undefined ? {} : { override: request.backend })
      const result = await runModelBench(request.options)
      await send({ ok: true, result, backend: selection.backend, device: selection.device })
    } catch (error) {
      await send({ ok: false, error: error instanceof Error ? error.message : String(error) })
    }
    process.disconnect()
  })()
})
