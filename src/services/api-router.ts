/**
 * The one API router: validates every input against its schema (src/contracts/api.ts), calls the
 * service, and answers with a result object instead of throwing, so that an error crosses IPC or
 * a socket as the one sentence it is (Electron would otherwise prefix "Error invoking remote
 * method"). Outputs are typed, not re-validated. The router serves the app, so its answers and
 * errors are spoken in the app's words (src/common/wording.ts), never the command line's.
 */
import { api, type ApiChannel, type ApiOutput } from '../contracts/api.js'
import { capitalise, speakAll } from '../common/wording.js'
import { CancelledError, InputError } from '../common/input-error.js'
import type { JobHost } from '../jobs/job-host.js'
import type { RunQueue } from '../jobs/run-queue.js'
import { createEstimateHost, type EstimateHost } from './estimate-host.js'
import { createAndQueue, deleteRunChecked, exportRun, listRunSummaries, queueRun, runDemo, runDetail, startDemo } from './run-api-service.js'
import type { Store } from '../store/store.js'
import { previewChannels } from './channel-preview.js'
import { deleteDataset, getDataset, listDatasets, pageWindows, readWindow } from './dataset-service.js'
import { listFolder } from './files-service.js'
import { renameDataset } from './dataset-rename.js'
import { datasetLabelBalance } from './label-balance.js'
import type { DatasetRenameRequest } from '../contracts/datasets.js'
import { previewSignal } from './signal-preview.js'
import { parseOrInputError } from './request-validation.js'
import { flagHistory, flagWindow, listRecordings, recordingOverview, windowDetail } from './review-service.js'
import { transformPreview } from './transform-preview-service.js'
import type { TaskBalanceRequest } from '../contracts/run-api.js'
import { taskBalance } from './task-balance-service.js'

export type ApiResult<T = unknown> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string }

export interface ApiContext {
  readonly store: Store
  readonly jobs: JobHost
  readonly runs: RunQueue
  /** Time estimates of draft configs (default: calibrations cached in the user-data folder, measured in a child process). */
  readonly estimates?: EstimateHost
}

type Handlers = { [C in ApiChannel]: (input: never) => ApiOutput<C> | Promise<ApiOutput<C>> }

function handlers(ctx: ApiContext): Handlers {
  let estimates = ctx.estimates
  return {
    'runs:list': () => listRunSummaries(ctx.store.db),
    'runs:get': (input: { id: number }) => runDetail(ctx.store, input.id),
    'runs:create': (input: { config: unknown; start: boolean }) => createAndQueue(ctx.store, ctx.runs, input.config, input.start),
    'runs:start': (input: { id: number }) => queueRun(ctx.store, ctx.runs, input.id),
    'runs:cancel': (input: { id: number }) => ({ cancelled: ctx.runs.cancel(input.id) }),
    'runs:delete': (input: { id: number }) => deleteRunChecked(ctx.store, ctx.runs, input.id),
    'runs:queue': () => ctx.runs.state(),
    'runs:export': (input: { id: number; format: 'csv' | 'latex' | 'html' }) => exportRun(ctx.store, input.id, input.format),
    'runs:estimate': (input: { config: unknown }) => (estimates ??= createEstimateHost()).estimate(ctx.store, input.config),
    'runs:task-balance': (input: TaskBalanceRequest) => taskBalance(ctx.store, input),
    'demo:start': (input: { name: string; seed: number }) => startDemo(ctx.store, ctx.jobs, input.name, input.seed),
    'demo:run': (input: { name: string; seed: number }) => runDemo(ctx.store, ctx.runs, input.name, input.seed),
    'datasets:list': () => listDatasets(ctx.store),
    'datasets:get': (input: { name: string }) => getDataset(ctx.store, input.name),
    'datasets:delete': (input: { name: string }) => deleteDataset(ctx.store, input.name),
    'datasets:rename': (input: DatasetRenameRequest) => renameDataset(ctx.store, input),
    'datasets:label-balance': (input: { name: string }) => datasetLabelBalance(ctx.store, input.name),
    'datasets:preview-channels': (input: Parameters<typeof previewChannels>[0]) => previewChannels(input),
    'datasets:import': (input: Parameters<JobHost['startImport']>[0]) => ctx.jobs.startImport(input),
    'datasets:preview-signal': (input: Parameters<typeof previewSignal>[0]) => previewSignal(input),
    'files:list': (input: Parameters<typeof listFolder>[0]) => listFolder(input),
    'jobs:cancel': (input: { jobId: string }) => ({ cancelled: ctx.jobs.cancel(input.jobId) }),
    'windows:page': (input: Parameters<typeof pageWindows>[1]) => pageWindows(ctx.store, input),
    'windows:samples': (input: { name: string; index: number }) => readWindow(ctx.store, input.name, input.index),
    'windows:flag': (input: Parameters<typeof flagWindow>[1]) => flagWindow(ctx.store, input),
    'windows:flag-history': (input: Parameters<typeof flagHistory>[1]) => flagHistory(ctx.store, input),
    'windows:detail': (input: Parameters<typeof windowDetail>[1]) => windowDetail(ctx.store, input),
    'recordings:list': (input: { name: string }) => listRecordings(ctx.store, input.name),
    'recordings:overview': (input: Parameters<typeof recordingOverview>[1]) => recordingOverview(ctx.store, input),
    'transforms:preview': (input: Parameters<typeof transformPreview>[1]) => transformPreview(ctx.store, input),
  }
}

export interface ApiRouter {
  handle(channel: string, input: unknown): Promise<ApiResult>
}

export function createApiRouter(ctx: ApiContext): ApiRouter {
  const table = handlers(ctx)
  return {
    async handle(channel, input) {
      if (!Object.hasOwn(api, channel)) return { ok: false, error: `Unknown request "${channel}".` }
      const key = channel as ApiChannel
      try {
        const parsed = parseOrInputError(api[key].input, input, key) as never
        const handler = table[key] as (input: never) => unknown
        // Everything the app reads is spoken in its words: stored notes and skipped reasons keep terms.
        return { ok: true, value: speakAll(await handler(parsed), 'app') }
      } catch (error) {
        if (error instanceof InputError) return { ok: false, error: capitalise(error.messageFor('app')) }
        if (error instanceof CancelledError) return { ok: false, error: error.message }
        return { ok: false, error: `Something went wrong while handling "${key}" (${(error as Error).message}); please report it.` }
      }
    },
  }
}
