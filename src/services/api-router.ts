/**
 * The one API router: validates every input against its schema (src/contracts/api.ts), calls the
 * service, and answers with a result object instead of throwing, so that an error crosses IPC or
 * a socket as the one sentence it is (Electron would otherwise prefix "Error invoking remote
 * method"). This is where a call from the interface enters, so its input is validated here, once:
 * each handler is typed from the contract (ApiRequest → ApiOutput) and the services below trust
 * typed input. Outputs are typed, not re-validated. The router serves the app, so its answers and
 * errors are spoken in the app's words (src/common/wording.ts), never the command line's.
 */
import { api, type ApiChannel, type ApiOutput, type ApiRequest } from '../contracts/api.js'
import type { ApiResult } from '../contracts/api-result.js'
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
import { previewSignal } from './signal-preview.js'
import { parseOrInputError } from './request-validation.js'
import { flagHistory, flagWindow, listRecordings, recordingOverview, windowAtTime, windowDetail } from './review-service.js'
import { transformPreview } from './transform-preview-service.js'
import { taskBalance } from './task-balance-service.js'

export type { ApiResult }

export interface ApiContext {
  readonly store: Store
  readonly jobs: JobHost
  readonly runs: RunQueue
  /** Time estimates of draft configs (default: calibrations cached in the user-data folder, measured in a child process). */
  readonly estimates?: EstimateHost
}

/** One handler per call of the contract, typed from it: the validated input in, the output out. */
type Handlers = { [C in ApiChannel]: (input: ApiRequest<C>) => ApiOutput<C> | Promise<ApiOutput<C>> }

function handlers(ctx: ApiContext): Handlers {
  let estimates = ctx.estimates
  return {
    'runs:list': () => listRunSummaries(ctx.store.db),
    'runs:get': (input) => runDetail(ctx.store, input.id),
    'runs:create': (input) => createAndQueue(ctx.store, ctx.runs, input.config, input.start),
    'runs:start': (input) => queueRun(ctx.store, ctx.runs, input.id),
    'runs:cancel': (input) => ({ cancelled: ctx.runs.cancel(input.id) }),
    'runs:delete': (input) => deleteRunChecked(ctx.store, ctx.runs, input.id),
    'runs:queue': () => ctx.runs.state(),
    'runs:export': (input) => exportRun(ctx.store, input.id, input.format),
    'runs:estimate': (input) => (estimates ??= createEstimateHost()).estimate(ctx.store, input.config),
    'runs:task-balance': (input) => taskBalance(ctx.store, input),
    'demo:start': (input) => startDemo(ctx.store, ctx.jobs, input.name, input.seed),
    'demo:run': (input) => runDemo(ctx.store, ctx.runs, input.name, input.seed),
    'datasets:list': () => listDatasets(ctx.store),
    'datasets:get': (input) => getDataset(ctx.store, input.name),
    'datasets:delete': (input) => deleteDataset(ctx.store, input.name),
    'datasets:rename': (input) => renameDataset(ctx.store, input),
    'datasets:label-balance': (input) => datasetLabelBalance(ctx.store, input.name),
    'datasets:preview-channels': (input) => previewChannels(input),
    'datasets:import': (input) => ctx.jobs.startImport(input),
    'datasets:preview-signal': (input) => previewSignal(input),
    'files:list': (input) => listFolder(input),
    'jobs:cancel': (input) => ({ cancelled: ctx.jobs.cancel(input.jobId) }),
    'windows:page': (input) => pageWindows(ctx.store, input),
    'windows:samples': (input) => readWindow(ctx.store, input.name, input.index),
    'windows:flag': (input) => flagWindow(ctx.store, input),
    'windows:flag-history': (input) => flagHistory(ctx.store, input),
    'windows:detail': (input) => windowDetail(ctx.store, input),
    'windows:at-time': (input) => windowAtTime(ctx.store, input),
    'recordings:list': (input) => listRecordings(ctx.store, input.name),
    'recordings:overview': (input) => recordingOverview(ctx.store, input),
    'transforms:preview': (input) => transformPreview(ctx.store, input),
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
        const parsed: unknown = parseOrInputError(api[key].input, input, key)
        // The one cast: TypeScript cannot correlate table[key] with api[key] for a key union.
        const handler = table[key] as (input: unknown) => unknown
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
