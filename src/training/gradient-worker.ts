/**
 * Entry of a data-parallel worker thread (gradient-pool.ts): its own tfjs backend and a replica
 * of the pretext network; for each request it takes the trainer's weights and computes the
 * gradients of its passes. A thread dies with its process, so a killed run leaves no worker behind.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { selectBackend } from '../model/backend.js'
import { DropoutMaskSource } from '../model/seeded-dropout.js'
import type { GradientReply, GradientRequest, GradientWorkerInit } from './gradient-protocol.js'
import { buildSpecModel, PretextPasses } from './pretext-passes.js'

const port = parentPort
if (port === null) throw new Error('gradient-worker.js runs as a worker thread')
const init = workerData as GradientWorkerInit

const ready = (async (): Promise<PretextPasses> => {
  await selectBackend({ override: init.backend })
  const dropout = new DropoutMaskSource(init.spec.seed)
  return new PretextPasses(buildSpecModel(init.spec, dropout), dropout, init.spec)
})()

// One request at a time: the pool sends the next only after this one's reply.
let queue = Promise.resolve()
port.on('message', (request: GradientRequest) => {
  queue = queue.then(() => handle(request))
})

async function handle(request: GradientRequest): Promise<void> {
  let reply: GradientReply
  try {
    const passes = await ready
    passes.setWeights(request.weights)
    const result = await passes.run(request.job)
    reply = { id: request.id, ok: true, result }
    // Moved, not copied; a buffer that backs two arrays is listed once.
    const transfer = [...new Set([result.probs.buffer, ...result.grads.flat().map((g) => g.buffer)])] as ArrayBuffer[]
    port!.postMessage(reply, transfer)
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }
    port!.postMessage(reply)
  }
}
