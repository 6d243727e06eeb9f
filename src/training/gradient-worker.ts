/**
 * Entry of a data-parallel worker thread (gradient-pool.ts): its own tfjs backend and a replica
 * of the pretext network; for each request it takes the trainer's weights and computes the
 * gradients of its passes. A thread dies with its process, so a killed run leaves no worker behind.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { selectBackend } from '../model/backend.js'
import { DropoutMaskSource } from '../model/seeded-dropout.js'
import { buildClassifierSpecModel, ClassifierPasses, type ClassifierPassJob } from './classifier-passes.js'
import type { GradientReply, GradientRequest, GradientWorkerInit, SharedPassJob, SharedPassResult } from './gradient-protocol.js'
import { buildSpecModel, PretextPasses, type PassJob } from './pretext-passes.js'

const port = parentPort
if (port === null) throw new Error('gradient-worker.js runs as a worker thread')
const init = workerData as GradientWorkerInit

/** The replica: the network the trainer shares its steps of. */
interface Replica {
  setWeights(values: readonly Float32Array[]): void
  run(job: SharedPassJob): Promise<SharedPassResult & { probs?: Float32Array }>
}

const ready = (async (): Promise<Replica> => {
  await selectBackend({ override: init.backend })
  const spec = init.spec
  const dropout = new DropoutMaskSource(spec.seed)
  if (spec.kind === 'pretext') {
    const passes = new PretextPasses(buildSpecModel(spec, dropout), dropout, spec)
    return { setWeights: (w) => passes.setWeights(w), run: (job) => passes.run(job as PassJob) }
  }
  const passes = new ClassifierPasses(buildClassifierSpecModel(spec, dropout), dropout, spec)
  return { setWeights: (w) => passes.setWeights(w), run: (job) => passes.run(job as ClassifierPassJob) }
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
    const transfer = [...new Set([...(result.probs === undefined ? [] : [result.probs.buffer]), ...result.grads.flat().map((g) => g.buffer)])] as ArrayBuffer[]
    port!.postMessage(reply, transfer)
  } catch (error) {
    reply = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }
    port!.postMessage(reply)
  }
}
