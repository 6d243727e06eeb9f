/**
 * The processes of `ecg-ssl bench --suite train|forward --processes N`: each is a job process
 * like any other, forked by spawnWorker, found by locateWorker and written on runWorkerEntry
 * (parallel-bench-worker.ts), so it dies with its parent. The protocol: one `bench` command
 * down, one `result` or `failed` report up.
 */
import { z } from 'zod'
import { BACKEND_CHOICES } from '../model/backend-choices.js'
import type { ModelBenchOptions } from '../model/bench-model.js'
import type { BenchChild, ProcessBenchResult } from '../model/parallel-bench.js'
import { locateWorker } from '../training/compiled-entry.js'
import { spawnWorker } from './spawn-worker.js'

export const PARALLEL_BENCH_WORKER = new URL('./parallel-bench-worker.js', import.meta.url)

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null

// The options were checked where they entered (the bench command): the process trusts its host.
export const BenchCommand = z.object({
  type: z.literal('bench'),
  options: z.custom<ModelBenchOptions>(isObject),
  backend: z.enum(BACKEND_CHOICES).optional(),
})
export type BenchCommand = z.infer<typeof BenchCommand>

export const BenchReport = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), result: z.custom<ProcessBenchResult>(isObject) }),
  z.object({ type: z.literal('failed'), message: z.string() }),
])
export type BenchReport = z.infer<typeof BenchReport>

/** Runs each request in a process of its own forked from `workerFile` (default: the compiled worker). */
export function forkBenchChild(workerFile: string = locateWorker(PARALLEL_BENCH_WORKER)): BenchChild {
  return (request) =>
    new Promise((resolve, reject) => {
      const child = spawnWorker(workerFile)
      let report: BenchReport | undefined
      child.on('message', (raw) => {
        const parsed = BenchReport.safeParse(raw)
        if (parsed.success) report = parsed.data
      })
      child.on('error', reject)
      child.on('exit', (code) => {
        if (report?.type === 'result') resolve(report.result)
        else reject(new Error(report?.type === 'failed' ? `a benchmark process failed: ${report.message}` : `a benchmark process exited with code ${code ?? 'none'} without a result`))
      })
      const command: BenchCommand = { type: 'bench', options: request.options, ...(request.backend === undefined ? {} : { backend: request.backend }) }
      child.send(command)
    })
}
